#pragma once
// Work the window must not wait for — the filters' index (a search over ten million
// attribute rows), the side panel's list — runs on a worker; the map keeps showing the
// previous result until the new one is ready, and the latest request wins: one asked for while
// a job runs waits behind it, replacing any that waited before.

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <utility>
#include <vector>

namespace incimap::scene {

template <class Result> class LatestJob {
public:
    using Compute = std::function<Result()>;

    LatestJob() = default;
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;
    ~LatestJob() { drop(); }

    // Starts `compute` on a worker, or queues it behind the running one (replacing any queued).
    void request(Compute compute) {
        if (m_job.valid()) {
            m_queued = std::move(compute);
            return;
        }
        m_running = std::move(compute);
        m_job = std::async(std::launch::async, m_running);
    }

    // A finished result, if one is ready (then the queued request starts).
    std::optional<Result> poll() {
        using namespace std::chrono_literals;
        if (!m_job.valid()) {
            start_queued(); // left by interrupt()
            return std::nullopt;
        }
        if (m_job.wait_for(0s) != std::future_status::ready)
            return std::nullopt;
        Result out = m_job.get();
        start_queued(); // newer than `out`: `out` is shown meanwhile
        return out;
    }

    // Waits for the running job and drops its result, keeping the latest request to run again
    // at the next poll(): call it before changing what the request reads.
    void interrupt() {
        if (!m_job.valid())
            return;
        m_job.get();
        if (!m_queued)
            m_queued = std::move(m_running);
    }

    // Waits for the running job and drops it and any queued request.
    void drop() {
        if (m_job.valid())
            m_job.get();
        m_queued = nullptr;
    }

    bool busy() const { return m_job.valid() || static_cast<bool>(m_queued); }

private:
    void start_queued() {
        if (!m_queued)
            return;
        Compute next = std::move(m_queued);
        m_queued = nullptr;
        request(std::move(next));
    }

    std::future<Result> m_job;
    Compute m_running;               // what m_job computes (run again after an interrupt)
    Compute m_queued; // asked for while a job ran (empty: none)
};

// The side panel's list: drawn incident indices in view and window, in the list's order.
using ListJob = LatestJob<std::vector<int>>;

} // namespace incimap::scene
