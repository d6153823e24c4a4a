#pragma once
// The side panel's list (drawn incidents in view and in the window, in the panel's order) is
// computed on a worker: at ten million incidents it takes longer than a frame, and a scrub
// step must not wait for it. The map keeps showing the previous list until the new one is
// ready; the latest request wins.

#include <functional>
#include <future>
#include <optional>
#include <vector>

namespace incimap::app {

class ListJob {
public:
    using Compute = std::function<std::vector<int>()>;

    ListJob() = default;
    ListJob(const ListJob&) = delete;
    ListJob& operator=(const ListJob&) = delete;
    ~ListJob() { wait(); }

    // Starts `compute` on a worker, or queues it behind the running one (replacing any queued).
    void request(Compute compute);
    // A finished list, if one is ready (then the queued request starts).
    std::optional<std::vector<int>> poll();
    // Waits for the running job and drops its result, keeping the latest request to run again:
    // call it before changing what `compute` reads.
    void interrupt();
    bool busy() const { return m_job.valid() || m_queued.has_value(); }

private:
    void wait();
    std::future<std::vector<int>> m_job;
    Compute m_running;              // what m_job computes (run again after an interrupt)
    std::optional<Compute> m_queued; // asked for while a job ran
};

} // namespace incimap::app
