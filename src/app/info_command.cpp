#include "app/info_command.hpp"

#include "core/table_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace incimap::app {

namespace {

nlohmann::ordered_json or_null(const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

} // namespace

nlohmann::ordered_json info_json(const geo::ReadResult& result) {
    using nlohmann::ordered_json;
    const core::LoadReport& rep = result.report;
    const core::IncidentTable& table = result.table;
    const core::TableSummary sum = core::summarize(table);

    ordered_json j;
    j["source"] = rep.source;
    j["driver"] = rep.driver;
    j["layer"] = rep.layer;
    j["schema"] = or_null(rep.schema);
    j["features"] = rep.features;
    j["loaded"] = table.count();
    j["skipped"] = rep.skipped;
    j["problem_count"] = rep.problem_count;
    ordered_json problems = ordered_json::array();
    for (const auto& p : rep.problems)
        problems.push_back({{"feature", p.feature}, {"reason", p.reason}});
    j["problems"] = problems;

    ordered_json time;
    time["field"] = or_null(rep.time_field);
    time["end_field"] = or_null(rep.end_field);
    time["time_field"] = or_null(rep.time_of_day_field);
    time["reason"] = or_null(rep.time_reason);
    time["first"] = sum.dated ? ordered_json(core::format_iso_utc(sum.first_start)) : nullptr;
    time["last"] = sum.dated ? ordered_json(core::format_iso_utc(sum.last_start)) : nullptr;
    time["last_end"] = sum.dated ? ordered_json(core::format_iso_utc(sum.last_end)) : nullptr;
    time["dated"] = sum.dated;
    time["undated"] = sum.undated;
    ordered_json precision = ordered_json::object();
    for (int p = 0; p < core::kTimePrecisionCount; ++p)
        if (const auto n = sum.by_precision[static_cast<std::size_t>(p)]; n > 0)
            precision[std::string(core::to_string(static_cast<core::TimePrecision>(p)))] = n;
    time["precision"] = precision;
    j["time"] = time;

    j["bbox"] = sum.bbox.empty ? ordered_json(nullptr)
                               : ordered_json::array({sum.bbox.min_lon, sum.bbox.min_lat,
                                                      sum.bbox.max_lon, sum.bbox.max_lat});

    ordered_json counts = ordered_json::object();
    // Most frequent first: the order the legend and the palette use.
    std::vector<std::size_t> order(table.categories.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return sum.by_category[a] > sum.by_category[b];
    });
    for (std::size_t i : order)
        counts[table.categories[i]] = sum.by_category[i];
    j["category"] = {{"field", or_null(rep.category_field)},
                     {"counts", counts},
                     {"uncategorised", sum.uncategorised}};
    j["size"] = {{"field", or_null(rep.size_field)}};
    j["geo_precision"] = {{"field", or_null(rep.geo_precision_field)}};

    ordered_json fields = ordered_json::array();
    for (const auto& f : rep.fields)
        fields.push_back({{"name", f.name}, {"type", core::to_string(f.type)}});
    j["fields"] = fields;
    j["layers"] = rep.layers;
    if (!rep.layer_counts.empty()) {
        // Each layer with its count and whether it was read (several are read into one).
        ordered_json counts_by_layer = ordered_json::array();
        for (const auto& c : rep.layer_counts) {
            ordered_json l = {
                {"name", c.name},
                {"features", c.features < 0 ? ordered_json(nullptr) : ordered_json(c.features)},
                {"geometry", c.geometry},
                {"read", c.read}};
            if (!c.why.empty())
                l["why"] = c.why;
            counts_by_layer.push_back(std::move(l));
        }
        j["layer_counts"] = counts_by_layer;
        j["layer_field"] = or_null(rep.layer_field);
    }
    // Text as written: how the file was encoded, and what was done to read it.
    j["encoding"] = rep.encoding.empty()
                        ? ordered_json(nullptr)
                        : ordered_json(rep.encoding + (rep.recoded ? " (recoded)" : ""));
    j["header_supplied"] = or_null(rep.header_supplied);
    j["repaired_values"] = rep.repaired_values;
    // Mojibake that could not be repaired losslessly: shown as written, counted, and where.
    j["mojibake_unrepaired"] = rep.mojibake_unrepaired;
    j["mojibake_unrepaired_fields"] = rep.mojibake_fields;
    j["notes"] = rep.notes;
    return j;
}

int run_info(const std::string& path, const geo::ReadOptions& options, bool pretty) {
    const geo::ReadResult result = geo::read_incidents(path, options);
    if (!result.ok) {
        std::fprintf(stderr, "incimap: %s\n", result.error.c_str());
        return 1;
    }
    const auto j = info_json(result);
    std::cout << j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
    return 0;
}

} // namespace incimap::app
