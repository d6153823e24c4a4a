// Area ▸ (issue 17, item 4): draw a polygon (A), close it (Enter), clear it (Shift+A), or
// pick a country of the basemap by name (or Alt+click on the map). Each item shows its key,
// in the menu and in its tooltip.

#include "core/text_fold.hpp"
#include "scene/actions.hpp"
#include "window/keymap.hpp"
#include "window/tooltips.hpp"
#include "window/window_host.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <string>

namespace incimap::window {

namespace {

using scene::Action;

void item(Action action, const core::AppState& state, core::Commands& c,
          const bool* checked = nullptr, bool enabled = true) {
    if (ImGui::MenuItem(scene::label_of(action), shortcut_for(action),
                        checked != nullptr && *checked, enabled))
        c = scene::command_for(action, state);
}

void tooltip(const std::string& text) {
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text.c_str());
}

} // namespace

void WindowHost::draw_area_menu(core::Commands& c) {
    if (!ImGui::BeginMenu("Area"))
        return;
    const core::AppState& s = m_engine.state();
    item(Action::DrawArea, s, c, &s.area_drawing);
    tooltip(tooltip_of(Action::DrawArea));
    item(Action::FinishArea, s, c, nullptr, s.area_drawing);
    tooltip(tooltip_of(Action::FinishArea));
    item(Action::ClearArea, s, c, nullptr, static_cast<bool>(s.filters.area));
    tooltip(tooltip_of(Action::ClearArea));
    if (ImGui::BeginMenu("Country")) {
        ImGui::SetNextItemWidth(ui::scaled(220));
        char buffer[128] = {};
        m_country_filter.copy(buffer, sizeof buffer - 1);
        if (ImGui::InputTextWithHint("##country", "type a name", buffer, sizeof buffer))
            m_country_filter = buffer;
        const std::string wanted = core::fold_text(m_country_filter);
        int shown = 0;
        for (const std::string& name : m_engine.country_names()) {
            if (!wanted.empty() && core::fold_text(name).find(wanted) == std::string::npos)
                continue;
            const bool current = s.filters.area && s.filters.area->name() == name;
            if (ImGui::MenuItem(name.c_str(), nullptr, current))
                c.area_country = name;
            if (++shown >= 40)
                break;
        }
        ImGui::EndMenu();
    }
    tooltip("A country of the basemap as the area (Alt+click a country on the map)");
    ImGui::EndMenu();
}

} // namespace incimap::window
