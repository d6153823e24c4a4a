#pragma once
// The session file (`--session PATH`): what is open and how it is viewed, as JSON, so a
// view can be saved, shared and restored. Written atomically (temp file, flush, rename).
//
// { "version": 1, "files": [...],
//   "camera": {"projection": "EPSG:3857", "center": [lon, lat], "zoom": z},
//   "time": {"from": ISO, "to": ISO, "mode": "window"|"cumulative"|"fade",
//            "playing": bool, "speed": days per second, "step": "1d" | null,
//            "loop": bool},
//   "selected": {"file": path, "index": 0-based feature order, "id": feature id} | null,
//   "filters": {"search": "...", "hidden_categories": [...], "hidden_files": [path, ...]},
//   "style": {"heat": bool,
//             "layers": [{"file": path, "colour_by": field|null, "size_by": field|null}],
//             "basemap": {"source": "offline"|"none"|path, "opacity": 0-1, "quiet": bool}},
//   "window": {"size": [w, h] (logical px), "scale": content scale, "map": [x, y, w, h]},
//   "bookmarks": [{"name", "center", "zoom", "from", "to", "mode", "search", ...}],
//   "compare": {"from": ISO, "to": ISO},
//   "range_rings": {"centers": [[lon, lat], ...], "radii_km": [100, 300, 1000]},
//   "area": {"name": "Iraq", "polygons": [[[[lon, lat], ...], ...], ...], "shown": N} }
//   (issue 17; each absent when unused)
//   "live": {"watch": true, "follow_newest": false, "files": [...]} (issue 17, live files)
//   "panels": {"layer_names": [{"file", "name"}], "list_columns": [...]} (issue 20)
//   "source_layers": [{"file": path, "layers": [name, ...]}]   (issue 15; absent when none)

#include "core/area.hpp"
#include "core/bookmark.hpp"
#include "core/geometry.hpp"
#include "core/layer_choice.hpp"
#include "core/time_fields.hpp"
#include "core/time_window.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace incimap::scene {

struct Session {
    std::vector<std::string> files;
    std::string projection = "EPSG:3857";
    std::optional<core::LonLat> center;
    std::optional<double> zoom;
    std::optional<core::TimeWindow> window; // from/to/mode; show_undated
    bool playing = false;
    double speed_days_per_s = 1.0;
    core::UnixMs step_ms = 0; // "step": "1d"; absent or null: the window's length
    bool loop = false;
    struct Selected {
        std::string file;
        std::int64_t index = 0;
        std::optional<std::string> id_text; // a string feature id (GeoJSON "id": "ME001")
        std::optional<std::int64_t> id;     // an integer feature id
    };
    std::optional<Selected> selected;
    std::string search;
    std::set<std::string> hidden_categories; // toggled off in the legend
    std::vector<std::string> hidden_files;   // layers switched off
    // A layer coloured or sized by a field the user chose (a key left out: as detected;
    // null: none).
    struct FileStyle {
        std::string file;
        std::optional<std::optional<std::string>> colour_by, size_by;
        std::optional<core::TimeFields> time_fields; // issue 20: chosen in the layer's panel
    };
    std::vector<FileStyle> styles;
    bool heat = false; // the heat map instead of markers
    int window_w = 0, window_h = 0; // logical px: the window's size at a content scale of 1
    float window_scale = 1;          // the content scale it was saved at (informative)
    int map_x = 0, map_y = 0, map_w = 0, map_h = 0;
    // Basemaps (issue 16): "offline", "none" or a raster file; its opacity and quiet look.
    std::string basemap = "offline";
    double basemap_opacity = 1.0;
    bool basemap_quiet = false;
    // Analyst's toolkit (issue 17): named views ("bookmarks": [...], scene/bookmarks.hpp).
    std::vector<core::Bookmark> bookmarks;
    std::optional<core::TimeWindow> compare; // "compare": {"from": ISO, "to": ISO}: window B
    // "range_rings": {"centers": [[lon, lat], ...], "radii_km": [...]}
    std::vector<core::LonLat> ring_centres;
    std::vector<double> ring_radii_km;
    // Follow a live file (issue 17, item 6): "live": {"watch": bool, "follow_newest": bool,
    //   "files": [{"file", "incidents", "reloads", "note"}]} — the files' counts as loaded,
    //   how often each was read again and why one shows its last good state (written, not read).
    bool watch_files = true;
    bool follow_newest = false;
    struct LiveFile {
        std::string file;
        std::size_t incidents = 0, reloads = 0;
        std::string note;
    };
    std::vector<LiveFile> live_files;
    // Issue 20 (panels): "panels": {"layer_names": [{"file": path, "name": text}],
    // "list_columns": ["date", "category", ...]}; the layers' order is the files' order.
    std::vector<std::pair<std::string, std::string>> layer_names; // file, name the user gave
    std::vector<std::string> list_columns;                        // empty: the default
    // Layer choice (issue 15): "source_layers": [{"file": path, "layers": [name, ...]}], the
    // layers chosen for a source with several (absent: as detected).
    std::vector<core::SourceLayers> source_layers;
    // Focus on an area (issue 17): "area": {"name", "polygons"} (scene/area_json.hpp), and
    // "shown": the incidents the filters and the time window leave (written, not read).
    core::SharedArea area;
    std::size_t area_shown = 0;
    // Issue 20 (scene/session_timeline.hpp): fade mode's trail, View ▸ Theme.
    core::UnixMs fade_ms = 0;
    std::optional<std::string> theme; // "light", "dark", "system"
};

