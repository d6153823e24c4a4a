#include "window/window_app_impl.hpp"

#include "scene/paths.hpp"
#include "ui/side_panel.hpp"
#include "ui/status_bar.hpp"
#include "ui/timeline.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>

namespace incimap::window {

// By value: the filters may be the pending search this clears.
void WindowApp::apply_filters(core::Filters filters) {
    m_pending_filters.reset();
    m_scene.set_filters(filters);
    m_state.search = filters.search;
    after_filter_change();
}

void WindowApp::after_filter_change() {
    // What is drawn and picked changed; a selection that is now hidden goes.
    if (m_state.selected >= 0 && !m_scene.visible(static_cast<std::size_t>(m_state.selected)))
        select(-1);
    m_listed_dirty = true;
    mark_changed();
}

void WindowApp::apply(const core::Commands& c) {
    if (c.set_window) {
        m_state.window = *c.set_window;
        m_listed_dirty = true;
    }
    if (c.set_view)
        std::tie(m_state.view_from, m_state.view_to) = *c.set_view;
    if (c.set_playing) {
        ensure_window_set();
        m_state.playing = *c.set_playing;
    }
    if (c.set_speed)
        m_state.speed_days_per_s = std::max(0.01, *c.set_speed);
    if (c.set_loop)
        m_state.loop = *c.set_loop;
    if (c.set_mode) {
        ensure_window_set();
        m_state.window.mode = *c.set_mode;
        m_listed_dirty = true;
    }
    if (c.step_window)
        step_window(c.step_window);
    if (c.step_stack && !m_state.stack.empty()) {
        const int n = static_cast<int>(m_state.stack.size());
        const int pos = ((m_state.stack_pos + c.step_stack) % n + n) % n;
        select(m_state.stack[static_cast<std::size_t>(pos)]);
    }
    if (c.select)
        select(*c.select);
    if (c.fly_to && *c.fly_to >= 0) {
        core::Camera cam = m_ctl.camera();
        cam.set_centre(m_scene.projected()[static_cast<std::size_t>(*c.fly_to)]);
        cam.set_zoom(std::max(cam.zoom(), 8.0));
        m_ctl.set_camera(cam);
        m_listed_dirty = true;
    }
    if (c.fit_data)
        fit_data();
    if (c.reset_view) {
        fit_data();
        m_state.window = core::TimeWindow{};
    }
    for (const auto& f : c.open_files)
        m_loader.enqueue(f);
    if (c.cancel_load)
        m_loader.cancel();
    // Typing a search over a big table would rebuild the visibility per keystroke: wait until
    // the typing pauses (the box shows the pending text meanwhile).
    bool defer_search = false;
    if (c.set_filters) {
        core::Filters same_but_search = m_scene.filters();
        same_but_search.search = c.set_filters->search;
        defer_search = m_scene.drawn().count() > kSearchDebounceAbove &&
                       same_but_search == *c.set_filters;
        if (defer_search) {
            m_pending_filters = *c.set_filters;
            m_pending_since = m_now;
        }
    }
    if ((c.set_filters && !defer_search) || c.colour_by || c.size_by) {
        // Filters and colouring change what is drawn and picked; the selection may go.
        if (c.colour_by)
            m_scene.set_category_field(c.colour_by->first, c.colour_by->second);
        if (c.size_by)
            m_scene.set_size_field(c.size_by->first, c.size_by->second);
        if (c.set_filters && !defer_search)
            apply_filters(*c.set_filters);
        else
            after_filter_change();
    }
    if (c.allow_network) {
        m_loader.set_allow_network(*c.allow_network);
        m_state.message = *c.allow_network ? "Network access on: URLs opened now are fetched"
                                           : "Network access off";
    }
    if (c.list_order) {
        m_state.list_order = *c.list_order;
        m_listed_dirty = true;
    }
    if (c.set_heat) {
        m_state.heat = *c.set_heat;
        // m_scene.index() stays the same object when filters or files change it.
        m_renderer.set_heat(m_state.heat ? &m_scene.index() : nullptr);
    }
    if (c.quit)
        glfwSetWindowShouldClose(m_window, GLFW_TRUE);
    const bool changed = c.set_window || c.set_playing || c.set_speed || c.set_mode ||
                         c.step_window || c.step_stack || c.select || c.fly_to || c.fit_data ||
                         c.reset_view || c.set_heat;
    if (changed)
        mark_changed();
}

void WindowApp::draw_ui(core::Commands& c) {
    bool open_browser = m_open_browser;
    m_open_browser = false;
    if (ImGui::BeginMainMenuBar()) {
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Open…", "Ctrl+O"))
                open_browser = true;
            if (ImGui::MenuItem("Open sample data"))
                c.open_files.push_back(find_assets_dir() +
                                       "/samples/incidents-2023-10_2024-02.geojson");
            if (ImGui::BeginMenu("Open recent")) {
                if (std::ifstream in(state_dir() + "/recent-files"); in)
                    for (std::string line; std::getline(in, line);)
                        if (!line.empty() && ImGui::MenuItem(line.c_str()))
                            c.open_files.push_back(line);
                ImGui::EndMenu();
            }
            if (ImGui::MenuItem("Allow network access", nullptr, m_loader.allow_network()))
                c.allow_network = !m_loader.allow_network();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Let File > Open read http(s):// URLs and /vsicurl/ paths typed "
                                  "in its path box (off at every start; what a data file names "
                                  "is never fetched)");
            ImGui::Separator();
            const bool has_data = !m_scene.layers().empty();
            if (ImGui::MenuItem("Export visible incidents…", "Ctrl+E", false, has_data))
                m_export_request = ExportKind::Incidents;
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The incidents the map shows now (layers, categories, search "
                                  "and time window) as GeoJSON, CSV or GeoPackage (Ctrl+E)");
            if (ImGui::MenuItem("Export map as PNG…", "Ctrl+Shift+E"))
                m_export_request = ExportKind::MapPng;
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The map as it is now, with legend, time, scale and "
                                  "attribution (Ctrl+Shift+E)");
            ImGui::Separator();
            if (ImGui::MenuItem("Quit", "Ctrl+Q"))
                c.quit = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("View")) {
            if (ImGui::MenuItem("Fit data", "F"))
                c.fit_data = true;
            if (ImGui::MenuItem("Reset view and time", "Home"))
                c.reset_view = true;
            ImGui::Separator();
            if (ImGui::MenuItem("Heat map", "H", m_state.heat))
                c.set_heat = !m_state.heat;
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Density of the incidents the time window shows, instead of "
                                  "markers (H)");
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Help")) {
            ImGui::MenuItem("Drag: pan · wheel: zoom · double-click: zoom in", nullptr, false, false);
            ImGui::MenuItem("+/-: zoom · Ctrl+arrows: pan · F: fit · Home: reset", nullptr, false,
                            false);
            ImGui::MenuItem("Left/Right: step the window · Space: play/pause", nullptr, false, false);
            ImGui::MenuItem("N: next incident at the same spot · Esc: clear selection", nullptr,
                            false, false);
            ImGui::EndMenu();
        }
        ImGui::EndMainMenuBar();
    }
    if (open_browser) {
        std::string start = ".";
        if (!m_scene.layers().empty())
            start = std::filesystem::absolute(m_scene.layers().back().path).parent_path().string();
        m_browser.open(start);
    }
    m_browser.draw(c.open_files);
    draw_export_dialog();
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                   ImGuiWindowFlags_NoSavedSettings;
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    const float menu = ImGui::GetFrameHeight();

    // Side panel.
    ImGui::SetNextWindowPos(ImVec2(0, menu));
    ImGui::SetNextWindowSize(ImVec2(kSideWidth, static_cast<float>(h) - menu - kStatusHeight));
    if (ImGui::Begin("##side", nullptr, fixed)) {
        ui::PanelView view;
        for (const auto& l : m_scene.layers())
            view.layers.push_back({source_name(l.path), &l.report,
                                   l.table.count(), &l.table.attributes.fields()});
        if (m_listed_dirty)
            m_overlay = m_scene.overlay(m_ctl.camera(), m_state.window);
        const render::Overlay& o = m_overlay;
        view.legend_title = o.title;
        for (const auto& e : o.entries)
            view.legend.push_back({e.label, e.colour, e.count});
        view.drawn = &m_scene.drawn();
        if (m_state.selected >= 0) {
            const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
            view.selected_table = &m_scene.layers()[layer].table;
            view.selected_row = row;
            view.selected_file = source_name(m_scene.layers()[layer].path);
        }
        if (m_listed_dirty) {
            m_scene.request_list(m_ctl.camera(), m_state.window, m_state.list_order);
            m_clusters_dirty = true;
            m_listed_dirty = false;
        }
        if (auto listed = m_scene.poll_list())
            m_listed = std::move(*listed);
        view.listed = &m_listed;
        view.filters = m_pending_filters ? &*m_pending_filters : &m_scene.filters();
        view.loading = m_loader.busy();
        view.progress = m_loader.progress();
        view.preparing = m_scene.preparing();
        view.loading_name =
            source_name(view.preparing ? m_scene.preparing_name() : m_loader.current());
        ui::draw_side_panel(m_state, view, c);
    }
    ImGui::End();

    // Timeline.
    ImGui::SetNextWindowPos(ImVec2(kSideWidth, static_cast<float>(h) - kStatusHeight - kTimelineHeight));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(w) - kSideWidth, kTimelineHeight));
    if (ImGui::Begin("##timeline", nullptr, fixed))
        ui::draw_timeline(m_state, m_scene.time_index(), c);
    ImGui::End();

    // Status bar.
    ImGui::SetNextWindowPos(ImVec2(0, static_cast<float>(h) - kStatusHeight));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(w), kStatusHeight));
    if (ImGui::Begin("##status", nullptr, fixed | ImGuiWindowFlags_NoScrollbar)) {
        ui::StatusView s;
        if (m_map.contains(m_cursor_x, m_cursor_y))
            s.cursor = m_scene.projection().inverse(
                m_ctl.camera().to_map({m_cursor_x - m_map.x, m_cursor_y - m_map.y}));
        s.zoom = m_ctl.camera().zoom();
        s.total = m_scene.drawn().count();
        s.in_view_and_window = m_listed.size();
        s.in_window = m_overlay.in_window;
        s.frame_ms = m_options.test_mode ? -1.0f : m_frame_ms;
        s.message = !m_state.message.empty() ? m_state.message : m_basemap_error;
        if (m_remote.active()) // the counts are of what was fetched: say so
            s.message = m_remote.status() + (s.message.empty() ? "" : " · " + s.message);
        ui::draw_status_bar(s);
    }
    ImGui::End();

    // Hover tooltip over the map.
    if (m_hover >= 0 && !ImGui::GetIO().WantCaptureMouse && !m_pressed) {
        const auto u = static_cast<std::size_t>(m_hover);
        const core::IncidentTable& t = m_scene.drawn();
        const core::CategoryId cat = t.category[u];
        ImGui::SetTooltip("%s\n%s", cat < t.categories.size() ? t.categories[cat].c_str() : "incident",
                          ui::describe_time(t.time(u)).c_str());
    }
}

} // namespace incimap::window
