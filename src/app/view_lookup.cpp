#include "app/view_lookup.hpp"

#include "core/filters.hpp"
#include "core/gazetteer.hpp"
#include "geo/places_reader.hpp"
#include "scene/bookmarks.hpp"

#include <algorithm>

namespace incimap::app {

std::optional<NamedView> view_of_place(const std::string& name, const scene::MapScene& scene,
                                       std::string& error) {
    std::string read_error;
    const core::Gazetteer g(
        geo::read_places(scene::find_assets_dir() + "/basemap/places.fgb", read_error));
    if (const auto hits = g.matches(name, 1); !hits.empty()) {
        const core::GazetteerPlace& p = g.places()[hits.front().place];
        return NamedView{p.lonlat, core::zoom_for_population(p.population),
                         core::place_label(p, hits.front().alt) +
                             (p.country.empty() ? "" : " (" + p.country + ")"),
                         {}};
    }
    const std::string needle = core::ascii_lower(name);
    const core::IncidentTable& drawn = scene.drawn();
    for (std::size_t i = 0; i < drawn.count() && !needle.empty(); ++i) {
        const auto [layer, row] = scene.source_of(i);
        const core::IncidentTable& t = scene.layers()[layer].table;
        if (core::row_matches(t.attributes, t.attr_row_at(row), needle))
            return NamedView{{drawn.lon[i], drawn.lat[i]}, 10.0, "an incident", {}};
    }
    error = "--center-on " + name + ": no place or incident of that name" +
            (read_error.empty() ? "" : " (" + read_error + ")");
    return std::nullopt;
}

std::optional<NamedView> view_of_bookmark(const std::string& name, std::string& error) {
    const std::string path = scene::bookmarks_path();
    std::string read_error;
    const auto bookmarks = scene::load_bookmarks(path, read_error);
    if (const auto b = scene::find_bookmark(bookmarks, name))
        return NamedView{b->centre, b->zoom, b->name, *b};
    std::string known;
    for (std::size_t i = 0; i < bookmarks.size() && i < 10; ++i)
        known += (i ? ", " : "") + bookmarks[i].name;
    error = "--bookmark " + name + ": no such bookmark in " + path +
            (read_error.empty() ? "" : " (" + read_error + ")") +
            (known.empty() ? " (it holds none: Ctrl+D in the window adds one)"
                           : " (it holds: " + known + ")");
    return std::nullopt;
}

} // namespace incimap::app
