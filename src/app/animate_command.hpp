#pragma once
// `incimap animate FILE... -o OUT`: the playback exported, one frame per --step, drawn
// off-screen by the renderer `render` uses (frame k is `render --from F_k --to T_k --mode M`
// of the same view), encoded on a worker while the next frame is drawn. OUT's extension picks
// the format: .mp4 (H.264), .webm (VP9), .gif, or numbered PNGs (a folder, or a pattern such
// as frames/frame-%04d.png). Written to a temp beside OUT and renamed at the end; an error,
// Ctrl+C or SIGTERM leaves neither. Prints one JSON line (what was written) on stdout, progress
// on stderr.

#include "app/filter_flags.hpp"
#include "app/render_command.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct AnimateArgs {
    std::vector<std::string> files;
    std::string output;
    RenderArgs view;     // --size, --from/--to/--bbox, --center, --zoom, --mode, --legend, …
    FilterFlags filters; // --category, --search, --skip-undated
    std::string step = "1d";
    std::string window; // the window's length; "" = one step
    int fps = 10;
    std::string title;
    double hold_last = 0; // seconds the last frame stays (videos and GIFs)
    std::size_t max_frames = 10000;
    bool quiet = false;

    void add_to(CLI::App& command);
};

int run_animate(const AnimateArgs& args);

} // namespace incimap::app
