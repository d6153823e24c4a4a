#pragma once
// One job at a time off the owner's thread — the loader's reads, the PostGIS re-fetch, the
// derive step, the filters and the list all run on this. The owner (the thread that calls
// request() and poll(), in the window the UI thread) asks for work and collects the finished
// result; the job sees a JobControl: its cancel flag and a progress value (0…1) the owner
// reads.
//
// Guarantees:
//  - One job runs at a time, on its own std::thread. A request while one runs waits behind
//    it, replacing any that waited before (the latest wins).
//  - Jobs start only inside the owner's calls (request(), poll()), never on their own: between
//    two of its calls the owner knows exactly what runs, so it may change what an idle worker
//    would read (interrupt() and drop() rely on this).
//  - A result is handed over whole, on the owner's thread, by poll() or wait(); an exception
//    thrown by the job is rethrown there.
//  - The destructor cancels the running job and drops the queued one. It waits at most
//    `detach_after` (from an earlier cancel(), if any) for the job to notice, then DETACHES
//    the thread and returns: a read stuck
//    in I/O (a dead network share, a PostGIS server that stopped answering) must not hang the
//    window's close. The job's control, its result slot and its own captures live on with the
//    detached thread (shared, freed when it ends), so a job that owns what it reads is safe to
//    leave behind. A job that borrows its owner's memory (MapScene's jobs read the scene's
//    tables) must never outlive the owner: its worker is built with kNeverDetach, the
//    destructor then waits for it, and such a job watches cancelled() so that wait is short.

#include <atomic>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace incimap::scene {

// What a running job sees: whether it should stop, and where to say how far it got.
class JobControl {
public:
    bool cancelled() const { return m_cancel.load(std::memory_order_relaxed); }
    // For APIs that take a flag (geo::ReadOptions::cancel); alive as long as the job runs.
    const std::atomic<bool>& cancel_flag() const { return m_cancel; }
    void set_progress(float fraction) { m_progress.store(fraction, std::memory_order_relaxed); }
    float progress() const { return m_progress.load(std::memory_order_relaxed); }
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancel{false};
    std::atomic<float> m_progress{0};
};

// How long the destructor waits for a cancelled job before detaching it (see above): short
// enough that the window, closed or sent SIGTERM while a read hangs, is gone within a second.
inline constexpr std::chrono::milliseconds kDetachAfter{250};

// Jobs left running by a destructor (detached). A process that has any should end with
// std::_Exit after its own clean-up: static destructors (GDAL's, PROJ's) would run under a
// thread still inside them.
inline std::atomic<int>& detached_jobs() {
    static std::atomic<int> count{0};
    return count;
}
// For jobs that borrow their owner's memory: the destructor waits for them, however long.
inline constexpr std::chrono::milliseconds kNeverDetach = std::chrono::milliseconds::max();

