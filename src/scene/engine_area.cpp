// Focus on an area in the engine (issue 17, item 4): a polygon drawn by clicks (A starts,
// Enter or a double-click closes, Esc cancels) or a country of the basemap (by name, or
// Alt+click) becomes filters.area. Being a filter, it reaches the map, the list, the legend
// counts, the timeline's histogram and File ▸ Export through the filter worker, is undone
// with the other filters, and is saved in the session; its outline is drawn over the map.

#include "scene/engine.hpp"

#include "geo/area_reader.hpp"
#include "scene/area_outline.hpp"

namespace incimap::scene {

namespace {
constexpr std::size_t kMaxDraftPoints = 10000;
} // namespace

void Engine::apply_area(const core::Commands& c) {
    core::AppState& s = m_state;
    if (c.area_draw) {
        s.area_drawing = *c.area_draw;
        s.area_draft.clear();
        s.message = *c.area_draw ? "area: click its corners; Enter or double-click closes it, "
                                   "Esc cancels"
                                 : "";
        m_area_dirty = true;
    }
    if (c.area_vertex && s.area_drawing && core::is_valid_lonlat(*c.area_vertex) &&
        s.area_draft.size() < kMaxDraftPoints) {
        s.area_draft.push_back(*c.area_vertex);
        m_area_dirty = true;
    }
    if (c.area_close && s.area_drawing) {
        if (s.area_draft.size() >= 3) {
            set_area_filter(core::make_area("drawn area", {{s.area_draft}}));
            s.message.clear();
        } else {
            s.message = "area: a polygon needs three corners at least";
        }
        s.area_drawing = false;
        s.area_draft.clear();
        m_area_dirty = true;
    }
    std::string error;
    if (c.area_country) {
        if (auto a = geo::country_named(geo::countries_file(m_options.assets_dir), *c.area_country,
                                        error))
            set_area_filter(std::move(a));
        else
            s.message = "area: " + error;
    }
    if (c.area_country_at) {
        const auto ll = m_scene.projection().inverse(m_state.camera.to_map(*c.area_country_at));
        core::SharedArea a;
        if (ll)
            a = geo::country_at(geo::countries_file(m_options.assets_dir), *ll, error);
        if (a)
            set_area_filter(std::move(a));
        else
            s.message = "area: " + (error.empty() ? std::string("no country here") : error);
    }
    if (c.set_area)
        set_area_filter(*c.set_area);
    if (c.clear_area && s.filters.area)
        set_area_filter({});
}

void Engine::set_area_filter(core::SharedArea area) {
    if (area == m_state.filters.area)
        return;
    core::Commands c;
    c.set_filters = m_state.filters;
    c.set_filters->area = std::move(area);
    apply_data(c);
}

bool Engine::area_click(core::ScreenPx at) {
    if (!m_state.area_drawing)
        return false;
    if (const auto ll = m_scene.projection().inverse(m_state.camera.to_map(at))) {
        core::Commands c;
        c.area_vertex = *ll;
        apply_area(c);
    }
    return true;
}

std::string Engine::area_summary() const {
    if (m_state.area_drawing)
        return "drawing an area: " + std::to_string(m_state.area_draft.size()) +
               " corner(s); Enter closes, Esc cancels";
    if (m_state.filters.area)
        return "within " + m_state.filters.area->name();
    return "";
}

const std::vector<std::string>& Engine::country_names() {
    if (!m_country_names) {
        std::string error;
        m_country_names = geo::country_names(geo::countries_file(m_options.assets_dir), error);
        if (!error.empty())
            m_state.message = "area: " + error;
    }
    return *m_country_names;
}

void Engine::note_area_counts() {
    if (m_state.filters.area && m_overlay.in_window != m_area_shown_written) {
        m_area_shown_written = m_overlay.in_window;
        mark_changed();
    }
}

void Engine::sync_area(render::MapRenderer& renderer) {
    const geo::Projection& projection = m_scene.projection();
    if (!m_area_dirty && m_area_synced.area == m_state.filters.area.area &&
        m_area_projection == projection.name())
        return;
    std::vector<core::MapPoint> segments;
    const double world = m_state.camera.world_width();
    if (m_state.filters.area)
        append_area_outline(*m_state.filters.area, projection, world, segments);
    append_lonlat_path(m_state.area_draft, false, projection, world, segments);
    renderer.set_area(segments);
    m_area_synced = m_state.filters.area;
    m_area_projection = projection.name();
    m_area_dirty = false;
}

} // namespace incimap::scene
