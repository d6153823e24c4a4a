// The panels around the map: the side panel (layers, legend, details, list), the timeline,
// the status bar and the hover tooltip. Each reads the engine's state and views and fills
// the frame's commands.

#include "scene/paths.hpp"
#include "ui/hover_text.hpp"
#include "ui/panel_text.hpp"
#include "ui/compare_panel.hpp"
#include "ui/side_panel.hpp"
#include "ui/status_bar.hpp"
#include "window/window_host.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace incimap::window {

// Issue 17: both windows' counts, per category (the legend's order), for the side panel.
ui::CompareView WindowHost::compare_view() {
    ui::CompareView v;
    if (!m_engine.state().compare)
        return v;
    const render::Overlay& a = m_engine.overlay();
    const render::Overlay& b = m_engine.compare_overlay();
    v.in_a = a.in_window;
    v.in_b = b.in_window;
    for (const auto& e : a.entries)
        v.rows.push_back({e.label, e.colour, e.count, 0});
    for (const auto& e : b.entries) {
        auto it = std::find_if(v.rows.begin(), v.rows.end(),
                               [&](const ui::CompareRow& r) { return r.label == e.label; });
        if (it == v.rows.end())
            v.rows.push_back({e.label, e.colour, 0, e.count});
        else
            it->in_b = e.count;
    }
    return v;
}

void WindowHost::draw_panels(core::Commands& c) {
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                   ImGuiWindowFlags_NoSavedSettings;
    const core::AppState& s = m_engine.state();
    const scene::MapScene& data = m_engine.scene();
    const auto w = static_cast<float>(s.window_w), h = static_cast<float>(s.window_h);
    const float menu = ImGui::GetFrameHeight();

    ImGui::SetNextWindowPos(ImVec2(0, menu));
    const PanelSizes sizes = panel_sizes(s.content_scale); // issue 20: HiDPI
    ImGui::SetNextWindowSize(ImVec2(sizes.side, h - menu - sizes.status));
    if (ImGui::Begin("##side", nullptr, fixed)) {
        ui::PanelView view;
        for (const auto& l : data.layers()) {
            ui::LayerView& row = view.layers.emplace_back();
            row.name = row.file = scene::source_name(l.path); // issue 20 (panels): renamed later
            row.report = &l.report;
            row.loaded = l.table.count();
            row.fields = &l.table.attributes.fields();
            for (const auto& [path, note] : s.live_notes) // issue 17: live files
                if (path == l.path)
                    row.live_note = note;
        }
        const render::Overlay& o = m_engine.overlay();
        fill_panel_view(view, o); // issue 20 (panels): names, legends per layer, list columns
        view.legend_title = o.title;
        for (const auto& e : o.entries)
            view.legend.push_back({e.label, e.colour, e.count, std::nullopt});
        view.drawn = &data.drawn();
        if (s.selected >= 0) {
            const auto [layer, row] = data.source_of(static_cast<std::size_t>(s.selected));
            view.selected_table = &data.layers()[layer].table;
            view.selected_row = row;
            view.selected_file = scene::source_name(data.layers()[layer].path);
        }
        view.listed = &m_engine.listed();
        view.filters = &s.filters;
        view.loading = m_engine.loading();
        view.progress = m_engine.load_progress();
        view.connecting = m_engine.connecting();
        view.fetching = m_engine.fetching();
        view.preparing = data.preparing();
        view.loading_name = m_engine.loading_name();
        view.retiming = s.retiming; // issue 20
        m_compare.draw(s, compare_view(), c); // issue 17
        ui::draw_side_panel(s, view, c);
        m_bookmarks.draw(s, c); // issue 17
    }
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(sizes.side, h - sizes.status - sizes.timeline));
    ImGui::SetNextWindowSize(ImVec2(w - sizes.side, sizes.timeline));
    if (ImGui::Begin("##timeline", nullptr, fixed))
        m_timeline.draw(s,
                        {data.time_extent(),
                         [&data](core::UnixMs first, core::UnixMs bin, std::size_t bins) {
                             return data.histogram(first, bin, bins);
                         },
                         data.view_generation()},
                        c);
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, h - sizes.status));
    ImGui::SetNextWindowSize(ImVec2(w, sizes.status));
    if (ImGui::Begin("##status", nullptr, fixed | ImGuiWindowFlags_NoScrollbar)) {
        ui::StatusView status;
        if (m_pointer.over(s.map))
            status.cursor = data.projection().inverse(s.camera.to_map(m_pointer.in(s.map)));
        status.zoom = s.camera.zoom();
        status.total = data.drawn().count();
        status.in_view_and_window = m_engine.listed().size();
        status.in_window = m_engine.overlay().in_window;
        status.frame_ms = m_options.test_mode ? -1.0f : m_frame_ms;
        status.message = m_engine.status_message();
        status.message_kind = s.message.empty() ? core::MessageKind::Warning : s.message_kind; // issue 20
        status.dark = m_dark_applied == 1;
        status.compare = ui::compare_summary(s, compare_view()); // issue 17
        status.measure = m_engine.measure_summary();
        if (const std::string a = m_engine.area_summary(); !a.empty()) // issue 17: the area
            status.measure += (status.measure.empty() ? "" : " · ") + a;
        ui::draw_status_bar(status);
    }
    ImGui::End();

    m_search.draw(s, s.map, c); // issue 17: Ctrl+F or /

    // Issue 17: the measured numbers on the map are drawn by the renderer (p17k:
    // render/measure_labels.cpp), so that exported PNGs have them too.

    // Issue 20 (panels): a cluster badge under the pointer says its count by category.
    if (!ImGui::GetIO().WantCaptureMouse && !m_pointer.down() && m_pointer.over(s.map)) {
        const auto split = m_engine.cluster_split_at(m_pointer.in(s.map));
        if (!split.empty()) {
            ImGui::SetTooltip("%s", ui::cluster_tooltip(split).c_str());
            return;
        }
    }
    if (m_hover.index >= 0 && !ImGui::GetIO().WantCaptureMouse && !m_pointer.down()) {
        const auto u = static_cast<std::size_t>(m_hover.index);
        const core::IncidentTable& t = data.drawn();
        const core::CategoryId cat = t.category[u];
        const auto [layer, row] = data.source_of(u);
        const std::string text = ui::hover_text(
            cat < t.categories.size() ? t.categories[cat] : std::string("incident"), t.time(u),
            data.layers()[layer].table.attributes, row);
        ImGui::SetTooltip("%s", text.c_str());
    }
}

} // namespace incimap::window
