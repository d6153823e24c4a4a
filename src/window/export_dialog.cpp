#include "window/export_dialog.hpp"

#include "scene/map_export.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace incimap::window {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDialog = "Export##dialog";

void copy_path(char (&dest)[1024], const std::string& text) {
    std::strncpy(dest, text.c_str(), sizeof dest - 1);
    dest[sizeof dest - 1] = '\0';
}

// "~/x" as the shell would read it.
std::string expand_home(std::string path) {
    if (path.rfind("~/", 0) == 0)
        if (const char* home = std::getenv("HOME"); home && *home)
            path = std::string(home) + path.substr(1);
    return path;
}

} // namespace

void ExportDialog::open(core::Dialog dialog, scene::Engine& engine, core::Commands& commands) {
    const scene::MapScene& data = engine.scene();
    const bool png = dialog == core::Dialog::ExportMapPng;
    if (!png && data.layers().empty()) {
        commands.message = "Nothing to export yet: open a file first";
        return;
    }
    m_kind = dialog;
    std::error_code ec;
    const fs::path dir = m_dir.empty() ? fs::current_path(ec) : fs::path(m_dir);
    const std::string stem =
        data.layers().empty() ? "incimap" : fs::path(data.layers().front().path).stem().string();
    copy_path(m_path, (dir / (stem + (png ? "-map.png" : "-visible.geojson"))).string());
    m_error.clear();
    m_count = 0;
    if (!png)
        for (const geo::ExportPart& part : scene::visible_parts(data, engine.state().window))
            m_count += part.rows.size();
    m_opening = true;
}

void ExportDialog::draw(scene::Engine& engine, render::MapRenderer& renderer, float pixel_ratio,
                        core::Commands& commands) {
    if (m_opening) {
        ImGui::OpenPopup(kDialog);
        m_opening = false;
    }
    if (m_kind == core::Dialog::None)
        return;
    ImGui::SetNextWindowSize(ImVec2(ui::scaled(600), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kDialog, nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    const core::AppState& state = engine.state();
    const bool png = m_kind == core::Dialog::ExportMapPng;
    if (png) {
        ImGui::TextWrapped("The map as it is now, %d × %d px, with legend, time window, scale "
                           "bar and attribution.",
                           static_cast<int>(state.map.w * pixel_ratio),
                           static_cast<int>(state.map.h * pixel_ratio));
    } else {
        ImGui::TextWrapped("%zu incidents: those the layers, categories, search and time window "
                           "leave on the map, with all their attributes.",
                           m_count);
        // The format follows the extension; these set it.
        fs::path p(m_path);
        const std::string ext = p.extension().string();
        for (const auto& [label, want] : {std::pair{"GeoJSON", ".geojson"},
                                          std::pair{"CSV", ".csv"}, std::pair{"GeoPackage", ".gpkg"}}) {
            if (ImGui::RadioButton(label, ext == want)) {
                p.replace_extension(want);
                copy_path(m_path, p.string());
            }
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    ImGui::TextUnformatted("File");
    ImGui::SetNextItemWidth(-1.0f); // the whole width: paths are long
    bool go = ImGui::InputText("##file", m_path, sizeof m_path,
                               ImGuiInputTextFlags_EnterReturnsTrue |
                                   ImGuiInputTextFlags_AutoSelectAll);
    const std::string path = expand_home(m_path);
    std::error_code ec;
    if (fs::is_regular_file(path, ec))
        ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1.0f), "Replaces the file that is there.");
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::TextWrapped("%s", m_error.c_str());
        ImGui::PopStyleColor();
    }
    go = ImGui::Button("Export") || go;
    ImGui::SameLine();
    const bool cancel =
        ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (go) {
        const scene::MapScene& data = engine.scene();
        std::vector<std::string> inputs;
        for (const scene::Layer& layer : data.layers())
            inputs.push_back(layer.path);
        scene::MapView view;
        view.camera = &state.camera;
        view.window = state.window;
        view.selected = state.selected;
        view.overlay = &engine.overlay();
        view.pixel_ratio = pixel_ratio;
        const scene::ExportOutcome o = png ? scene::export_map_png(renderer, view, inputs, path)
                                           : scene::export_visible(data, state.window, path);
        commands.message = o.message;
        commands.message_kind = o.ok ? core::MessageKind::Success : core::MessageKind::Error;
        if (o.ok) {
            m_dir = fs::absolute(path, ec).parent_path().string();
            m_kind = core::Dialog::None;
            ImGui::CloseCurrentPopup();
        } else {
            m_error = o.message;
        }
    } else if (cancel) {
        m_kind = core::Dialog::None;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace incimap::window
