// The menu bar: each item is an Action (scene/actions.hpp) showing its key (keymap.hpp), so a
// menu item and its key are the same command.

#include "scene/actions.hpp"
#include "scene/paths.hpp"
#include "window/keymap.hpp"
#include "window/tooltips.hpp"
#include "window/window_host.hpp"

#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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
        item(Action::ToggleWatchFiles, s, c, &s.watch_files); // issue 17: live files
        tooltip(tooltip_of(Action::ToggleWatchFiles).c_str()); // p17k: with its key
        ImGui::Separator();
        item(Action::ExportIncidents, s, c, nullptr, !m_engine.scene().layers().empty());
        tooltip("The incidents the map shows now (layers, categories, search and time window) "
                "as GeoJSON, CSV or GeoPackage (Ctrl+E)");
        item(Action::ExportMapPng, s, c);
        tooltip("The map as it is now, with legend, time, scale and attribution (Ctrl+Shift+E)");
        // Issue 18.
        item(Action::ExportPlayback, s, c, nullptr, !m_engine.scene().layers().empty());
        tooltip("The playback as a video (MP4, WebM), an animated GIF or numbered PNG frames, "
                "from this view; the map stays usable while it runs (Ctrl+Alt+E)");
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
        // Issue 17.
        ImGui::Separator();
        item(Action::FindPlace, s, c);
        tooltip(tooltip_of(Action::FindPlace).c_str());
        ImGui::EndMenu();
    }
    draw_toolkit_menu(c); // issue 17: Bookmarks
    draw_area_menu(c);    // issue 17: focus on an area
    if (ImGui::BeginMenu("Time")) {
        item(Action::TogglePlay, s, c, &s.playing);
        item(Action::StepBack, s, c);
        item(Action::StepForward, s, c);
        item(Action::ToggleLoop, s, c, &s.loop);
        // Issue 17: compare two periods.
        ImGui::Separator();
        item(Action::CompareBefore, s, c);
        tooltip(tooltip_of(Action::CompareBefore).c_str());
        item(Action::ClearCompare, s, c, nullptr, s.compare.has_value());
        tooltip(tooltip_of(Action::ClearCompare).c_str());
        // Issue 17: follow a live file.
        ImGui::Separator();
        item(Action::ToggleFollowNewest, s, c, &s.follow_newest);
        tooltip(tooltip_of(Action::ToggleFollowNewest).c_str()); // p17k: from the key map
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::BeginMenu("Keys")) { // every binding, from the key map itself
            ImGui::MenuItem("drag, wheel, double-click", "pan, zoom, zoom in", false, false);
            ImGui::MenuItem("click on the map", "select; a badge zooms in", false, false);
            ImGui::MenuItem("Shift while dragging the time window", "no snapping", false, false);
            for (const Gesture& g : panel_gestures()) // issue 20 (panels)
                ImGui::MenuItem(g.what, g.does, false, false);
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
            ImGui::TextUnformatted("Alternate place names: GeoNames (CC BY 4.0), as packaged"
                                   " in Debian's libgeonames-common."); // issue 17 (p17n)
            ImGui::TextUnformatted("Rivers: GSHHG 2.3.7, P. Wessel and W. H. F. Smith (LGPL-3+;"
                                   " WDBII data, US public domain)."); // issue 16
            ImGui::TextUnformatted("Built with GDAL, PROJ, GEOS, Dear ImGui, GLFW, simdjson,");
            ImGui::TextUnformatted("nlohmann-json and CLI11 (their own free licences).");
            ImGui::EndMenu();
        }
        ImGui::MenuItem("Drag: pan · wheel: zoom · double-click: zoom in", nullptr, false, false);
        ImGui::MenuItem("+/-: zoom · Ctrl+arrows: pan · F: fit · Home: reset", nullptr, false,
                        false);
        ImGui::MenuItem("Left/Right: step the window · Space: play/pause", nullptr, false, false);
        ImGui::MenuItem("N: next incident at the same spot · Esc: clear selection", nullptr,
                        false, false);
        ImGui::MenuItem("Ctrl+F or /: find a place · Ctrl+D: bookmark the view · 1-9: recall",
                        nullptr, false, false); // issue 17
        ImGui::MenuItem("Shift+F: follow the newest incident of a file that grows", nullptr,
                        false, false); // issue 17: live files
        ImGui::MenuItem("B: compare · M: measure · R: range rings · A: draw an area", nullptr,
                        false, false);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

