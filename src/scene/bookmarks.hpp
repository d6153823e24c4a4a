#pragma once
// Bookmarks (named views, core/bookmark.hpp) as JSON: the list inside the session file
// ("bookmarks": [...]) and the user's own file in the XDG config folder
// ($XDG_CONFIG_HOME/incimap/bookmarks.json), which every window and `render --bookmark NAME`
// read. Each bookmark:
//   {"name": "Erbil, December", "center": [lon, lat], "zoom": z,
//    "from": ISO|null, "to": ISO|null, "mode": "window"|"cumulative"|"fade",
//    "search": "...", "hidden_categories": [...],
//    "area": {"name": ..., "polygons": [...]}}   (the focus area, scene/area_json.hpp; absent:
//                                                 none, and recalling clears the area)
// Values outside their range are clamped or the bookmark dropped, as for sessions.

#include "core/bookmark.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace incimap::scene {

inline constexpr std::size_t kMaxBookmarks = 1000;

nlohmann::ordered_json bookmarks_to_json(const std::vector<core::Bookmark>& bookmarks);
// The bookmarks of a JSON array; what is not a bookmark is skipped.
std::vector<core::Bookmark> bookmarks_from_json(const nlohmann::json& array);

// $XDG_CONFIG_HOME/incimap/bookmarks.json
std::string bookmarks_path();
// The file's bookmarks; empty (and `error` unless the file is missing) when unreadable.
std::vector<core::Bookmark> load_bookmarks(const std::string& path, std::string& error);
// Atomic write; "" or the error.
std::string save_bookmarks(const std::vector<core::Bookmark>& bookmarks, const std::string& path);

// The bookmark called `name` (exactly, else case-insensitively), or nullopt.
std::optional<core::Bookmark> find_bookmark(const std::vector<core::Bookmark>& bookmarks,
                                            const std::string& name);
// `name`, or "View N" for the first N not taken when it is empty; a name taken already gets
// " (2)", " (3)" …
std::string unique_bookmark_name(const std::vector<core::Bookmark>& bookmarks, std::string name);

} // namespace incimap::scene
