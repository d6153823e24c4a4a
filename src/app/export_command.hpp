#pragma once
// `incimap export FILE... -o OUT`: the incidents that pass the filters, with all their
// attributes, written as GeoJSON, CSV or GeoPackage (geo/write/writer.hpp). The filters mean what
// they mean in the window: one test, core::RowFilter (core/filters.hpp); --from/--to/--bbox
// parsed as `render` parses them (app/cli.hpp). Prints one JSON line (what was written) or one
// `incimap: …` line.

#include "app/cli.hpp"
#include "app/filter_flags.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct ExportArgs {
    std::vector<std::string> files;
    std::string output;
    TimeBoxFlags time_box; // --from, --to and --bbox (only incidents in the box)
    FilterFlags filters; // --category, --search, --skip-undated
    std::string format; // GeoJSON | CSV | GPKG; "" = by the output's extension
    ReaderFlags reader;

    void add_to(CLI::App& command);
};

// Runs the command: one JSON line on stdout (exit 0) or one line on stderr (exit 1).
int run_export(const ExportArgs& args);

} // namespace incimap::app
