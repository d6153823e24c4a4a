#pragma once
// Where incimap keeps its own files (never in the working directory): XDG config
// ($XDG_CONFIG_HOME/incimap: the UI layout file) and state ($XDG_STATE_HOME/incimap: window size,
// last view, recent files). Created on first use.

#include <string>

namespace incimap::scene {

std::string config_dir();
std::string state_dir();

// What a source is called in the title, the layer list and messages: a file's name; for a
// PostGIS connection "PG:dbname=… host=/run/postgresql …", "PostGIS <dbname>" (not the last
// part of a socket path, and never a password).
std::string source_name(const std::string& path);

} // namespace incimap::scene
