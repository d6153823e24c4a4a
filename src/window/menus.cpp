// The menu bar: each item is an Action (scene/actions.hpp) showing its key (keymap.hpp), so a
// menu item and its key are the same command.

#include "scene/actions.hpp"
#include "scene/paths.hpp"
#include "window/keymap.hpp"
#include "window/window_host.hpp"

#include <imgui.h>

#include <filesystem>
#include <fstream>

namespace incimap::window {

namespace {

using scene::Action;

// A menu item for `action`; `checked` for a toggle. Fills `c` when chosen.
void item(Action action, const core::AppState& state, core::Commands& c,
          const bool* checked = nullptr, bool enabled = true) {
    if (ImGui::MenuItem(scene::label_of(action), shortcut_for(action),
                        checked != nullptr && *checked, enabled))
        c = scene::command_for(action, state);
}

void tooltip(const char* text) {
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text);
}

} // namespace

void WindowHost::draw_menus(core::Commands& c) {
    if (!ImGui::BeginMainMenuBar())
        return;
    const core::AppState& s = m_engine.state();
    if (ImGui::BeginMenu("File")) {
        item(Action::Open, s, c);
        item(Action::OpenSample, s, c);
        if (ImGui::BeginMenu("Open recent")) {
            if (std::ifstream in(scene::state_dir() + "/recent-files"); in)
                for (std::string line; std::getline(in, line);)
                    if (!line.empty() && ImGui::MenuItem(line.c_str()))
                        c.open_files.push_back(line);
            ImGui::EndMenu();
        }
        item(Action::ToggleNetwork, s, c, &s.allow_network);
        tooltip("Let File > Open read http(s):// URLs and /vsicurl/ paths typed in its path box "
                "(off at every start; what a data file names is never fetched)");
        ImGui::Separator();
        item(Action::ExportIncidents, s, c, nullptr, !m_engine.scene().layers().empty());
        tooltip("The incidents the map shows now (layers, categories, search and time window) "
                "as GeoJSON, CSV or GeoPackage (Ctrl+E)");
        item(Action::ExportMapPng, s, c);
        tooltip("The map as it is now, with legend, time, scale and attribution (Ctrl+Shift+E)");
        ImGui::Separator();
        item(Action::Quit, s, c);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        const scene::History& h = m_engine.history();
        const std::string undo = h.can_undo() ? "Undo " + h.undo_what() : "Undo";
        const std::string redo = h.can_redo() ? "Redo " + h.redo_what() : "Redo";
        if (ImGui::MenuItem(undo.c_str(), shortcut_for(Action::Undo), false, h.can_undo()))
            c = scene::command_for(Action::Undo, s);
        tooltip("Filters, category toggles, the time window and step, selection, colour and size "
                "by, heat map (Ctrl+Z)");
        if (ImGui::MenuItem(redo.c_str(), shortcut_for(Action::Redo), false, h.can_redo()))
            c = scene::command_for(Action::Redo, s);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        item(Action::FitData, s, c);
        item(Action::ResetView, s, c);
        item(Action::ZoomIn, s, c);
        item(Action::ZoomOut, s, c);
        ImGui::Separator();
        item(Action::ToggleHeat, s, c, &s.heat);
        tooltip("Density of the incidents the time window shows, instead of markers (H)");
        if (ImGui::BeginMenu("Theme")) {
            const std::pair<core::ThemeChoice, const char*> themes[] = {
                {core::ThemeChoice::Light, "Light"},
                {core::ThemeChoice::Dark, "Dark"},
                {core::ThemeChoice::System, "Follow the system (GTK_THEME)"}};
            for (const auto& [t, name] : themes)
                if (ImGui::MenuItem(name, nullptr, s.theme == t))
                    c.set_theme = t;
            ImGui::EndMenu();
        }
        ImGui::Separator();
        m_basemap.draw_menu(s, c); // issue 16
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Time")) {
        item(Action::TogglePlay, s, c, &s.playing);
        item(Action::StepBack, s, c);
        item(Action::StepForward, s, c);
        item(Action::ToggleLoop, s, c, &s.loop);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::BeginMenu("Keys")) { // every binding, from the key map itself
            ImGui::MenuItem("drag, wheel, double-click", "pan, zoom, zoom in", false, false);
            ImGui::MenuItem("click on the map", "select; a badge zooms in", false, false);
            ImGui::MenuItem("Shift while dragging the time window", "no snapping", false, false);
            ImGui::Separator();
            for (const KeyBinding& b : key_bindings())
                ImGui::MenuItem(scene::label_of(b.action), b.text, false, false);
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("About incimap")) {
            ImGui::Text("incimap %s", m_options.version.c_str());
            ImGui::TextUnformatted("Geocoded incidents on a map, scrubbed through time.");
            ImGui::TextUnformatted("MIT licence (see LICENSE).");
            ImGui::Separator();
            ImGui::TextUnformatted("Basemap: Natural Earth (public domain).");
            ImGui::TextUnformatted("Place names: GeoNames (CC BY 4.0).");
            ImGui::TextUnformatted("Built with GDAL, PROJ, GEOS, Dear ImGui, GLFW, simdjson,");
            ImGui::TextUnformatted("nlohmann-json and CLI11 (their own free licences).");
            ImGui::EndMenu();
        }
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

// Dialogs the menus and keys asked for (the engine records the request; the host draws them).
void WindowHost::open_dialogs(core::Commands& c) {
    if (const auto d = m_engine.take_dialog()) {
        if (*d == core::Dialog::Open) {
            std::string start = ".";
            if (!m_engine.scene().layers().empty())
                start = std::filesystem::absolute(m_engine.scene().layers().back().path)
                            .parent_path()
                            .string();
            m_browser.open(start);
        } else if (*d != core::Dialog::None) {
            m_export.open(*d, m_engine, c);
        }
    }
    m_browser.draw(c.open_files);
    m_basemap.draw_dialog(c); // issue 16
    m_export.draw(m_engine, m_renderer, pixel_ratio(), c);
}

} // namespace incimap::window
