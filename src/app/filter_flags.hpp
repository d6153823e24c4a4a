#pragma once
// The incident filters `export` and `animate` take, beyond the time window and box:
// --category (repeatable), --search and --skip-undated. They mean what the window's filters
// mean (core/filters.hpp).

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct FilterFlags {
    std::vector<std::string> categories; // kept by name; empty = all
    std::string search;
    bool skip_undated = false;

    void add_to(CLI::App& command);
};

} // namespace incimap::app
