#pragma once
// `incimap render FILE... -o OUT.png`: the map drawn off-screen (EGL surfaceless, no X).

#include "app/cli.hpp"
#include "core/time.hpp"
#include "render/heat_layer.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace incimap::app {

// --fade LENGTH (issue 20): 0 when not given; nullopt when it is not a length.
std::optional<core::UnixMs> fade_trail(const std::string& text);

struct RenderArgs {
    std::vector<std::string> files;
    std::string output;
    std::string size = "1280x800";
    TimeBoxFlags time_box; // --from, --to and --bbox (the view box, fitted whole)
    std::string center;    // lon,lat
    double zoom = -1;
    std::string mode = "window";
    std::string fade; // issue 20: --fade LENGTH, fade mode's trail after the window ("" none)
    std::string projection = "EPSG:3857";
    bool legend = false;
    bool heat = false; // a heat map of the window's incidents instead of markers
    bool stats = false;
    int selected = -1;
    std::string pushdown = "auto"; // PostGIS: auto | always | never (geo/gdal/postgis_source.hpp)
    ReaderFlags reader;
    // Basemaps (issue 16).
    std::string basemap = "offline"; // offline | none | a GeoTIFF / raster MBTiles file
    double basemap_opacity = 1.0;
    bool basemap_quiet = false;      // greyscale and dimmed
    // Analyst's toolkit (issue 17): the view a place name or a bookmark names.
    std::string center_on; // a place (gazetteer) or an incident's text; with --zoom or its own
    std::string bookmark;  // a bookmark's name: its camera, time window and filters
    std::string compare_from, compare_to; // window B, drawn as open rings under the window
    std::string within; // issue 17: only incidents inside this file's polygons (outlined)
    std::vector<std::string> rings; // issue 17: LON,LAT[:R1,R2,...] range rings (km)

    void add_to(CLI::App& command);
    // The options `animate` shares (app/animate_command.hpp): --size, --from/--to/--bbox,
    // --center, --zoom, --mode, --projection, --legend, --heat and the reader's.
    void add_view_options(CLI::App& command);
};

int run_render(const RenderArgs& args);

// What `render --stats` prints: timings in seconds and counts of one run.
struct RenderStats {
    std::size_t incidents = 0;
    double read_s = 0; // reading and preparing (merge, project, index) every file
    double prepare_s = 0; // of which preparing
    double gl_init_s = 0, upload_s = 0, draw_s = 0, redraw_moved_window_s = 0;
    std::size_t bytes_uploaded_by_window_change = 0;
    double png_s = 0, total_s = 0;
    double zoom = 0;
    bool aggregated = false;      // the last frame drew the index's plan (else instances)
    std::size_t frame_points = 0; // the plan's points
    std::size_t primitives = 0;   // instances or plan points the last frame drew
    std::size_t shown_estimate = 0; // incidents in view and window, as the choice estimated
    // The renderer's measured costs per primitive (render/draw_costs.hpp), nanoseconds.
    double instance_ns = 0, marker_ns = 0, point_ns = 0;
    // Resident memory, MiB: the peak by the end of reading, after preparing, after the upload,
    // at the end and the peak of the whole command.
    struct Rss {
        double peak_reading = 0, after_prepare = 0, after_sync = 0, end = 0, peak = 0;
    } rss_mib;
    // What holds it, MiB (vector capacities): the layers' tables and attributes, the drawn
    // (merged) table, projected points and the spatial index.
    struct Held {
        double tables = 0, attributes = 0, drawn = 0, projected = 0, index = 0;
    } held_mib;
    std::string renderer; // the GL renderer's name
};

// One line of JSON (no newline); non-finite numbers are null. `heat`: the heat map's frame,
// when one was drawn.
std::string render_stats_json(const RenderStats& stats, const render::HeatStats* heat);

} // namespace incimap::app
