#pragma once
// Reading any supported vector source into an incident table. The source is opened
// read-only through the driver whitelist; GDAL's messages are captured into the report.
// A feature that cannot become an incident is counted and described in the report; only a
// source that cannot be read at all is an error.

#include "core/field_detection.hpp"
#include "core/incident_table.hpp"
#include "core/load_report.hpp"

#include <atomic>
#include <functional>
#include <string>

namespace incimap::geo {

struct ReadOptions {
    std::string layer;                   // name or 0-based index; "" = first non-empty layer
    core::FieldChoiceOverrides fields;   // --time-field, --category-field, …
    bool allow_network = false;          // URLs and /vsicurl/ paths only when the user says so
    // Called now and then with the fraction done (0…1); may be empty.
    std::function<void(double)> progress;
    const std::atomic<bool>* cancel = nullptr; // set to true to stop early (report.cancelled)
    // GeoJSON, GeoJSONSeq and CSV files are read by the fast readers (report.fast) unless this
    // is false or INCIMAP_NO_FAST_READERS=1 is set; they hand any file they are not sure
    // about to GDAL.
    bool fast_readers = true;
};

struct ReadResult {
    bool ok = false;
    std::string error; // one line: what failed and why (set when !ok)
    core::IncidentTable table;
    core::LoadReport report;
};

ReadResult read_incidents(const std::string& path, const ReadOptions& options = {});

} // namespace incimap::geo
