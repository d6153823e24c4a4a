// The engine's session: what starts it (the files, the session file, the last view of the
// same files), the state written as a session, and the session restored through apply().

#include "scene/engine.hpp"

#include "scene/actions.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace incimap::scene {

namespace {

bool plausible_size(int w, int h) { return w > 200 && h > 200 && w < 16384 && h < 16384; }

} // namespace

void Engine::start(std::vector<std::string> files) {
    if (!m_options.session_path.empty() && std::filesystem::exists(m_options.session_path)) {
        std::string error;
        m_session = load_session(m_options.session_path, error);
        if (!m_session)
            std::fprintf(stderr, "incimap: %s (starting without it)\n", error.c_str());
    }
    if (files.empty() && m_session)
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
    core::Commands open;
    open.open_files = files;
    apply(open);
    m_initial_sources = m_state.sources.size();
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
    if (m_state.selected >= 0) {
        const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
        const Layer& l = m_scene.layers()[layer];
        Session::Selected sel;
        sel.file = l.path;
        sel.index = l.table.feature_index[row];
        // The feature id: GDAL keeps a string id as an "id" field, an integer one as the FID.
        if (const int f = l.table.attributes.field_index("id"); f >= 0) {
            if (auto v = l.table.attributes.value(l.table.attr_row[row], static_cast<std::size_t>(f)))
                sel.id_text = std::string(*v);
        } else if (l.table.fid[row] >= 0) {
            sel.id = l.table.fid[row];
        }
        s.selected = sel;
    }
    s.search = m_state.filters.search;
    s.heat = m_state.heat;
    s.window_w = m_state.window_w;
    s.window_h = m_state.window_h;
    s.map_x = static_cast<int>(m_state.map.x);
    s.map_y = static_cast<int>(m_state.map.y);
    s.map_w = static_cast<int>(m_state.map.w);
    s.map_h = static_cast<int>(m_state.map.h);
    return s;
}

// A session as the commands that restore it (its files are already listed by start()).
core::Commands Engine::restore_commands(const Session& s) const {
    core::Commands c;
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
    if (s.search != m_state.filters.search) {
        core::Filters f = m_state.filters;
        f.search = s.search;
        c.set_filters = f;
    }
    c.set_heat = s.heat;
    if (s.selected)
        c.select_feature = std::pair{s.selected->file, s.selected->index};
    return c;
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
    save_session(last_view, state_dir() + "/last-session.json");
    if (plausible_size(m_state.window_w, m_state.window_h))
        write_file_atomically(state_dir() + "/window-size", std::to_string(m_state.window_w) +
                                                                " " +
                                                                std::to_string(m_state.window_h) +
                                                                "\n");
}

} // namespace incimap::scene
