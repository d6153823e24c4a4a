#pragma once
// A named view (Ctrl+D): where the camera looks, the time window and the filters, so that
// "Erbil in December" comes back with a key (1–9) or a click. Kept in lon/lat so that it
// recalls the same place in any projection. The focus area (issue 17, item 4) is part of
// the filters: a bookmark made with one brings it back, one made without clears it.
// Plain data; JSON in scene/bookmarks.hpp.

#include "core/area.hpp"
#include "core/geometry.hpp"
#include "core/time_window.hpp"

#include <set>
#include <string>

namespace incimap::core {

struct Bookmark {
    std::string name;
    LonLat centre;
    double zoom = 2;
    TimeWindow window;                      // all time when is_all()
    std::string search;                     // the filters: the text search …
    std::set<std::string> hidden_categories; // … and the categories toggled off
    SharedArea area;                        // … and the focus area (none: recall clears it)
};

} // namespace incimap::core
