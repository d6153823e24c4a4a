#pragma once
// Where incimap keeps its own files (never in the working directory): XDG config
// ($XDG_CONFIG_HOME/incimap: the UI layout file), state ($XDG_STATE_HOME/incimap: window size,
// last view, recent files) and cache ($XDG_CACHE_HOME/incimap: what can be made again, such as
// downloaded tiles). A variable that is unset or not an absolute path means its default under
// $HOME (.config, .local/state, .cache). Created on first use.

#include "core/app_state.hpp"

#include <string>

namespace incimap::scene {

std::string config_dir();
std::string state_dir();
std::string cache_dir();

// View ▸ Theme, kept in the config folder (`theme`: light, dark or system); light when absent
// or unreadable. Saving is atomic and silent on failure (a read-only home keeps working).
core::ThemeChoice load_theme();
void save_theme(core::ThemeChoice theme);
// Whether the desktop asks for a dark look (GTK_THEME=Name:dark).
bool system_prefers_dark();

// What a source is called in the title, the layer list and messages: a file's name; for a
// PostGIS connection "PG:dbname=… host=/run/postgresql …", "PostGIS <dbname>" (not the last
// part of a socket path, and never a password).
std::string source_name(const std::string& path);

} // namespace incimap::scene
