#pragma once
// Reading files off the UI thread: one file at a time, in the order enqueued, with progress
// and cancel (on a scene::Worker); the finished table is handed over whole to the main thread
// (which owns the scene and GL). Call everything from that one thread.

#include "geo/reader.hpp"
#include "scene/worker.hpp"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace incimap::scene {

class BackgroundLoader {
public:
    explicit BackgroundLoader(geo::ReadOptions options) : m_options(std::move(options)) {}
    ~BackgroundLoader();

    // `layers`: the layers of this source to read (issue 15: the layer dialog's answer, a
    // session's); empty: the options' (--layer), else as detected.
    void enqueue(const std::string& path, std::vector<std::string> layers = {});
    // Starts the next queued file when idle; returns a finished result, if any.
    std::optional<geo::ReadResult> poll();
    bool busy() const { return m_worker.busy(); }
    float progress() const { return m_worker.progress(); }
    std::string current() const;
    // Asks the read to stop. One that does not stop within kDetachAfter (a PostGIS server
    // that accepts and never answers: libpq does not look at the flag) is left behind
    // (detached), and poll() reports it cancelled: Cancel always ends the wait.
    void cancel() { m_worker.cancel(); }
    // The read runs and has reported no progress yet (for a database: still connecting).
    bool starting() const { return m_worker.busy() && m_worker.progress() <= 0.0f; }
    // URLs and /vsicurl/ paths for the files enqueued from now on (File ▸ Allow network
    // access; --allow-network). Call from the thread that calls poll().
    void set_allow_network(bool on) { m_options.allow_network = on; }
    bool allow_network() const { return m_options.allow_network; }

private:
    geo::ReadOptions m_options;
    struct Queued {
        std::string path;
        std::vector<std::string> layers;
    };
    std::deque<Queued> m_queue;
    std::string m_current;
    // The read owns its path and options: a read stuck in I/O is left behind (detached) when
    // the window closes.
    Worker<geo::ReadResult> m_worker;
};

} // namespace incimap::scene
