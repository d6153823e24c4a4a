#pragma once
// Issue 20's keys of the session file, written and read beside session.cpp's own:
//   "time": {"fade": "3d" | null}                     fade mode's trail
//   "style": {"theme": "light"|"dark"|"system",
//             "layers": [{"file", "time_field": name|null, "end_field": name|null, …}]}
// and the file paths a session names, stored relative to the session file's folder when
// they lie inside it, and read back resolved against that folder (absolute paths as written).

#include "scene/session.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace incimap::scene {

void write_timeline_keys(const Session& s, nlohmann::ordered_json& j);
void read_timeline_keys(const nlohmann::json& j, Session& s);

// `path` as stored in a session file in `folder`: relative when inside it (a database, URL or
// GDAL virtual path is left as it is).
std::string path_for_session(const std::string& path, const std::string& folder);
// A path read from a session file in `folder`: a relative one resolved against it.
std::string path_from_session(const std::string& path, const std::string& folder);
// Every file path of `s` (files, selected, hidden files, layer styles, a raster basemap)
// through one of the two.
// Whether two paths name the same file (as typed and as resolved from a session); a
// database or URL only when equal.
bool same_file(const std::string& a, const std::string& b);
void store_paths_relative(Session& s, const std::string& folder);
void resolve_stored_paths(Session& s, const std::string& folder);

} // namespace incimap::scene
