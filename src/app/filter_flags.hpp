#pragma once
// The incident filters `export` and `animate` take, beyond the time window and box:
// --category (repeatable), --search, --skip-undated and --within (issue 17). They mean what the window's filters
// mean (core/filters.hpp).

#include "core/area.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct FilterFlags {
    std::vector<std::string> categories; // kept by name; empty = all
    std::string search;
    bool skip_undated = false;
    std::string within; // issue 17: a file of polygons (geo/area_reader.hpp); "" = anywhere

    void add_to(CLI::App& command);
    // The --within area, or none; false with `error` when its file cannot be used.
    bool read_area(core::SharedArea& area, std::string& error) const;
};

} // namespace incimap::app