// Bookmarks (issue 17): add the view, recall one (keys 1–9), remove one; and Measure.
void WindowHost::draw_toolkit_menu(core::Commands& c) {
    const core::AppState& s = m_engine.state();
    if (ImGui::BeginMenu("Measure")) {
        const bool path = s.measure.mode == core::MeasureMode::Path;
        const bool rings = s.measure.mode == core::MeasureMode::Rings;
        item(Action::MeasurePath, s, c, &path);
        tooltip(tooltip_of(Action::MeasurePath).c_str());
        item(Action::RangeRings, s, c, &rings);
        tooltip(tooltip_of(Action::RangeRings).c_str());
        if (ImGui::BeginMenu("Ring radii")) {
            static const std::vector<std::vector<double>> kChoices{
                {100, 300, 1000}, {50, 100, 200}, {10, 25, 50}, {500, 1000, 2000}};
            for (const auto& radii : kChoices) {
                std::string label;
                for (const double r : radii)
                    label += (label.empty() ? "" : " / ") + std::to_string(static_cast<int>(r));
                label += " km";
                if (ImGui::MenuItem(label.c_str(), nullptr, s.measure.ring_radii_km == radii))
                    c.set_ring_radii_km = radii;
            }
            ImGui::EndMenu();
        }
        item(Action::ClearRings, s, c, nullptr, !s.measure.ring_centres.empty());
        tooltip(tooltip_of(Action::ClearRings).c_str());
        ImGui::EndMenu();
    }
    if (!ImGui::BeginMenu("Bookmarks"))
        return;
    item(Action::AddBookmark, s, c);
    tooltip(tooltip_of(Action::AddBookmark).c_str());
    if (!s.bookmarks.empty())
        ImGui::Separator();
    for (std::size_t i = 0; i < s.bookmarks.size(); ++i) {
        const char* key = i < 9 ? shortcut_for(static_cast<Action>(
                                      static_cast<int>(Action::RecallBookmark1) + static_cast<int>(i)))
                                : nullptr;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::MenuItem(s.bookmarks[i].name.c_str(), key))
            c.recall_bookmark = static_cast<int>(i);
        tooltip(i < 9 ? tooltip_of(static_cast<Action>(static_cast<int>(Action::RecallBookmark1) +
                                                       static_cast<int>(i)))
                              .c_str()
                      : tooltip_words(Action::RecallBookmark1));
        ImGui::PopID();
    }
    if (!s.bookmarks.empty() && ImGui::BeginMenu("Remove")) {
        for (std::size_t i = 0; i < s.bookmarks.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::MenuItem(s.bookmarks[i].name.c_str()))
                c.remove_bookmark = static_cast<int>(i);
            ImGui::PopID();
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenu();
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
        } else if (*d == core::Dialog::ExportPlayback) { // issue 18
            m_playback.open(m_engine.playback_defaults(pixel_ratio()));
        } else if (*d != core::Dialog::None) {
            m_export.open(*d, m_engine, c);
        }
    }
    m_browser.draw(c.open_asking); // issue 15: a source with several point layers asks which
    m_basemap.draw_dialog(c); // issue 16
    m_export.draw(m_engine, m_renderer, pixel_ratio(), c);
    // Issue 15: the layer dialog, and the --ready-file says that it asks.
    if (m_layer_dialog.draw(m_engine.state(), c) && !m_options.ready_file.empty() &&
        m_engine.state().layer_choice)
        scene::write_file_atomically(m_options.ready_file,
                                     "ASK layers " + m_engine.state().layer_choice->source + "\n");
    m_playback.draw(m_engine.state().playback, c); // issue 18
}

} // namespace incimap::window
