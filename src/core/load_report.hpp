#pragma once
// What happened while reading one source: counts, the fields chosen for time, category and
// size, and the problems met, each with the feature it belongs to. The CLI prints it as
// JSON (`incimap info`); the UI shows it beside the layer.

#include "core/attributes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace incimap::core {

struct Problem {
    std::int64_t feature = -1; // 0-based feature number in the source; -1 = the whole source
    std::string reason;
};

// One layer of the source: its feature count and whether it was read.
struct LayerCount {
    std::string name;
    std::int64_t features = -1; // -1 when the driver cannot tell without reading
    std::string geometry;       // "point", "line", "polygon", "mixed", "none"
    bool read = false;
    std::string why;            // when not read: why, and how to read it
};

struct LoadReport {
    static constexpr std::size_t kMaxProblemsKept = 20;

    std::string source;              // path as given
    std::string driver;              // GDAL driver short name (the format, also when `fast`)
    bool fast = false;               // read by incimap's fast reader instead of GDAL's driver
    std::string layer;               // the layer read
    std::vector<std::string> layers; // all layers of the source
    std::vector<LayerCount> layer_counts; // the same layers with counts (GDAL sources)
    std::string layer_field;         // the attribute naming each incident's layer, "" = one
    std::int64_t features = 0;       // features read from the layer
    std::int64_t skipped = 0;        // features that gave no incident
    std::int64_t problem_count = 0;  // all problems, of which the first kMaxProblemsKept kept
    std::vector<Problem> problems;
    std::vector<std::string> notes;  // things the user should know that are not per feature
    std::vector<FieldInfo> fields;

    std::string time_field;          // "" when none was found
    std::string end_field;
    std::string time_of_day_field;   // a time-of-day field combined with time_field's dates
    std::string time_reason;
    std::string schema;              // the known export schema recognised ("" none)
    std::string category_field;
    std::string size_field;
    std::string geo_precision_field;
    bool cancelled = false;
    // Text as written (geo/source_text.hpp): a text source's encoding ("utf-8", "windows-1256",
    // …; "" when the bytes were not examined), whether it was recoded to UTF-8 to be read, the
    // known headerless export whose header was supplied, and values repaired from
    // double-encoded UTF-8 (mojibake).
    std::string encoding;
    bool recoded = false;
    std::string header_supplied;
    std::int64_t repaired_values = 0;
    // Values that look double-encoded but cannot be repaired losslessly (a byte Windows-1252
    // leaves undefined was lost, `Ã\uFFFDFRICA`): shown as written, counted, with their fields.
    std::int64_t mojibake_unrepaired = 0;
    std::vector<std::string> mojibake_fields;

    void add_problem(std::int64_t feature, std::string reason) {
        ++problem_count;
        if (problems.size() < kMaxProblemsKept)
            problems.push_back({feature, std::move(reason)});
    }
};

} // namespace incimap::core
