// The analyst's toolkit in the engine (issue 17): the search box's list (gazetteer places and
// incidents by their text), eased flights to a place, and bookmarks (named views, kept in the
// session and in the XDG config folder's bookmarks.json).

#include "scene/engine.hpp"

#include "core/filters.hpp"
#include "core/text_fold.hpp"
#include "geo/places_reader.hpp"
#include "scene/bookmarks.hpp"

#include <algorithm>
#include <cstdio>

namespace incimap::scene {

namespace {

inline constexpr std::size_t kPlaceHits = 8, kIncidentHits = 8;

// 7216000 → "7,216,000".
std::string thousands(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

// The shortest text value of `row` that holds `needle_lower` (ASCII case folded): a place
// name rather than a summary or a source URL; shortened.
std::string matching_text(const core::AttributeStore& a, std::size_t row,
                          std::string_view needle_lower) {
    const auto& fields = a.fields();
    std::string best;
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type != core::FieldType::String)
            continue;
        const auto v = a.value(row, f);
        if (!v || (!best.empty() && v->size() >= best.size()))
            continue;
        if (core::ascii_lower(*v).find(needle_lower) != std::string::npos)
            best = std::string(*v);
    }
    if (best.size() > 60) {
        std::size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(best[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        best = best.substr(0, cut) + "…";
    }
    return best;
}

} // namespace

const core::Gazetteer& Engine::gazetteer() {
    if (!m_gazetteer) {
        std::string error;
        auto places = geo::read_places(m_options.assets_dir + "/basemap/places.fgb", error);
        if (!error.empty())
            m_state.message = "place search: " + error;
        m_gazetteer.emplace(std::move(places));
    }
    return *m_gazetteer;
}

void Engine::find(const std::string& text) {
    m_state.find_text = text;
    m_state.search_hits.clear();
    if (core::fold_text(text).empty())
        return;
    const core::Gazetteer& g = gazetteer();
    for (const core::GazetteerMatch& m : g.matches(text, kPlaceHits)) {
        const core::GazetteerPlace& p = g.places()[m.place];
        core::SearchHit hit;
        hit.kind = core::SearchHit::Kind::Place;
        hit.label = core::place_label(p, m.alt); // "Baghdad — بغداد" when found by that name
        hit.detail = p.country + (p.population > 0 ? " · " + thousands(p.population) : "");
        hit.lonlat = p.lonlat;
        hit.zoom = core::zoom_for_population(p.population);
        m_state.search_hits.push_back(std::move(hit));
    }
    // Incidents whose text holds the query (ASCII case folded, as the filter's search).
    const std::string needle = core::ascii_lower(text);
    const core::IncidentTable& drawn = m_scene.drawn();
    std::size_t found = 0;
    for (std::size_t i = 0; i < drawn.count() && found < kIncidentHits; ++i) {
        const auto [layer, row] = m_scene.source_of(i);
        const core::IncidentTable& t = m_scene.layers()[layer].table;
        if (!core::row_matches(t.attributes, t.attr_row_at(row), needle))
            continue;
        core::SearchHit hit;
        hit.kind = core::SearchHit::Kind::Incident;
        hit.label = matching_text(t.attributes, t.attr_row_at(row), needle);
        if (hit.label.empty())
            hit.label = "incident";
        const core::TimeInterval when = drawn.time(i);
        hit.detail = when.precision == core::TimePrecision::None
                         ? "undated"
                         : core::format_iso(when.start_ms, when.precision);
        if (drawn.category[i] < drawn.categories.size())
            hit.detail += " · " + drawn.categories[drawn.category[i]];
        hit.lonlat = {drawn.lon[i], drawn.lat[i]};
        hit.zoom = std::max(m_state.camera.zoom(), 10.0);
        hit.incident = static_cast<int>(i);
        m_state.search_hits.push_back(std::move(hit));
        ++found;
    }
}

void Engine::apply_toolkit(const core::Commands& c) {
    // Anything else that moves the map ends a flight (the user took over).
    if (c.pan_px || c.scroll || c.zoom_at || c.zoom_centre || c.set_centre_zoom || c.fit_data ||
        c.reset_view || c.fly_to)
        m_flight.cancel();
    apply_compare(c);
    apply_measure(c);
    if (c.show_search)
        m_state.search_open = *c.show_search;
    if (c.find)
        find(*c.find);
    if (c.fly_to_lonlat) {
        const auto& [ll, zoom] = *c.fly_to_lonlat;
        if (core::is_valid_lonlat(ll)) {
            const core::MapPoint to = m_scene.projection().forward(ll);
            m_flight.start(m_state.camera, to, zoom);
        }
    }
    if (c.go_to_hit && *c.go_to_hit >= 0 &&
        static_cast<std::size_t>(*c.go_to_hit) < m_state.search_hits.size()) {
        const core::SearchHit hit = m_state.search_hits[static_cast<std::size_t>(*c.go_to_hit)];
        m_flight.start(m_state.camera, m_scene.projection().forward(hit.lonlat), hit.zoom);
        if (hit.incident >= 0 && static_cast<std::size_t>(hit.incident) < m_scene.drawn().count())
            select(hit.incident);
        m_state.search_open = false;
        m_state.message = "→ " + hit.label;
    }
    if (c.add_bookmark) {
        core::Bookmark b;
        b.name = unique_bookmark_name(m_state.bookmarks, *c.add_bookmark);
        const core::MapPoint centre = m_flight.active() ? m_flight.target() : m_state.camera.centre();
        b.centre = m_scene.projection().inverse(centre).value_or(core::LonLat{});
        b.zoom = m_flight.active() ? m_flight.target_zoom() : m_state.camera.zoom();
        b.window = m_state.window;
        b.search = m_state.filters.search;
        b.hidden_categories = m_state.filters.hidden_categories;
        b.area = m_state.filters.area; // p17k: the focus area too
        if (m_state.bookmarks.size() < kMaxBookmarks) {
            say(core::MessageKind::Success, // issue 20: a success, not a warning
                "bookmark \"" + b.name + "\" added" +
                    (m_state.bookmarks.size() < 9
                         ? " (key " + std::to_string(m_state.bookmarks.size() + 1) + ")"
                         : ""));
            m_state.bookmarks.push_back(std::move(b));
            save_bookmarks_file();
            mark_changed();
        }
    }
    if (c.remove_bookmark && *c.remove_bookmark >= 0 &&
        static_cast<std::size_t>(*c.remove_bookmark) < m_state.bookmarks.size()) {
        m_state.bookmarks.erase(m_state.bookmarks.begin() + *c.remove_bookmark);
        save_bookmarks_file();
        mark_changed();
    }
    if (c.recall_bookmark && *c.recall_bookmark >= 0 &&
        static_cast<std::size_t>(*c.recall_bookmark) < m_state.bookmarks.size()) {
        const core::Bookmark b = m_state.bookmarks[static_cast<std::size_t>(*c.recall_bookmark)];
        core::Commands restore;
        restore.set_window = b.window;
        core::Filters f = m_state.filters;
        f.search = b.search;
        f.hidden_categories = b.hidden_categories;
        f.area = b.area; // p17k: its area, or none
        if (!(f == m_state.filters))
            restore.set_filters = f;
        restore.fly_to_lonlat = std::pair{b.centre, b.zoom};
        restore.message = "bookmark \"" + b.name + "\"";
        apply(restore);
    }
}

// Compare two periods: B set, cleared, or made the same length just before A.
void Engine::apply_compare(const core::Commands& c) {
    if (c.set_compare) {
        m_state.compare = *c.set_compare;
        if (m_state.compare && (m_state.compare->is_all() ||
                                m_state.compare->to <= m_state.compare->from))
            m_state.compare.reset(); // all time, or empty: nothing to compare with
        if (m_state.compare) { // a plain window; undated incidents belong to A alone
            m_state.compare->mode = core::TimeMode::Window;
            m_state.compare->show_undated = false;
        }
        m_list_dirty = true;
        mark_changed();
    }
    if (c.compare_before) {
        ensure_window_set();
        if (!m_state.window.is_all()) {
            const core::UnixMs length = m_state.window.to - m_state.window.from;
            core::TimeWindow b;
            b.from = m_state.window.from - length;
            b.to = m_state.window.from;
            b.show_undated = false;
            m_state.compare = b;
            m_list_dirty = true;
            mark_changed();
        }
    }
}

bool Engine::update_flight(double dt_s) {
    if (!m_flight.update(m_state.camera, dt_s))
        return false;
    m_ctl.reset(m_state.camera); // the wheel's easing starts from where the flight is
    return true;
}

void Engine::load_bookmarks_file() {
    if (m_bookmarks_path.empty())
        m_bookmarks_path = bookmarks_path();
    std::string error;
    m_state.bookmarks = load_bookmarks(m_bookmarks_path, error);
    if (!error.empty())
        m_state.message = error;
    // The session's bookmarks join the user's (by name; the user's file wins).
    if (m_session)
        for (const core::Bookmark& b : m_session->bookmarks)
            if (!find_bookmark(m_state.bookmarks, b.name) &&
                m_state.bookmarks.size() < kMaxBookmarks)
                m_state.bookmarks.push_back(b);
}

void Engine::save_bookmarks_file() {
    if (m_bookmarks_path.empty())
        m_bookmarks_path = bookmarks_path();
    if (std::string e = save_bookmarks(m_state.bookmarks, m_bookmarks_path); !e.empty())
        m_state.message = e;
}

} // namespace incimap::scene
