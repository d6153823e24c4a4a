#pragma once
// Frames encoded on a worker thread while the next is drawn: a bounded queue in front of a
// FrameSink. push() blocks while `capacity` frames wait (memory stays bounded: a 1280×800
// frame is 4 MB); the worker hands each to the sink in order.

#include "render/frame_sink.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace incimap::render {

class EncodeQueue {
public:
    explicit EncodeQueue(FrameSink& sink, std::size_t capacity = 3);
    ~EncodeQueue(); // cancel() if finish() was not called
    EncodeQueue(const EncodeQueue&) = delete;
    EncodeQueue& operator=(const EncodeQueue&) = delete;

    // Queues a frame (blocks while the queue is full); false once the sink has failed.
    bool push(Image image);
    // Waits for every queued frame, then the sink's finish(). "" or the first error.
    std::string finish();
    // Drops the queued frames and stops the worker (the sink is not finished).
    void cancel();
    std::string error() const;
    std::size_t encoded() const; // frames the sink has taken

private:
    void run();

    FrameSink& m_sink;
    std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Image> m_queue;
    std::string m_error;
    std::size_t m_encoded = 0;
    bool m_closing = false, m_cancelled = false, m_joined = false;
    std::thread m_thread;
};

} // namespace incimap::render
