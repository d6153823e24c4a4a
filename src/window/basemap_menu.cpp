#include "window/basemap_menu.hpp"

#include "scene/basemap_choice.hpp"
#include "scene/paths.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <cstdio>

namespace incimap::window {

void BasemapMenu::draw_menu(const core::AppState& s, core::Commands& c) {
    if (!ImGui::BeginMenu("Basemap"))
        return;
    const bool offline = s.basemap == scene::kBasemapOffline;
    const bool none = s.basemap == scene::kBasemapNone;
    if (ImGui::MenuItem("Offline map", nullptr, offline))
        c.set_basemap = scene::kBasemapOffline;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Land, borders, rivers and places bundled with incimap (Natural "
                          "Earth, GSHHG, GeoNames)");
    if (ImGui::MenuItem("None", nullptr, none))
        c.set_basemap = scene::kBasemapNone;
    if (ImGui::MenuItem("A file or tile URL...", nullptr, !offline && !none))
        m_open_request = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A GeoTIFF / COG, a raster MBTiles or a vector (OpenMapTiles) MBTiles "
                          "file (read-only; never written), "
                          "or an XYZ tile URL such as https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                          "(fetched only after File > Allow network access; cached)");
    const auto recent = scene::recent_basemaps();
    if (!recent.empty() && ImGui::BeginMenu("Recent")) {
        for (const std::string& path : recent)
            if (ImGui::MenuItem(path.c_str(), nullptr, path == s.basemap))
                c.set_basemap = path;
        ImGui::EndMenu();
    }
    ImGui::Separator();
    float opacity = static_cast<float>(s.basemap_opacity);
    ImGui::SetNextItemWidth(ui::scaled(140));
    if (ImGui::SliderFloat("Opacity", &opacity, 0.0f, 1.0f, "%.2f"))
        c.set_basemap_opacity = opacity;
    if (ImGui::MenuItem("Quiet (grey, dimmed)", nullptr, s.basemap_quiet))
        c.set_basemap_quiet = !s.basemap_quiet;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Draw a raster basemap in grey and lighter, so the data stays loud");
    ImGui::EndMenu();
}

void BasemapMenu::draw_dialog(core::Commands& c) {
    if (m_open_request) {
        ImGui::OpenPopup("Basemap file or tiles");
        m_open_request = false;
    }
    ImGui::SetNextWindowSize(ImVec2(ui::scaled(560), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Basemap file or tiles", nullptr))
        return;
    ImGui::TextWrapped("A GeoTIFF / COG (a satellite image, a scanned map), a raster "
                       "MBTiles or a vector MBTiles file (OpenMapTiles: streets, water, "
                       "buildings), opened read-only; or an XYZ tile URL "
                       "(https://host/{z}/{x}/{y}.png), fetched only after File > Allow "
                       "network access, at most 4 tiles at a time, cached in ~/.cache/incimap/tiles.");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##path", m_path, sizeof m_path,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Use") || entered) && m_path[0] != '\0') {
        c.set_basemap = std::string(m_path);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace incimap::window
