#include "window/window_app_impl.hpp"

#include "scene/paths.hpp"
#include "geo/gdal/postgis_source.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace incimap::window {

void WindowApp::on_loaded(geo::ReadResult result) {
    if (!result.ok) {
        ++m_loaded_files;
        m_state.message = result.error;
        return;
    }
    const std::string path = result.report.source;
    if (result.report.cancelled) {
        ++m_loaded_files;
        m_state.message = path + ": loading cancelled; nothing was added";
        return;
    }
    // Merged, projected and indexed on a worker; on_layer_added finishes once it is in.
    m_adding = Adding{m_scene.layers().empty(), result.fetched_region};
    m_scene.add_layer_async({path, std::move(result.table), std::move(result.report),
                             std::move(result.category_totals)});
}

void WindowApp::on_layer_added() {
    ++m_loaded_files;
    const Adding added = m_adding.value_or(Adding{});
    m_adding.reset();
    const Layer& layer = m_scene.layers().back();
    const std::string path = layer.path;
    if (added.fetched) {
        // A PostGIS table over budget: its region is what is shown; the window starts there.
        m_remote.track(m_scene.layers().size() - 1, path, with_remote_regions(m_options.read),
                       *added.fetched);
        if (added.fetched->time && m_state.window.is_all()) {
            m_state.window.from = added.fetched->time->start_ms;
            m_state.window.to = added.fetched->time->end_ms;
        }
    }
    const core::TimeIndex& times = m_scene.time_index();
    if (times.dated() > 0) {
        const core::UnixMs pad = std::max<core::UnixMs>(
            core::kMsPerDay, (times.last_end() - times.first()) / 20);
        m_state.view_from = core::floor_days(times.first() - pad) * core::kMsPerDay;
        m_state.view_to = core::floor_days(times.last_end() + pad) * core::kMsPerDay;
    }
    if (added.first)
        fit_data();
    // Remember it in the recent files (most recent first, ten at most).
    std::vector<std::string> recent{
        geo::is_postgis_connection(path) ? path : std::filesystem::absolute(path).string()};
    if (std::ifstream in(state_dir() + "/recent-files"); in)
        for (std::string line; std::getline(in, line) && recent.size() < 10;)
            if (!line.empty() && line != recent.front())
                recent.push_back(line);
    std::string text;
    for (const auto& r : recent)
        text += r + "\n";
    write_file_atomically(state_dir() + "/recent-files", text);
    update_title();
    m_listed_dirty = true;
    mark_changed();
}

void WindowApp::on_refetched(RemoteQuery::Fetched fetched) {
    Layer layer{m_scene.layers().at(fetched.layer).path, std::move(fetched.read.table),
                std::move(fetched.read.report), std::move(fetched.read.category_totals)};
    if (m_state.selected >= 0)
        select(-1); // drawn indices change with the table
    m_scene.replace_layer(fetched.layer, std::move(layer));
    m_listed_dirty = true;
    m_clusters_dirty = true;
}

void WindowApp::update_title() {
    std::string title = "incimap";
    if (!m_scene.layers().empty()) {
        title += " — " + source_name(m_scene.layers().front().path);
        if (m_scene.layers().size() > 1)
            title += " + " + std::to_string(m_scene.layers().size() - 1) + " more";
    }
    glfwSetWindowTitle(m_window, title.c_str());
}

Session WindowApp::current_session() const {
    Session s;
    for (const auto& l : m_scene.layers())
        s.files.push_back(l.path);
    s.projection = m_scene.projection().name();
    if (auto ll = m_scene.projection().inverse(m_ctl.camera().centre()))
        s.center = *ll;
    s.zoom = m_ctl.camera().zoom();
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
    s.search = m_state.search;
    s.heat = m_state.heat;
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    s.window_w = w;
    s.window_h = h;
    s.map_x = static_cast<int>(m_map.x);
    s.map_y = static_cast<int>(m_map.y);
    s.map_w = static_cast<int>(m_map.w);
    s.map_h = static_cast<int>(m_map.h);
    return s;
}

void WindowApp::apply_session_view() {
    if (!m_session || m_session_applied)
        return;
    m_session_applied = true;
    const Session& s = *m_session;
    std::string error;
    if (s.projection != m_scene.projection().name() && !m_scene.set_projection(s.projection, error))
        m_state.message = "session: " + error;
    core::Camera cam = m_scene.make_camera(m_map.w, m_map.h);
    cam.set_centre(m_ctl.camera().centre());
    cam.set_zoom(m_ctl.camera().zoom());
    if (s.center)
        cam.set_centre(m_scene.projection().forward(*s.center));
    if (s.zoom)
        cam.set_zoom(*s.zoom);
    m_ctl.set_camera(cam);
    if (s.window)
        m_state.window = *s.window;
    m_state.playing = s.playing;
    m_state.speed_days_per_s = s.speed_days_per_s;
    m_state.search = s.search;
    if (s.heat != m_state.heat) {
        core::Commands c;
        c.set_heat = s.heat;
        apply(c);
    }
    if (s.selected) {
        for (std::size_t i = 0; i < m_scene.drawn().count(); ++i) {
            const auto [layer, row] = m_scene.source_of(i);
            const Layer& l = m_scene.layers()[layer];
            if (l.path == s.selected->file && l.table.feature_index[row] == s.selected->index) {
                select(static_cast<int>(i));
                break;
            }
        }
    }
    m_listed_dirty = true;
}

void WindowApp::maybe_write_session(bool force) {
    if (m_options.session_path.empty() || (!m_session_dirty && !force))
        return;
    // Within a second of a change, but not every frame while something moves.
    if (!force && m_now - m_written_at < 0.5)
        return;
    if (std::string e = save_session(current_session(), m_options.session_path); !e.empty())
        m_state.message = e;
    m_written_at = m_now;
    m_session_dirty = false;
}

} // namespace incimap::window
