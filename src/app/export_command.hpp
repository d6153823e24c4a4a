#pragma once
// `incimap export FILE... -o OUT`: the incidents that pass the filters, with all their
// attributes, written as GeoJSON, CSV or GeoPackage (geo/write/writer.hpp). The filters mean what
// they mean in the window: the time window as core::TimeWindow::shows, the category and the
// search as core/filters. Prints one JSON line (what was written) or one `incimap: …` line.

#include "app/cli.hpp"
#include "core/geometry.hpp"
#include "core/incident_table.hpp"
#include "core/time_window.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace incimap::app {

struct ExportFilter {
    core::TimeWindow window;             // undated incidents pass when window.show_undated
    std::optional<core::LonLatBox> bbox; // inclusive; nullopt = anywhere
    std::set<std::string> categories;    // category values kept; empty = all
    std::string search;                  // as typed; matched case-insensitively
};

// The incidents of `table` that pass `filter`, in table order.
std::vector<std::size_t> rows_passing(const core::IncidentTable& table, const ExportFilter& filter);

struct ExportArgs {
    std::vector<std::string> files;
    std::string output;
    std::string from, to;
    std::string bbox; // minlon,minlat,maxlon,maxlat
    std::vector<std::string> categories;
    std::string search;
    std::string format; // GeoJSON | CSV | GPKG; "" = by the output's extension
    bool skip_undated = false;
    ReaderFlags reader;

    void add_to(CLI::App& command);
};

// Runs the command: one JSON line on stdout (exit 0) or one line on stderr (exit 1).
int run_export(const ExportArgs& args);

} // namespace incimap::app
