#pragma once
// The session file (`--session PATH`): what is open and how it is viewed, as JSON, so a
// view can be saved, shared and restored. Written atomically (temp file, flush, rename).
//
// { "version": 1, "files": [...],
//   "camera": {"projection": "EPSG:3857", "center": [lon, lat], "zoom": z},
//   "time": {"from": ISO, "to": ISO, "mode": "window"|"cumulative"|"fade",
//            "playing": bool, "speed": days per second},
//   "selected": {"file": path, "index": 0-based feature order, "id": feature id} | null,
//   "filters": {"search": "..."},
//   "style": {"heat": bool},
//   "window": {"size": [w, h], "map": [x, y, w, h]} }

#include "core/geometry.hpp"
#include "core/time_window.hpp"

#include <optional>
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
    struct Selected {
        std::string file;
        std::int64_t index = 0;
        std::optional<std::string> id_text; // a string feature id (GeoJSON "id": "ME001")
        std::optional<std::int64_t> id;     // an integer feature id
    };
    std::optional<Selected> selected;
    std::string search;
    bool heat = false; // the heat map instead of markers
    int window_w = 0, window_h = 0;
    int map_x = 0, map_y = 0, map_w = 0, map_h = 0;
};

std::string session_to_json(const Session& s);
// nullopt and `error` for a file that is not a session; missing keys keep their defaults.
std::optional<Session> session_from_json(const std::string& text, std::string& error);
std::optional<Session> load_session(const std::string& path, std::string& error);
// Atomic: a temp file beside PATH, fsync, rename over PATH (geo/write/atomic_file.hpp). Returns ""
// or the error; on error the previous file is untouched.
std::string save_session(const Session& s, const std::string& path);
// Same atomic write for any text file (geo::write_file_atomically).
std::string write_file_atomically(const std::string& path, const std::string& text);

} // namespace incimap::scene
