// scene::Worker, the one worker under the loader, the PostGIS re-fetch, the derive step, the
// filters and the list: results through poll(), the latest request wins, cancel and progress
// reach the job, and the destructor returns in bounded time from a job that ignores cancel.

#include "scene/worker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using incimap::scene::JobControl;
using incimap::scene::Worker;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Polls until a result arrives (or 5 s pass).
template <class R> std::optional<R> wait_poll(Worker<R>& w) {
    for (int i = 0; i < 5000; ++i) {
        if (auto r = w.poll())
            return r;
        std::this_thread::sleep_for(1ms);
    }
    return std::nullopt;
}

// Spins until `flag` is set (or 5 s pass).
bool wait_for(const std::atomic<bool>& flag) {
    for (int i = 0; i < 5000 && !flag.load(); ++i)
        std::this_thread::sleep_for(1ms);
    return flag.load();
}

} // namespace

TEST(Worker, AResultArrivesThroughPollOnTheOwnersThread) {
    Worker<std::string> w;
    EXPECT_FALSE(w.busy());
    EXPECT_FALSE(w.poll());
    const auto owner = std::this_thread::get_id();
    std::atomic<bool> ran_elsewhere{false};
    w.request([&] {
        ran_elsewhere = std::this_thread::get_id() != owner;
        return std::string("done");
    });
    EXPECT_TRUE(w.busy());
    EXPECT_EQ(wait_poll(w), "done");
    EXPECT_TRUE(ran_elsewhere.load());
    EXPECT_FALSE(w.busy()) << "collected: nothing left";
    EXPECT_FALSE(w.poll()) << "a result is handed over once";
}

TEST(Worker, TheLatestRequestWinsAQueuedOneIsReplaced) {
    Worker<int> w;
    std::atomic<bool> release{false}, started{false};
    std::atomic<int> runs{0};
    auto job = [&](int v) {
        return [&, v] {
            started = true;
            while (!release.load())
                std::this_thread::sleep_for(1ms);
            ++runs;
            return v;
        };
    };
    w.request(job(1));
    ASSERT_TRUE(wait_for(started));
    w.request(job(2)); // queued behind 1
    w.request(job(3)); // replaces 2
    EXPECT_TRUE(w.busy());
    EXPECT_FALSE(w.poll()) << "1 still runs";
    release = true;
    EXPECT_EQ(wait_poll(w), 1) << "the running job's result is shown meanwhile";
    EXPECT_EQ(wait_poll(w), 3);
    EXPECT_FALSE(w.busy());
    EXPECT_EQ(runs.load(), 2) << "the replaced request never ran";
}

TEST(Worker, CancelReachesTheRunningJobAndDropsTheQueuedOne) {
    Worker<std::string> w;
    std::atomic<bool> started{false};
    std::atomic<int> runs{0};
    w.request([&](JobControl& c) {
        ++runs;
        started = true;
        while (!c.cancelled())
            std::this_thread::sleep_for(1ms);
        return std::string("stopped");
    });
    ASSERT_TRUE(wait_for(started));
    w.request([&] {
        ++runs;
        return std::string("queued");
    });
    w.cancel();
    EXPECT_EQ(wait_poll(w), "stopped") << "what the job returns when stopped still arrives";
    EXPECT_FALSE(w.busy()) << "the queued request was dropped with it";
    EXPECT_FALSE(w.poll());
    EXPECT_EQ(runs.load(), 1);

    // A new job starts with its own, clear flag.
    w.request([](JobControl& c) { return std::string(c.cancelled() ? "cancelled" : "clear"); });
    EXPECT_EQ(wait_poll(w), "clear");
}

TEST(Worker, TheOwnerReadsTheJobsProgress) {
    Worker<int> w;
    std::atomic<bool> halfway{false}, go_on{false};
    EXPECT_EQ(w.progress(), 0.0f);
    w.request([&](JobControl& c) {
        c.set_progress(0.5f);
        halfway = true;
        while (!go_on.load())
            std::this_thread::sleep_for(1ms);
        c.set_progress(1.0f);
        return 7;
    });
    ASSERT_TRUE(wait_for(halfway));
    EXPECT_EQ(w.progress(), 0.5f);
    go_on = true;
    EXPECT_EQ(wait_poll(w), 7);
    EXPECT_EQ(w.progress(), 1.0f) << "the last job's progress stays readable";
}

TEST(Worker, InterruptRunsTheLatestRequestAgainAtTheNextPoll) {
    Worker<int> w;
    std::atomic<int> runs{0};
    std::atomic<bool> started{false};
    w.request([&](JobControl& c) {
        ++runs;
        started = true;
        while (!c.cancelled())
            std::this_thread::sleep_for(1ms);
        return 4;
    });
    ASSERT_TRUE(wait_for(started));
    w.interrupt(); // cancels it, waits, drops its result, keeps the request
    EXPECT_EQ(runs.load(), 1);
    EXPECT_TRUE(w.busy());
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(runs.load(), 1) << "nothing starts between the owner's calls";
    started = false;
    EXPECT_FALSE(w.poll()); // starts it again
    ASSERT_TRUE(wait_for(started));
    EXPECT_EQ(runs.load(), 2);
    w.drop();
    EXPECT_FALSE(w.busy());
}

