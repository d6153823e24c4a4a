#pragma once
// `incimap render FILE... -o OUT.png`: the map drawn off-screen (EGL surfaceless, no X).

#include "app/cli.hpp"
#include "render/heat_layer.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct RenderArgs {
    std::vector<std::string> files;
    std::string output;
    std::string size = "1280x800";
    TimeBoxFlags time_box; // --from, --to and --bbox (the view box, fitted whole)
    std::string center;    // lon,lat
    double zoom = -1;
    std::string mode = "window";
    std::string projection = "EPSG:3857";
    bool legend = false;
    bool heat = false; // a heat map of the window's incidents instead of markers
    bool stats = false;
    int selected = -1;
    std::string pushdown = "auto"; // PostGIS: auto | always | never (geo/gdal/postgis_source.hpp)
    ReaderFlags reader;

    void add_to(CLI::App& command);
};

int run_render(const RenderArgs& args);

// What `render --stats` prints: timings in seconds and counts of one run.
struct RenderStats {
    std::size_t incidents = 0;
    double read_s = 0, gl_init_s = 0, upload_s = 0, draw_s = 0, redraw_moved_window_s = 0;
    std::size_t bytes_uploaded_by_window_change = 0;
    double png_s = 0, total_s = 0;
    double zoom = 0;
    bool aggregated = false;
    std::size_t frame_points = 0;
    std::string renderer; // the GL renderer's name
};

// One line of JSON (no newline); non-finite numbers are null. `heat`: the heat map's frame,
// when one was drawn.
std::string render_stats_json(const RenderStats& stats, const render::HeatStats* heat);

} // namespace incimap::app
