// Kill during write: a helper process saves sessions of varying size in a loop and is
// SIGKILLed at a random instant, many times over. After every kill the session file must be
// whole and loadable, and be either the last generation the helper reported saved or the one
// it was writing; at most one temp file (the killed writer's) may be left. The same check run
// against a writer that truncates and writes in place must catch it: that proves the test can
// fail.
//
// INCIMAP_KILLS (default 200), INCIMAP_KILL_SECONDS (default 30) and INCIMAP_KILL_SEED (default
// 20240607) change the run; every kill's delay comes from the seed, so a failure names the kill
// that found it. The run stops at whichever of the kill count and the time budget comes first:
// on a loaded CI machine with a slow disk, 200 kills of three save times each can take longer
// than the test's timeout, and a test that times out on a slow machine is a flaky test. The delays span
// a few of this machine's save times (measured first: a save is mostly fsync, whose time varies
// from one disk and load to the next by 10×), so kills land before, during and after writes
// on any machine, not only on one as fast as the one the test was written on.

#include "geo/write/atomic_file.hpp"
#include "session_generation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

struct Helper {
    pid_t pid = -1;
    int out = -1; // read end of its stdout
    std::string buffer;

    static Helper start(const std::string& path, bool unsafe) {
        int fds[2];
        if (::pipe(fds) != 0)
            return {};
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            ::close(fds[0]);
            ::close(fds[1]);
            ::execl(INCIMAP_SESSION_WRITER_HELPER, INCIMAP_SESSION_WRITER_HELPER, path.c_str(),
                    unsafe ? "--unsafe" : nullptr, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fds[1]);
        Helper h;
        h.pid = pid;
        h.out = fds[0];
        return h;
    }
    // Blocks until a whole line is in; "" at EOF.
    std::string line() {
        for (;;) {
            if (const auto nl = buffer.find('\n'); nl != std::string::npos) {
                std::string l = buffer.substr(0, nl);
                buffer.erase(0, nl + 1);
                return l;
            }
            char chunk[256];
            const ssize_t n = ::read(out, chunk, sizeof chunk);
            if (n <= 0)
                return {};
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }
};

// The mean time of one save on this machine, in µs: one uncut helper life of up to 20 saves
// (2 s at most) on a scratch file.
int mean_save_us(const std::string& path);

struct Outcome {
    int kills = 0;
    int torn = 0;         // kills after which the file was not a whole, expected generation
    int mid_write = 0;    // kills that left the writer's temp behind (it died mid-write)
    int max_temps = 0;
    std::uint64_t saves = 0; // generations saved in all
    std::string first_failure;
};

// Runs `kills` helper lives on `path`, each SIGKILLed at a seeded random instant after it
// has read the file and started writing.
Outcome kill_repeatedly(const std::string& path, bool unsafe, int kills, unsigned seed,
                        bool stop_at_first_torn, Clock::duration budget) {
    Outcome o;
    const auto deadline = Clock::now() + budget;
    std::mt19937 rng(seed);
    // At least the 40 ms the test was written with; three mean saves where saves are slower.
    const int max_delay_us = std::max(40000, 3 * mean_save_us(path + ".calibrate"));
    std::uniform_int_distribution<int> delay_us(0, max_delay_us);
    std::uint64_t expected_on_disk = 0; // the last generation known whole on disk
    for (int k = 0; k < kills && Clock::now() < deadline; ++k) {
        Helper h = Helper::start(path, unsafe);
        if (h.pid <= 0) {
            o.first_failure = "cannot start the helper";
            return o;
        }
        // Wait for state: the helper has loaded the file and is about to write.
        const std::string start = h.line();
        const std::string want = "START " + std::to_string(expected_on_disk);
        if (start != want) {
            ::kill(h.pid, SIGKILL);
            ::waitpid(h.pid, nullptr, 0);
            ::close(h.out);
            ++o.torn;
            if (o.first_failure.empty())
                o.first_failure = "kill " + std::to_string(k) + ": the helper said '" + start +
                                  "', expected '" + want + "'";
            if (stop_at_first_torn)
                return o;
            // Start over from nothing so the next kills test something.
            fs::remove(path);
            expected_on_disk = 0;
            continue;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
        ::kill(h.pid, SIGKILL);
        ::waitpid(h.pid, nullptr, 0);
        ++o.kills;
        std::uint64_t saved = expected_on_disk;
        for (std::string l; !(l = h.line()).empty();)
            if (l.rfind("SAVED ", 0) == 0)
                saved = std::strtoull(l.c_str() + 6, nullptr, 10);
        ::close(h.out);
        o.saves += saved - expected_on_disk;

        const int temps = static_cast<int>(incimap::geo::temps_of(path).size());
        o.max_temps = std::max(o.max_temps, temps);
        o.mid_write += temps > 0 ? 1 : 0;

        // The file is whole and is the generation last saved or the one being written.
        std::string error;
        std::optional<std::uint64_t> gen;
        if (fs::exists(path)) {
            if (auto s = incimap::scene::load_session(path, error))
                gen = incimap::test::generation_of(*s);
            else
                error = "not loadable: " + error;
        } else if (saved == 0) {
            gen = 0; // killed before the first save finished: no file yet is right
        } else {
            error = "the file is gone";
        }
        if (gen && (*gen == saved || *gen == saved + 1)) {
            expected_on_disk = *gen;
            continue;
        }
        ++o.torn;
        if (o.first_failure.empty())
            o.first_failure = "kill " + std::to_string(k) + ": after generation " +
                              std::to_string(saved) + " the file is " +
                              (gen ? "generation " + std::to_string(*gen)
                                   : error.empty() ? "not a whole generation" : error.substr(0, 120));
        if (stop_at_first_torn)
            return o;
        fs::remove(path);
        expected_on_disk = 0;
    }
    return o;
}

int mean_save_us(const std::string& path) {
    Helper h = Helper::start(path, false);
    if (h.pid <= 0)
        return 0;
    int saves = 0;
    Clock::time_point t0{};
    for (std::string l; !(l = h.line()).empty();) {
        if (l.rfind("START ", 0) == 0)
            t0 = Clock::now();
        else if (l.rfind("SAVED ", 0) == 0 &&
                 (++saves == 20 || Clock::now() - t0 > std::chrono::seconds(2)))
            break;
    }
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
    ::kill(h.pid, SIGKILL);
    ::waitpid(h.pid, nullptr, 0);
    ::close(h.out);
    std::error_code ec;
    fs::remove(path, ec);
    for (const auto& temp : incimap::geo::temps_of(path))
        fs::remove(temp, ec);
    return saves > 0 ? static_cast<int>(us / saves) : 0;
}

class KillDuringWrite : public testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("incimap_kill_test_" + std::to_string(::getpid()) + "_" +
                 testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string session_path() const { return (m_dir / "session.json").string(); }
    fs::path m_dir;
};

TEST_F(KillDuringWrite, TheSessionIsAlwaysWholeAndLoadable) {
    const int kills = env_int("INCIMAP_KILLS", 200);
    const auto seed = static_cast<unsigned>(env_int("INCIMAP_KILL_SEED", 20240607));
    const std::chrono::seconds budget(env_int("INCIMAP_KILL_SECONDS", 30));
    const auto t0 = Clock::now();
    const Outcome o = kill_repeatedly(session_path(), false, kills, seed, false, budget);
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("kills %d (seed %u): torn 0 expected, got %d; %d killed mid-write (temp left); "
                "%llu generations saved; at most %d temp at once; %.1f s\n",
                o.kills, seed, o.torn, o.mid_write, static_cast<unsigned long long>(o.saves),
                o.max_temps, s);
    // Fewer kills than asked only when the time budget ran out first; 15 still cover the
    // instants before, during and after a save (the delays span three save times). (A fresh
    // clone's suite beside five builds, load 15, managed 24 in 30 s; 30 were asked then.)
    EXPECT_GE(o.kills, std::min(kills, 15)) << o.first_failure;
    EXPECT_EQ(o.torn, 0) << o.first_failure;
    EXPECT_LE(o.max_temps, 1) << "temps of killed writers accumulate";
    // The test means something only if kills land while a write is in progress: at least 3
    // and 1 in 20 (under ASan beside other tests on 2 cores, 4 of 59 kills landed mid-write:
    // 1 in 10 was asked once and failed there).
    EXPECT_GE(o.mid_write, std::max(3, o.kills / 20));
    EXPECT_GE(o.saves, static_cast<std::uint64_t>(o.kills / 4)) << "too few saves completed";
}

TEST_F(KillDuringWrite, TheCheckCatchesAWriterThatWritesInPlace) {
    const auto seed = static_cast<unsigned>(env_int("INCIMAP_KILL_SEED", 20240607));
    const Outcome o =
        kill_repeatedly(session_path(), true, 200, seed, true, std::chrono::seconds(40));
    std::printf("in-place writer: torn after %d kills: %s\n", o.kills, o.first_failure.c_str());
    EXPECT_GE(o.torn, 1) << "200 kills of a truncate-and-write writer found no torn file";
}

} // namespace
