#include "ui/layer_menu.hpp"

#include "ui/layer_drag.hpp"

#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace incimap::ui {

namespace {

// The rename field's text while its popup is open: one popup is open at a time (ImGui's own
// model), so one buffer serves every layer.
std::array<char, 201> g_rename{};

core::Filters with_layer_shown(const core::Filters& filters, std::size_t layer, bool shown) {
    core::Filters f = filters;
    f.hidden_layers.resize(std::max(f.hidden_layers.size(), layer + 1), false);
    f.hidden_layers[layer] = !shown;
    return f;
}

} // namespace

void draw_layer_line(const LayerLine& l, const core::Filters& filters, core::Commands& commands) {
    const std::size_t li = l.index;
    bool shown = !(li < filters.hidden_layers.size() && filters.hidden_layers[li]);
    if (ImGui::Checkbox("##shown", &shown))
        commands.set_filters = with_layer_shown(filters, li, shown);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Show or hide this layer");
    ImGui::SameLine();
    const std::string label = l.name + "  " + std::to_string(l.incidents);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(shown ? ImGuiCol_Text
                                                                         : ImGuiCol_TextDisabled));
    ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_None,
                      ImVec2(ImGui::GetContentRegionAvail().x - 28, 0));
    ImGui::PopStyleColor();
    drag_layer_row(li, l.name, l.ids, commands); // issue 20: drag to reorder
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\nDrag to reorder; right-click: rename, move, zoom to, hide or "
                          "remove",
                          l.file.c_str());
    bool open = ImGui::IsItemClicked(ImGuiMouseButton_Right);
    ImGui::SameLine();
    open = ImGui::SmallButton("...") || open;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Layer menu");
    if (open)
        ImGui::OpenPopup("##layer_menu");
    bool rename = false;
    if (ImGui::BeginPopup("##layer_menu")) {
        ImGui::TextDisabled("%s", l.name.c_str());
        ImGui::Separator();
        if (ImGui::MenuItem("Rename..."))
            rename = true;
        if (ImGui::MenuItem("Move up", nullptr, false, li > 0))
            commands.move_layer = std::pair{li, -1};
        if (ImGui::MenuItem("Move down", nullptr, false, li + 1 < l.count))
            commands.move_layer = std::pair{li, 1};
        if (ImGui::MenuItem("Zoom to layer"))
            commands.zoom_to_layer = li;
        if (ImGui::MenuItem(shown ? "Hide" : "Show"))
            commands.set_filters = with_layer_shown(filters, li, !shown);
        ImGui::Separator();
        if (ImGui::MenuItem("Remove"))
            commands.remove_layer = li;
        ImGui::EndPopup();
    }
    if (rename) {
        std::snprintf(g_rename.data(), g_rename.size(), "%s", l.name.c_str());
        ImGui::OpenPopup("##rename");
    }
    if (ImGui::BeginPopup("##rename")) {
        ImGui::TextDisabled("Name of the layer (empty: the file's)");
        if (ImGui::IsWindowAppearing())
            ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(scaled(240));
        const bool enter = ImGui::InputText("##name", g_rename.data(), g_rename.size(),
                                            ImGuiInputTextFlags_EnterReturnsTrue |
                                                ImGuiInputTextFlags_AutoSelectAll);
        if (enter || ImGui::Button("Rename")) {
            commands.rename_layer = std::pair{li, std::string(g_rename.data())};
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

} // namespace incimap::ui
