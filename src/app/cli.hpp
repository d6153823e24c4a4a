#pragma once
// Command-line options shared by the subcommands (the field overrides of every reader).

#include "geo/reader.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace incimap::app {

struct ReaderFlags {
    std::string layer;
    std::string time_field, end_field, category_field, size_field;
    std::string date_order; // "dmy" | "mdy" | ""
    bool allow_network = false;
    std::string memory_budget; // "2G", "512M"; "" = the default (half of the physical memory)
    std::string attributes = "auto"; // --attributes auto|memory|file

    void add_to(CLI::App& command);
    geo::ReadOptions to_options() const;
};

} // namespace incimap::app