TEST(Worker, WaitBlocksForTheRunningJobAndLeavesTheQueuedOneQueued) {
    Worker<int> w;
    std::atomic<bool> started{false};
    w.request([&] {
        started = true;
        std::this_thread::sleep_for(20ms);
        return 1;
    });
    ASSERT_TRUE(wait_for(started));
    w.request([] { return 2; });
    EXPECT_EQ(w.wait(), 1);
    EXPECT_TRUE(w.busy()) << "2 is queued, not started";
    EXPECT_FALSE(w.wait()) << "nothing runs";
    EXPECT_EQ(wait_poll(w), 2);
}

TEST(Worker, AJobsExceptionIsRethrownOnTheOwnersThread) {
    Worker<int> w;
    w.request([]() -> int { throw std::runtime_error("boom"); });
    EXPECT_THROW(w.wait(), std::runtime_error);
    EXPECT_FALSE(w.busy());
}

TEST(Worker, DestructionDetachesAJobThatIgnoresCancelAfterABoundedWait) {
    // The job owns what it touches (shared), as a detached job must.
    auto release = std::make_shared<std::atomic<bool>>(false);
    auto ended = std::make_shared<std::atomic<bool>>(false);
    auto started = std::make_shared<std::atomic<bool>>(false);
    const auto t0 = Clock::now();
    {
        Worker<int> w(50ms);
        w.request([release, ended, started] {
            *started = true;
            const auto deadline = Clock::now() + 30s; // a read stuck in I/O
            while (!release->load() && Clock::now() < deadline)
                std::this_thread::sleep_for(1ms);
            *ended = true;
            return 0;
        });
        ASSERT_TRUE(wait_for(*started));
    }
    const auto took = Clock::now() - t0;
    EXPECT_LT(took, 3s) << "the destructor must not wait for the job";
    EXPECT_FALSE(ended->load()) << "the job was left running, detached";
    *release = true; // let the detached thread end before the test binary does
    EXPECT_TRUE(wait_for(*ended));
}

TEST(Worker, DestructionCancelsAndJoinsAJobThatWatchesCancel) {
    std::atomic<bool> started{false}, ended{false};
    {
        Worker<int> w(incimap::scene::kNeverDetach); // the job borrows `ended`
        w.request([&](JobControl& c) {
            started = true;
            while (!c.cancelled())
                std::this_thread::sleep_for(1ms);
            ended = true;
            return 0;
        });
        ASSERT_TRUE(wait_for(started));
    }
    EXPECT_TRUE(ended.load()) << "joined: the job has ended when the destructor returns";
}

TEST(Worker, ACancelledJobThatIgnoresCancelIsLeftBehindAfterABoundedWait) {
    // Cancel in the window must end the wait even when the read does not look (libpq
    // connecting to a server that accepts and never answers): once the job has had
    // `detach_after` to notice, abandon_if_stuck() detaches it and the worker is idle again.
    auto release = std::make_shared<std::atomic<bool>>(false);
    auto ended = std::make_shared<std::atomic<bool>>(false);
    auto started = std::make_shared<std::atomic<bool>>(false);
    Worker<int> w(50ms);
    w.request([release, ended, started] {
        *started = true;
        const auto deadline = Clock::now() + 30s;
        while (!release->load() && Clock::now() < deadline)
            std::this_thread::sleep_for(1ms);
        *ended = true;
        return 0;
    });
    ASSERT_TRUE(wait_for(*started));
    EXPECT_FALSE(w.abandon_if_stuck()) << "not cancelled: never left behind";
    const int detached_before = incimap::scene::detached_jobs().load();
    const auto t0 = Clock::now();
    w.cancel();
    EXPECT_FALSE(w.abandon_if_stuck()) << "it is given detach_after to notice first";
    while (!w.abandon_if_stuck() && Clock::now() - t0 < 5s)
        std::this_thread::sleep_for(1ms);
    EXPECT_LT(Clock::now() - t0, 1s);
    EXPECT_FALSE(w.busy());
    EXPECT_FALSE(ended->load()) << "the job was left running, detached";
    EXPECT_EQ(incimap::scene::detached_jobs().load(), detached_before + 1);
    // The worker takes new work at once.
    w.request([] { return 7; });
    EXPECT_EQ(wait_poll(w), std::optional<int>(7));
    *release = true;
    EXPECT_TRUE(wait_for(*ended));
}

TEST(Worker, ACancelledJobThatStopsIsCollectedNotLeftBehind) {
    Worker<int> w(50ms);
    w.request([](JobControl& c) {
        while (!c.cancelled())
            std::this_thread::sleep_for(1ms);
        return 3;
    });
    w.cancel();
    const int detached_before = incimap::scene::detached_jobs().load();
    EXPECT_EQ(wait_poll(w), std::optional<int>(3));
    EXPECT_FALSE(w.abandon_if_stuck());
    EXPECT_EQ(incimap::scene::detached_jobs().load(), detached_before);
}