// What a loaded session may hold; values outside are clamped (or dropped) when it is read, so a
// hand-edited or hostile session cannot crash the window or overflow playback.
inline constexpr int kMinWindowPx = 200, kMaxWindowPx = 16384;       // GLFW/GL surface limits
inline constexpr double kMinSpeedDaysPerS = 0.01, kMaxSpeedDaysPerS = 3650; // 15 min/s..10 y/s
inline constexpr std::int64_t kEarliestSessionMs = -30610224000000; // 1000-01-01T00:00:00Z
inline constexpr std::int64_t kLatestSessionMs = 32503680000000;    // 3000-01-01T00:00:00Z
// A session file larger than this is not read (a session is kilobytes; /dev/zero is endless).
inline constexpr std::uintmax_t kMaxSessionBytes = 8u << 20;

std::string session_to_json(const Session& s);
// nullopt and `error` for text that is not an incimap session: not a JSON object, a GeoJSON
// or TopoJSON (`type`, `features`), or an object with keys a session does not have and no
// numeric `version`. Missing keys keep their defaults; values are clamped (see above).
std::optional<Session> session_from_json(const std::string& text, std::string& error);
// Reads a session file: a regular file of at most kMaxSessionBytes (a FIFO, a device or a
// folder is refused without being opened), then session_from_json.
std::optional<Session> load_session(const std::string& path, std::string& error);

// What `--session PATH` holds when the window starts. Only a missing or empty file, or an
// incimap session, may be written: anything else (the user's GeoJSON, a CSV, notes, a device,
// an oversized file) is left alone and the window runs without saving its session.
struct SessionFile {
    std::optional<Session> session; // the session read, when PATH holds one
    bool writable = false;          // whether incimap may save its session to PATH
    std::string error;              // one line: why it was not read (or may not be written)
};
SessionFile open_session_file(const std::string& path);
// Atomic: a temp file beside PATH, fsync, rename over PATH (geo/write/atomic_file.hpp). Returns ""
// or the error; on error the previous file is untouched.
std::string save_session(const Session& s, const std::string& path);
// Same atomic write for any text file (geo::write_file_atomically).
std::string write_file_atomically(const std::string& path, const std::string& text);

} // namespace incimap::scene