template <class Result> class Worker {
public:
    using Job = std::function<Result(JobControl&)>;

    explicit Worker(std::chrono::milliseconds detach_after = kDetachAfter)
        : m_detach_after(detach_after) {}
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    ~Worker() { shut_down(); }

    // Starts `job` now when idle, else queues it behind the running one (replacing any queued).
    // `job` is called as job(JobControl&) or, if it takes nothing, job().
    template <class F> void request(F&& job) {
        Job j = wrap(std::forward<F>(job));
        if (m_thread.joinable()) {
            m_queued = std::move(j);
            return;
        }
        start(std::move(j));
    }

    // The running job's result once it has finished (then the queued request starts; the
    // result is older than it, and is shown meanwhile). With nothing running, starts the
    // queued request (one left by interrupt()).
    std::optional<Result> poll() {
        if (!m_thread.joinable()) {
            start_queued();
            return std::nullopt;
        }
        {
            std::lock_guard lock(m_slot->mutex);
            if (!m_slot->finished)
                return std::nullopt;
        }
        std::optional<Result> out = collect();
        start_queued();
        return out;
    }

    // Blocks until the running job finishes and returns its result (nullopt when none runs).
    // The queued request stays queued: the owner may change what it reads before poll().
    std::optional<Result> wait() {
        if (!m_thread.joinable())
            return std::nullopt;
        {
            std::unique_lock lock(m_slot->mutex);
            m_slot->done.wait(lock, [&] { return m_slot->finished; });
        }
        return collect();
    }

    // Asks the running job to stop and forgets the queued request. Whatever the job returns
    // when it stops still arrives through poll() (a read says report.cancelled).
    void cancel() {
        if (m_slot)
            m_slot->control.cancel();
        if (m_thread.joinable() && !m_cancelled_at)
            m_cancelled_at = std::chrono::steady_clock::now();
        m_queued = nullptr;
    }

    // A job cancelled at least `detach_after` ago that has not finished (a read stuck in I/O
    // that cannot look at the flag: libpq connecting to a server that never answers) is left
    // behind, detached as the destructor would, so that the owner is idle at once and Cancel
    // ends the wait; true then, and its result never arrives. Never for kNeverDetach.
    bool abandon_if_stuck() {
        if (!m_thread.joinable() || !m_cancelled_at || m_detach_after == kNeverDetach ||
            std::chrono::steady_clock::now() - *m_cancelled_at < m_detach_after)
            return false;
        {
            std::lock_guard lock(m_slot->mutex);
            if (m_slot->finished)
                return false; // its result waits for poll()
        }
        m_thread.detach();
        ++detached_jobs();
        m_cancelled_at.reset();
        return true;
    }

    // Cancels the running job, waits for it and drops its result, keeping the latest request
    // (the queued one, else the interrupted one) to run at the next poll(): call it before
    // changing what the request reads.
    void interrupt() {
        if (!m_thread.joinable())
            return;
        m_slot->control.cancel();
        wait();
        if (!m_queued)
            m_queued = std::move(m_running);
    }

    // Cancels the running job, waits for it and drops it and any queued request.
    void drop() {
        m_queued = nullptr;
        if (!m_thread.joinable())
            return;
        m_slot->control.cancel();
        wait();
    }

    // A job runs, or its result waits for poll(), or a request is queued.
    bool busy() const { return m_thread.joinable() || static_cast<bool>(m_queued); }
    // The running (or last) job's progress, 0…1 as it reports it.
    float progress() const { return m_slot ? m_slot->control.progress() : 0.0f; }

private:
    // Shared by the owner and the job's thread: outlives a detached thread.
    struct Slot {
        JobControl control;
        std::mutex mutex;
        std::condition_variable done;
        bool finished = false;           // guarded by mutex
        std::optional<Result> result;    // guarded by mutex
        std::exception_ptr error;        // guarded by mutex
    };

    template <class F> static Job wrap(F&& job) {
        if constexpr (std::is_invocable_v<F&, JobControl&>)
            return Job(std::forward<F>(job));
        else
            return [f = std::forward<F>(job)](JobControl&) mutable -> Result { return f(); };
    }

    void start(Job job) {
        assert(!m_thread.joinable());
        m_running = job; // kept to run again after an interrupt()
        m_cancelled_at.reset();
        auto slot = std::make_shared<Slot>();
        m_slot = slot;
        m_thread = std::thread([slot, job = std::move(job)]() mutable {
            std::optional<Result> r;
            std::exception_ptr e;
            try {
                r.emplace(job(slot->control));
            } catch (...) {
                e = std::current_exception();
            }
            job = nullptr; // its captures go now, not when the owner collects
            {
                std::lock_guard lock(slot->mutex);
                slot->result = std::move(r);
                slot->error = e;
                slot->finished = true;
            }
            slot->done.notify_all();
        });
    }

    void start_queued() {
        if (!m_queued)
            return;
        Job next = std::move(m_queued);
        m_queued = nullptr;
        start(std::move(next));
    }

    // The finished job's result (joins its thread, which has only to return).
    std::optional<Result> collect() {
        m_thread.join();
        m_cancelled_at.reset();
        std::optional<Result> out;
        std::exception_ptr e;
        {
            std::lock_guard lock(m_slot->mutex);
            out = std::move(m_slot->result);
            m_slot->result.reset();
            e = m_slot->error;
        }
        if (e)
            std::rethrow_exception(e);
        return out;
    }

    void shut_down() {
        m_queued = nullptr;
        if (!m_thread.joinable())
            return;
        m_slot->control.cancel();
        bool finished = true;
        if (m_detach_after != kNeverDetach) {
            // Counted from an earlier cancel(): the owner may cancel first and clean up
            // meanwhile (the window at exit), so that the grace time is not added to it.
            const auto since = m_cancelled_at ? *m_cancelled_at : std::chrono::steady_clock::now();
            std::unique_lock lock(m_slot->mutex);
            finished = m_slot->done.wait_until(lock, since + m_detach_after,
                                               [&] { return m_slot->finished; });
        }
        if (finished)
            m_thread.join(); // finished, or kNeverDetach: the job borrows what we are about to free
        else {
            m_thread.detach(); // it holds its slot and captures; it ends when its I/O does
            ++detached_jobs();
        }
    }

    std::chrono::milliseconds m_detach_after;
    std::thread m_thread;         // joinable from start() until collect()
    std::shared_ptr<Slot> m_slot; // the running (or last) job's
    Job m_running;                // what m_thread runs
    Job m_queued;                 // asked for while a job ran (empty: none)
    std::optional<std::chrono::steady_clock::time_point> m_cancelled_at; // the running job's
};

} // namespace incimap::scene
