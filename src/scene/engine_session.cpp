// The engine's session: what starts it (the files, the session file, the last view of the
// same files), the state written as a session, and the session restored through apply().

#include "scene/engine.hpp"

#include "geo/gdal/postgis_source.hpp"
#include "scene/actions.hpp"
#include "scene/paths.hpp"
#include "scene/session_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>
#include <fstream>

namespace incimap::scene {

namespace {

// The bounds a session's size is clamped to when read (session.hpp), for the other sources too.
bool plausible_size(int w, int h) {
    return w >= kMinWindowPx && h >= kMinWindowPx && w <= kMaxWindowPx && h <= kMaxWindowPx;
}

} // namespace

// The world's basemap at Medium detail (the view fitted to data is most often that) made on
// the scene's worker while the data loads, where the files are small enough that it is what
// READY waits for (issue 14: the sample 0.7-0.8 -> 0.5-0.6 s, 190k incidents 0.8-1.1 ->
// 0.8 s). Beside a large read its GEOS memory stacks on the read's peak (1M: 287-293 ->
// 299-304 MiB), so there it is made once the data is on screen.
void Engine::prepare_basemap_ahead(const std::vector<std::string>& files) {
    constexpr std::uintmax_t kAheadBelow = std::uintmax_t{64} << 20;
    std::uintmax_t bytes = 0;
    for (const std::string& f : files) {
        std::error_code ec; // a database or a missing file: nothing to weigh
        const std::uintmax_t n = std::filesystem::file_size(f, ec);
        if (!ec)
            bytes += n;
    }
    if (bytes < kAheadBelow)
        m_scene.prepare_basemap_ahead(geo::BasemapDetail::Medium);
}

void Engine::start(std::vector<std::string> files) {
    if (!m_options.session_path.empty()) {
        // Only a missing or empty file or a session is ever written: the user's GeoJSON or
        // notes given as --session are left alone, and no session is saved.
        SessionFile opened = open_session_file(m_options.session_path);
        m_session = std::move(opened.session);
        if (!opened.error.empty()) {
            std::fprintf(stderr, "incimap: %s\n", opened.error.c_str());
            m_state.message = opened.error;
        }
        if (!opened.writable)
            m_options.session_path.clear();
    }
    const bool from_session = files.empty() && m_session;
    if (from_session)
        files = m_session->files;
    if (files.empty())
        files.push_back(sample_path());
    // Without a session, reopening the same files restores the last view of them.
    if (!m_session) {
        std::string ignored;
        if (auto last = load_session(state_dir() + "/last-session.json", ignored)) {
            std::vector<std::string> a = last->files, b;
            for (const auto& f : files)
                b.push_back(std::filesystem::absolute(f).string());
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (a == b) {
                last->playing = false;
                last->selected.reset();
                m_session = std::move(last);
            }
        }
    }
    // Issue 15: the layers chosen for each source, unless --layer says which to read now.
    if (m_session && m_options.read.layer.empty() && m_options.read.layers.empty())
        m_state.source_layers = m_session->source_layers;
    // A database named in a session file is not one the user typed now: it waits for
    // --allow-network or File ▸ Allow network access (listed, and kept in the session).
    core::Commands open;
    for (const std::string& f : files) {
        if (from_session && !m_state.allow_network && geo::is_postgis_connection(f)) {
            m_state.sources.push_back(f);
            m_held_sources.push_back(f);
        } else {
            open.open_files.push_back(f);
        }
    }
    if (!m_held_sources.empty())
        m_state.message = "The session names " + std::to_string(m_held_sources.size()) +
                          " PostGIS source(s): File ▸ Allow network access to connect";
    apply(open);
    prepare_basemap_ahead(files);
    load_bookmarks_file(); // issue 17: the user's bookmarks and the session's
    m_initial_sources = m_state.sources.size() - m_held_sources.size();
    m_session_dirty = false;
}

std::pair<int, int> Engine::initial_window_size() const {
    if (m_session && plausible_size(m_session->window_w, m_session->window_h))
        return {m_session->window_w, m_session->window_h};
    if (std::ifstream in(state_dir() + "/window-size"); in) {
        int w = 0, h = 0;
        if (in >> w >> h && plausible_size(w, h))
            return {w, h};
    }
    return {1280, 800};
}

// The window's size in logical px (its screen size at a content scale of 1): what is saved,
// so that a HiDPI monitor does not grow the window at each launch.
std::pair<int, int> Engine::logical_window_size() const {
    const double scale = m_state.content_scale > 0 ? m_state.content_scale : 1.0;
    return {static_cast<int>(std::lround(m_state.window_w / scale)),
            static_cast<int>(std::lround(m_state.window_h / scale))};
}

Session Engine::current_session() const {
    Session s;
    s.files = m_state.sources; // loaded or not: a source is kept until the user removes it
    s.projection = m_scene.projection().name();
    if (auto ll = m_scene.projection().inverse(m_state.camera.centre()))
        s.center = *ll;
    s.zoom = m_state.camera.zoom();
    s.window = m_state.window;
    s.playing = m_state.playing;
    s.speed_days_per_s = m_state.speed_days_per_s;
    s.step_ms = m_state.step_ms;
    s.loop = m_state.loop;
    if (m_state.selected >= 0) {
        const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
        const Layer& l = m_scene.layers()[layer];
        Session::Selected sel;
        sel.file = l.path;
        sel.index = l.table.feature_at(row);
        // The feature id: GDAL keeps a string id as an "id" field, an integer one as the FID.
        if (const int f = l.table.attributes.field_index("id"); f >= 0) {
            if (auto v = l.table.attributes.value(l.table.attr_row_at(row), static_cast<std::size_t>(f)))
                sel.id_text = std::string(*v);
        } else if (l.table.fid_at(row) >= 0) {
            sel.id = l.table.fid_at(row);
        }
        s.selected = sel;
    }
    const auto& layers = m_scene.layers();
    s.search = m_state.filters.search;
    s.hidden_categories = m_state.filters.hidden_categories;
    for (std::size_t i = 0; i < m_state.filters.hidden_layers.size() && i < layers.size(); ++i)
        if (m_state.filters.hidden_layers[i])
            s.hidden_files.push_back(layers[i].path);
    for (std::size_t i = 0; i < m_state.styles.size() && i < layers.size(); ++i) {
        const core::LayerStyle& style = m_state.styles[i];
        const auto& fields = layers[i].table.attributes.fields();
        const auto name = [&fields](int f) -> std::optional<std::string> {
            if (f >= 0 && static_cast<std::size_t>(f) < fields.size())
                return fields[static_cast<std::size_t>(f)].name;
            return std::nullopt; // none
        };
        Session::FileStyle fs{layers[i].path, {}, {}, {}};
        if (style.colour_field)
            fs.colour_by = name(*style.colour_field);
        if (style.size_field)
            fs.size_by = name(*style.size_field);
        fs.time_fields = style.time_fields; // issue 20
        if (fs.colour_by || fs.size_by || fs.time_fields)
            s.styles.push_back(std::move(fs));
    }
    s.heat = m_state.heat;
    std::tie(s.window_w, s.window_h) = logical_window_size();
    s.window_scale = m_state.content_scale;
    s.basemap = m_state.basemap; // issue 16
    s.basemap_opacity = m_state.basemap_opacity;
    s.basemap_quiet = m_state.basemap_quiet;
    s.map_x = static_cast<int>(m_state.map.x);
    s.map_y = static_cast<int>(m_state.map.y);
    s.map_w = static_cast<int>(m_state.map.w);
    s.map_h = static_cast<int>(m_state.map.h);
    s.bookmarks = m_state.bookmarks; // issue 17
    s.compare = m_state.compare;
    s.ring_centres = m_state.measure.ring_centres;
    s.ring_radii_km = m_state.measure.ring_radii_km;
    // Issue 17: follow a live file.
    s.watch_files = m_state.watch_files;
    s.follow_newest = m_state.follow_newest;
    for (const Layer& l : layers) {
        Session::LiveFile f{l.path, l.table.count(), 0, {}};
        if (const auto r = m_live.reloads.find(l.path); r != m_live.reloads.end())
            f.reloads = r->second;
        for (const auto& [path, note] : m_state.live_notes)
            if (path == l.path)
                f.note = note;
        s.live_files.push_back(std::move(f));
    }
    // Issue 20 (panels): names the user gave the layers, and the list's columns.
    for (std::size_t i = 0; i < m_state.layer_names.size() && i < layers.size(); ++i)
        if (!m_state.layer_names[i].empty())
            s.layer_names.emplace_back(layers[i].path, m_state.layer_names[i]);
    if (m_state.list_columns != core::default_list_columns())
        for (const core::ListColumn col : m_state.list_columns)
            s.list_columns.emplace_back(core::list_column_name(col));
    for (const std::string& source : m_state.sources) // issue 15: the layers chosen for each
        if (std::vector<std::string> chosen = chosen_layers(source); !chosen.empty())
            s.source_layers.push_back({source, std::move(chosen)});
    s.area = m_state.filters.area; // issue 17: focus on an area
    s.area_shown = m_overlay.in_window;
    // Issue 20: fade mode's trail and the theme.
    s.fade_ms = m_state.fade_ms;
    s.theme = m_state.theme == core::ThemeChoice::Dark     ? "dark"
              : m_state.theme == core::ThemeChoice::System ? "system"
                                                           : "light";
    return s;
}

// A session as the commands that restore it (its files are already listed by start()): the
// view, time, filters and selection, then one batch per layer style.
std::vector<core::Commands> Engine::restore_commands(const Session& s) const {
    std::vector<core::Commands> batches(1);
    core::Commands& c = batches.front();
    const auto& layers = m_scene.layers();
    const auto layer_of = [&layers](const std::string& file) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (same_file(layers[i].path, file)) // issue 20: as typed, or resolved
                return i;
        return std::nullopt;
    };
    c.set_projection = s.projection;
    if (s.center || s.zoom)
        c.set_centre_zoom = std::pair{
            s.center.value_or(m_scene.projection().inverse(m_state.camera.centre())
                                  .value_or(core::LonLat{})),
            s.zoom.value_or(m_state.camera.zoom())};
    if (s.window)
        c.set_window = *s.window;
    c.set_playing = s.playing;
    c.set_speed = s.speed_days_per_s;
    c.set_step = s.step_ms;
    c.set_loop = s.loop;
    core::Filters f = m_state.filters;
    f.search = s.search;
    f.hidden_categories = s.hidden_categories;
    f.area = s.area; // issue 17: focus on an area
    for (const std::string& file : s.hidden_files)
        if (const auto i = layer_of(file)) {
            f.hidden_layers.resize(std::max(f.hidden_layers.size(), *i + 1), false);
            f.hidden_layers[*i] = true;
        }
    c.set_heat = s.heat;
    c.set_basemap = s.basemap; // issue 16
    c.set_basemap_opacity = s.basemap_opacity;
    c.set_basemap_quiet = s.basemap_quiet;
    c.set_compare = s.compare; // issue 17
    c.set_ring_centres = s.ring_centres;
    if (!s.ring_radii_km.empty())
        c.set_ring_radii_km = s.ring_radii_km;
    c.set_watch_files = s.watch_files; // issue 17: follow a live file
    c.set_follow_newest = s.follow_newest;
    if (s.selected) // the layer's own path (the session's may be resolved otherwise)
        if (const auto i = layer_of(s.selected->file))
            c.select_feature = std::pair{layers[*i].path, s.selected->index};
    c.set_fade_length = s.fade_ms; // issue 20
    if (s.theme)
        c.set_theme = *s.theme == "dark"     ? core::ThemeChoice::Dark
                      : *s.theme == "system" ? core::ThemeChoice::System
                                             : core::ThemeChoice::Light;
    for (const Session::FileStyle& style : s.styles) {
        const auto i = layer_of(style.file);
        if (!i)
            continue;
        const auto& fields = layers[*i].table.attributes.fields();
        const auto field = [&fields](const std::optional<std::string>& name) {
            for (std::size_t k = 0; name && k < fields.size(); ++k)
                if (fields[k].name == *name)
                    return static_cast<int>(k);
            return -1; // none, or a field this file no longer has
        };
        core::Commands styled;
        if (style.colour_by)
            styled.colour_by = std::pair{*i, field(*style.colour_by)};
        if (style.size_by)
            styled.size_by = std::pair{*i, field(*style.size_by)};
        if (style.time_fields) // issue 20: the layer is read again with them
            styled.set_time_fields = std::pair{*i, *style.time_fields};
        batches.push_back(std::move(styled));
    }
    // Issue 20 (panels): layer names and the list's columns.
    for (const auto& [file, name] : s.layer_names)
        if (const auto i = layer_of(file)) {
            core::Commands named;
            named.rename_layer = std::pair{*i, name};
            batches.push_back(std::move(named));
        }
    if (!s.list_columns.empty()) {
        std::vector<core::ListColumn> columns;
        for (const std::string& name : s.list_columns)
            if (const auto col = core::list_column_from_name(name))
                columns.push_back(*col);
        batches.front().set_list_columns = columns;
    }
    // Issue 20: the filters last: a colour-by field chosen above resets the scene's hidden
    // categories, and the search and the toggles must hold over what is drawn after it.
    if (!(f == m_state.filters) || !s.styles.empty()) {
        core::Commands filtered;
        filtered.set_filters = f;
        batches.push_back(std::move(filtered));
    }
    return batches;
}

void Engine::write_session(bool force) {
    if (m_options.session_path.empty() || (!m_session_dirty && !force))
        return;
    if (std::string e = save_session(current_session(), m_options.session_path); !e.empty())
        m_state.message = e;
    m_written_at = m_now;
    m_session_dirty = false;
}

void Engine::finish() {
    write_session(true);
    Session last_view = current_session();
    for (auto& f : last_view.files)
        f = std::filesystem::absolute(f).string();
    for (auto& l : last_view.source_layers) // issue 15
        l.source = std::filesystem::absolute(l.source).string();
    save_session(last_view, state_dir() + "/last-session.json");
    const auto [w, h] = logical_window_size();
    if (plausible_size(w, h))
        write_file_atomically(state_dir() + "/window-size",
                              std::to_string(w) + " " + std::to_string(h) + "\n");
}

} // namespace incimap::scene
