#include "render/encode_queue.hpp"

namespace incimap::render {

EncodeQueue::EncodeQueue(FrameSink& sink, std::size_t capacity)
    : m_sink(sink), m_capacity(capacity > 0 ? capacity : 1), m_thread([this] { run(); }) {}

EncodeQueue::~EncodeQueue() { cancel(); }

void EncodeQueue::run() {
    for (;;) {
        Image image;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return !m_queue.empty() || m_closing || m_cancelled; });
            if (m_cancelled || (m_queue.empty() && m_closing))
                return;
            image = std::move(m_queue.front());
            m_queue.pop_front();
        }
        m_changed.notify_all(); // room for the producer
        std::string error = m_sink.add(image);
        std::lock_guard lock(m_mutex);
        if (!error.empty()) {
            m_error = std::move(error);
            m_cancelled = true;
            m_queue.clear();
            m_changed.notify_all();
            return;
        }
        ++m_encoded;
        m_changed.notify_all();
    }
}

bool EncodeQueue::push(Image image) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_queue.size() < m_capacity || m_cancelled; });
    if (m_cancelled)
        return false;
    m_queue.push_back(std::move(image));
    m_changed.notify_all();
    return true;
}

std::string EncodeQueue::finish() {
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_changed.notify_all();
    if (!m_joined) {
        m_thread.join();
        m_joined = true;
    }
    std::lock_guard lock(m_mutex);
    if (!m_error.empty())
        return m_error;
    if (m_cancelled)
        return "cancelled";
    return m_sink.finish();
}

void EncodeQueue::cancel() {
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_queue.clear();
    }
    m_changed.notify_all();
    if (!m_joined) {
        m_thread.join();
        m_joined = true;
    }
}

std::string EncodeQueue::error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

std::size_t EncodeQueue::encoded() const {
    std::lock_guard lock(m_mutex);
    return m_encoded;
}

} // namespace incimap::render
