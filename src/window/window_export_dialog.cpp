// File ▸ Export visible incidents… (Ctrl+E) and Export map as PNG… (Ctrl+Shift+E): a small
// dialog with the file name (the folder last exported to, else the working directory), then
// the export itself (window_export.hpp). The outcome goes to the status bar; an error also
// stays in the dialog, which stays open.

#include "window/window_app_impl.hpp"
#include "scene/map_export.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
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

void WindowApp::draw_export_dialog() {
    if (m_export_request != ExportKind::None) {
        m_export_kind = m_export_request;
        m_export_request = ExportKind::None;
        const bool png = m_export_kind == ExportKind::MapPng;
        if (!png && m_scene.layers().empty()) {
            m_state.message = "Nothing to export yet: open a file first";
            m_export_kind = ExportKind::None;
            return;
        }
        std::error_code ec;
        const fs::path dir = m_export_dir.empty() ? fs::current_path(ec) : fs::path(m_export_dir);
        const std::string stem =
            m_scene.layers().empty() ? "incimap"
                                     : fs::path(m_scene.layers().front().path).stem().string();
        copy_path(m_export_path, (dir / (stem + (png ? "-map.png" : "-visible.geojson"))).string());
        m_export_error.clear();
        m_export_count = 0;
        if (!png)
            for (const geo::ExportPart& part : visible_parts(m_scene, m_state.window))
                m_export_count += part.rows.size();
        ImGui::OpenPopup(kDialog);
    }
    ImGui::SetNextWindowSize(ImVec2(600, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kDialog, nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    const bool png = m_export_kind == ExportKind::MapPng;
    int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glfwGetWindowSize(m_window, &win_w, &win_h);
    const float pixel_ratio = win_w > 0 ? static_cast<float>(fb_w) / static_cast<float>(win_w) : 1;
    if (png) {
        ImGui::TextWrapped("The map as it is now, %d × %d px, with legend, time window, scale "
                           "bar and attribution.",
                           static_cast<int>(m_map.w * pixel_ratio),
                           static_cast<int>(m_map.h * pixel_ratio));
    } else {
        ImGui::TextWrapped("%zu incidents: those the layers, categories, search and time window "
                           "leave on the map, with all their attributes.",
                           m_export_count);
        // The format follows the extension; these set it.
        fs::path p(m_export_path);
        const std::string ext = p.extension().string();
        for (const auto& [label, want] : {std::pair{"GeoJSON", ".geojson"},
                                          std::pair{"CSV", ".csv"}, std::pair{"GeoPackage", ".gpkg"}}) {
            if (ImGui::RadioButton(label, ext == want)) {
                p.replace_extension(want);
                copy_path(m_export_path, p.string());
            }
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    ImGui::TextUnformatted("File");
    ImGui::SetNextItemWidth(-1.0f); // the whole width: paths are long
    bool go = ImGui::InputText("##file", m_export_path, sizeof m_export_path,
                               ImGuiInputTextFlags_EnterReturnsTrue |
                                   ImGuiInputTextFlags_AutoSelectAll);
    const std::string path = expand_home(m_export_path);
    std::error_code ec;
    if (fs::is_regular_file(path, ec))
        ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1.0f), "Replaces the file that is there.");
    if (!m_export_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1.0f));
        ImGui::TextWrapped("%s", m_export_error.c_str());
        ImGui::PopStyleColor();
    }
    go = ImGui::Button("Export") || go;
    ImGui::SameLine();
    const bool cancel =
        ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (go) {
        std::vector<std::string> inputs;
        for (const Layer& layer : m_scene.layers())
            inputs.push_back(layer.path);
        MapView view;
        view.camera = &m_ctl.camera();
        view.window = m_state.window;
        view.selected = m_state.selected;
        view.overlay = &m_overlay;
        view.pixel_ratio = pixel_ratio;
        const ExportOutcome o = png ? export_map_png(m_renderer, view, inputs, path)
                                    : export_visible(m_scene, m_state.window, path);
        m_state.message = o.message;
        if (o.ok) {
            m_export_dir = fs::absolute(path, ec).parent_path().string();
            m_export_kind = ExportKind::None;
            ImGui::CloseCurrentPopup();
        } else {
            m_export_error = o.message;
        }
    } else if (cancel) {
        m_export_kind = ExportKind::None;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace incimap::window
