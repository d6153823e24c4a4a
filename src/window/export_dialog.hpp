#pragma once
// File ▸ Export visible incidents… (Ctrl+E) and Export map as PNG… (Ctrl+Shift+E): a small
// dialog with the file name (the folder last exported to, else the working directory), then
// the export itself (scene/map_export.hpp). The outcome goes to the status bar as a command;
// an error also stays in the dialog, which stays open.

#include "core/app_state.hpp"
#include "render/map_renderer.hpp"
#include "scene/engine.hpp"

#include <string>

namespace incimap::window {

class ExportDialog {
public:
    // Opens the dialog for what `dialog` names (Dialog::ExportIncidents or ExportMapPng).
    void open(core::Dialog dialog, scene::Engine& engine, core::Commands& commands);
    // Draws it while open; `pixel_ratio` is framebuffer px per logical px.
    void draw(scene::Engine& engine, render::MapRenderer& renderer, float pixel_ratio,
              core::Commands& commands);

private:
    core::Dialog m_kind = core::Dialog::None; // what the open dialog exports
    bool m_opening = false;
    char m_path[1024] = "";
    std::string m_dir;   // the folder last exported to ("" = the working directory)
    std::string m_error; // shown in the dialog, which stays open
    std::size_t m_count = 0; // incidents the dialog would write
};

} // namespace incimap::window
