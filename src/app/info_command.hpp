#pragma once
// `incimap info FILE`: reads a source and prints one JSON object describing what was read.

#include "geo/reader.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace incimap::app {

// The JSON document `incimap info` prints for a successful read.
nlohmann::ordered_json info_json(const geo::ReadResult& result);

// Runs the command: prints JSON to stdout (exit 0) or one line to stderr (exit 1).
int run_info(const std::string& path, const geo::ReadOptions& options, bool pretty);

} // namespace incimap::app
