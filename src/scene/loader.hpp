#pragma once
// Reading files off the UI thread: one worker at a time, progress and cancel; the finished
// table is handed over whole to the main thread (which owns the scene and GL).

#include "geo/reader.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace incimap::scene {

class BackgroundLoader {
public:
    explicit BackgroundLoader(geo::ReadOptions options) : m_options(std::move(options)) {}
    ~BackgroundLoader();

    void enqueue(const std::string& path);
    // Starts the next queued file when idle; returns a finished result, if any.
    std::optional<geo::ReadResult> poll();
    bool busy() const { return m_busy.load(); }
    float progress() const { return m_progress.load(); }
    std::string current() const;
    void cancel() { m_cancel.store(true); }
    // URLs and /vsicurl/ paths for the files enqueued from now on (File ▸ Allow network
    // access; --allow-network). Call from the thread that calls poll().
    void set_allow_network(bool on) { m_options.allow_network = on; }
    bool allow_network() const { return m_options.allow_network; }

private:
    geo::ReadOptions m_options;
    std::deque<std::string> m_queue;
    std::thread m_thread;
    std::atomic<bool> m_busy{false}, m_done{false}, m_cancel{false};
    std::atomic<float> m_progress{0};
    mutable std::mutex m_mutex;
    std::string m_current;
    std::optional<geo::ReadResult> m_result;
};

} // namespace incimap::scene
