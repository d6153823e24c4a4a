#include "scene/loader.hpp"

namespace incimap::scene {

BackgroundLoader::~BackgroundLoader() {
    m_cancel.store(true);
    if (m_thread.joinable())
        m_thread.join();
}

void BackgroundLoader::enqueue(const std::string& path) { m_queue.push_back(path); }

std::string BackgroundLoader::current() const {
    std::lock_guard lock(m_mutex);
    return m_current;
}

std::optional<geo::ReadResult> BackgroundLoader::poll() {
    std::optional<geo::ReadResult> out;
    if (m_done.load()) {
        if (m_thread.joinable())
            m_thread.join();
        std::lock_guard lock(m_mutex);
        out = std::move(m_result);
        m_result.reset();
        m_done.store(false);
        m_busy.store(false);
    }
    if (!m_busy.load() && !m_queue.empty()) {
        const std::string path = m_queue.front();
        m_queue.pop_front();
        {
            std::lock_guard lock(m_mutex);
            m_current = path;
        }
        m_busy.store(true);
        m_cancel.store(false);
        m_progress.store(0);
        // The options as they are now, copied here on the UI thread (which alone changes them).
        m_thread = std::thread([this, path, options = m_options]() mutable {
            options.progress = [this](double f) { m_progress.store(static_cast<float>(f)); };
            options.cancel = &m_cancel;
            geo::ReadResult r = geo::read_incidents(path, options);
            {
                std::lock_guard lock(m_mutex);
                m_result = std::move(r);
            }
            m_done.store(true);
        });
    }
    return out;
}

} // namespace incimap::scene
