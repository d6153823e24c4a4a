#include "scene/loader.hpp"

namespace incimap::scene {

BackgroundLoader::~BackgroundLoader() = default; // the worker cancels the read

void BackgroundLoader::enqueue(const std::string& path, std::vector<std::string> layers) {
    m_queue.push_back({path, std::move(layers)});
}

std::string BackgroundLoader::current() const { return m_current; }

std::optional<geo::ReadResult> BackgroundLoader::poll() {
    std::optional<geo::ReadResult> out = m_worker.poll();
    if (!out && m_worker.abandon_if_stuck()) {
        // Cancelled, and stuck where it cannot look (libpq's connect): left behind.
        out.emplace();
        out->ok = true;
        out->report.source = m_current;
        out->report.cancelled = true;
    }
    if (!m_worker.busy() && !m_queue.empty()) {
        Queued next = std::move(m_queue.front());
        m_queue.pop_front();
        m_current = next.path;
        // The options as they are now, copied here on the UI thread (which alone changes them).
        geo::ReadOptions options = m_options;
        if (!next.layers.empty()) {
            options.layer.clear();
            options.layers = std::move(next.layers);
        }
        m_worker.request([path = m_current, options = std::move(options)](JobControl& job) mutable {
            options.progress = [&job](double f) { job.set_progress(static_cast<float>(f)); };
            options.cancel = &job.cancel_flag();
            return geo::read_incidents(path, options);
        });
    }
    return out;
}

} // namespace incimap::scene
