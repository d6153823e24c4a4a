#include "app/list_job.hpp"

#include <chrono>

namespace incimap::app {

void ListJob::request(Compute compute) {
    if (m_job.valid()) {
        m_queued = std::move(compute);
        return;
    }
    m_running = std::move(compute);
    m_job = std::async(std::launch::async, m_running);
}

std::optional<std::vector<int>> ListJob::poll() {
    using namespace std::chrono_literals;
    if (!m_job.valid()) {
        if (m_queued) { // left by interrupt()
            Compute next = std::move(*m_queued);
            m_queued.reset();
            request(std::move(next));
        }
        return std::nullopt;
    }
    if (m_job.wait_for(0s) != std::future_status::ready)
        return std::nullopt;
    std::vector<int> out = m_job.get();
    if (m_queued) {
        Compute next = std::move(*m_queued);
        m_queued.reset();
        request(std::move(next)); // newer than `out`: `out` is still shown meanwhile
    }
    return out;
}

void ListJob::interrupt() {
    if (!m_job.valid())
        return;
    m_job.get();
    if (!m_queued)
        m_queued = std::move(m_running);
}

void ListJob::wait() {
    if (m_job.valid())
        m_job.get();
    m_queued.reset();
}

} // namespace incimap::app
