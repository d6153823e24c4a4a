#pragma once
// Where incimap keeps its own files (never in the working directory): XDG config
// ($XDG_CONFIG_HOME/incimap: imgui.ini) and state ($XDG_STATE_HOME/incimap: window size,
// last view, recent files). Created on first use.

#include <string>

namespace incimap::app {

std::string config_dir();
std::string state_dir();

} // namespace incimap::app
