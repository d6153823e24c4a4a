#pragma once
// `render --center-on NAME` and `render --bookmark NAME` (issue 17): the view a place name
// (the window's search: the bundled GeoNames gazetteer, then the incidents' text) or a
// bookmark (the XDG config folder's bookmarks.json) names.

#include "core/bookmark.hpp"
#include "core/camera.hpp"
#include "core/time_window.hpp"
#include "scene/map_scene.hpp"

#include <optional>
#include <string>

namespace incimap::app {

struct NamedView {
    core::LonLat centre;
    double zoom = 10;
    std::string label;                      // "Baghdad (IQ)"
    std::optional<core::Bookmark> bookmark; // a bookmark's window and filters
};

// The best place for `name`: the gazetteer's first hit, else the first incident of `scene`
// whose text holds it. nullopt and `error` when nothing matches.
std::optional<NamedView> view_of_place(const std::string& name, const scene::MapScene& scene,
                                       std::string& error);
// The bookmark called `name` in the bookmarks file; nullopt and `error` (with the names there
// are) when there is none.
std::optional<NamedView> view_of_bookmark(const std::string& name, std::string& error);

} // namespace incimap::app
