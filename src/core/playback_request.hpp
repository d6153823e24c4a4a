#pragma once
// File ▸ Export playback… (issue 18): what the dialog asks the engine to write, and how far
// the export has got. Plain data: the dialog (ui/playback_dialog.hpp) fills a request and
// sends it as a command; the engine (scene/playback_export.hpp) renders one frame per UI
// frame and keeps the progress in its state, which the dialog only shows.
//
// The frames are those of `incimap animate OUT --center LON,LAT --zoom Z --size WxH --from F
// --to T --step S --window L --mode M --fps N [--legend] [--title T]` (frame k: core::frame_window).

#include "core/frame_plan.hpp"
#include "core/geometry.hpp"

#include <cstdint>
#include <string>

namespace incimap::core {

struct PlaybackRequest {
    std::string output;       // .mp4, .webm, .gif, or a folder / frame-%04d.png pattern
    int width = 1280;         // px (MP4 and WebM: even)
    int height = 800;
    int fps = 10;
    FramePlanRequest plan;    // range, step, window length, mode, undated shown
    LonLat centre;            // the view: the map's centre and zoom
    double zoom = 0;
    bool legend = true;       // legend, date caption, scale bar and attribution
    std::string title;        // before each frame's date caption
    double hold_last_s = 0;   // the last frame stays this long (videos and GIFs)
};

struct PlaybackProgress {
    bool running = false;
    std::size_t done = 0;      // frames encoded
    std::size_t total = 0;     // frames to encode (the hold included)
    std::string output;        // what is being written
    std::uint64_t finished = 0; // exports ended so far (written, failed or cancelled)
    bool ok = false;           // the last one written whole
    std::string result;        // its one line: what was written, or why nothing was
};

} // namespace incimap::core
