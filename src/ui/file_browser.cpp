#include "ui/file_browser.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace incimap::ui {

bool is_supported_data_file(const std::string& name) {
    std::string ext = std::filesystem::path(name).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* e : {".geojson", ".json", ".geojsonl", ".geojsons", ".jsonl", ".ndjson",
                          ".topojson", ".csv", ".kml", ".kmz", ".gpkg", ".shp", ".fgb", ".gpx"})
        if (ext == e)
            return true;
    return false;
}

void FileBrowser::open(const std::string& start_dir) {
    m_open_request = true;
    list(start_dir);
}

void FileBrowser::list(const std::string& dir) {
    namespace fs = std::filesystem;
    m_entries.clear();
    m_error.clear();
    m_selected = -1;
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::path(dir.empty() ? "." : dir), ec);
    m_dir = ec ? dir : p.string();
    for (auto it = fs::directory_iterator(m_dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.')
            continue;
        std::error_code e2;
        const bool is_dir = it->is_directory(e2);
        if (!is_dir && !is_supported_data_file(name))
            continue;
        m_entries.push_back({name, is_dir, is_dir ? 0 : it->file_size(e2)});
    }
    if (ec)
        m_error = m_dir + ": " + ec.message();
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
        return a.is_dir != b.is_dir ? a.is_dir : a.name < b.name;
    });
    std::snprintf(m_path, sizeof m_path, "%s", m_dir.c_str());
}

bool FileBrowser::draw(std::vector<std::string>& chosen) {
    if (m_open_request) {
        ImGui::OpenPopup("Open data file");
        m_open_request = false;
    }
    bool picked = false;
    ImGui::SetNextWindowSize(ImVec2(scaled(620), scaled(440)), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open data file", nullptr))
        return false;
    if (ImGui::Button("Up"))
        list(std::filesystem::path(m_dir).parent_path().string());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) // Ctrl+O, then type a path and Enter
        ImGui::SetKeyboardFocusHere();
    if (ImGui::InputText("##path", m_path, sizeof m_path,
                         ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll)) {
        std::error_code ec;
        if (std::filesystem::is_directory(m_path, ec))
            list(m_path);
        else if (const std::string_view p = m_path;
                 std::filesystem::is_regular_file(m_path, ec) ||
                 p.starts_with("PG:") || // a PostGIS connection
                 p.starts_with("http://") || p.starts_with("https://") ||
                 p.starts_with("/vsicurl/")) { // read when File > Allow network access is on
            chosen.emplace_back(m_path);
            picked = true;
        }
    }
    if (!m_error.empty())
        ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "%s", m_error.c_str());
    ImGui::BeginChild("##entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() - 4), true);
    for (int i = 0; i < static_cast<int>(m_entries.size()); ++i) {
        const Entry& e = m_entries[static_cast<std::size_t>(i)];
        const std::string label = (e.is_dir ? "[dir]  " : "       ") + e.name;
        if (ImGui::Selectable(label.c_str(), m_selected == i, ImGuiSelectableFlags_AllowDoubleClick)) {
            m_selected = i;
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                const std::string full = (std::filesystem::path(m_dir) / e.name).string();
                if (e.is_dir) {
                    list(full);
                    break;
                }
                chosen.push_back(full);
                picked = true;
            }
        }
        if (!e.is_dir) {
            ImGui::SameLine(scaled(480));
            ImGui::TextDisabled("%.1f MB", static_cast<double>(e.size) / 1e6);
        }
    }
    ImGui::EndChild();
    const bool can_open = m_selected >= 0 && !m_entries[static_cast<std::size_t>(m_selected)].is_dir;
    if (!can_open)
        ImGui::BeginDisabled();
    if (ImGui::Button("Open", ImVec2(scaled(100), 0)) && can_open) {
        chosen.push_back((std::filesystem::path(m_dir) / m_entries[static_cast<std::size_t>(m_selected)].name).string());
        picked = true;
    }
    if (!can_open)
        ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(scaled(100), 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    if (picked)
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return picked;
}

} // namespace incimap::ui
