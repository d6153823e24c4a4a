#pragma once
// The interactive map: a GLFW window, the map filling it, an ImGui side panel, a timeline
// under the map and a status bar. Loading runs on a worker thread; GL stays on this one.

#include "geo/reader.hpp"

#include <string>
#include <vector>

namespace incimap::window {

struct WindowOptions {
    std::vector<std::string> files; // none: the bundled sample (or the session's files)
    std::string session_path;       // --session: loaded at start, written on change and exit
    geo::ReadOptions read;
    std::string ready_file;         // --ready-file: written once the first file is on screen
    bool test_mode = false;         // --test-mode: no live text (frame time), fixed layout
    std::string frame_log;          // --frame-log: per frame "t_s frame_ms playing ready gl_errors"
    std::string version;            // for Help ▸ About
};

// Runs until the window closes; returns the process exit code.
int run_window(const WindowOptions& options);

} // namespace incimap::window
