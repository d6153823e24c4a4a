#include "app/export_command.hpp"

#include "core/filters.hpp"
#include "geo/reader.hpp"
#include "geo/write/atomic_file.hpp"
#include "geo/write/writer.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace incimap::app {

void ExportArgs::add_to(CLI::App& command) {
    command.add_option("files", files, "Data files to export from (each is read as in the window)")
        ->required();
    command.add_option("-o,--output", output, "File to write (.geojson, .csv or .gpkg)")
        ->required();
    command.add_option("--from", from, "Time window start (ISO date or datetime, UTC)");
    command.add_option("--to", to, "Time window end, exclusive");
    command.add_option("--bbox", bbox, "Only incidents in minlon,minlat,maxlon,maxlat");
    command.add_option("--category", categories,
                       "Only incidents of this category (repeat for several)");
    command.add_option("--search", search,
                       "Only incidents with this text in a text attribute (any case)");
    command.add_option("--format", format, "GeoJSON, CSV or GPKG (default: by the extension)");
    command.add_flag("--skip-undated", skip_undated,
                     "Leave out incidents without a time (kept by default, as on the map)");
    reader.add_to(command);
}

std::vector<std::size_t> rows_passing(const core::IncidentTable& table, const ExportFilter& filter) {
    const std::string needle = core::ascii_lower(filter.search);
    std::vector<bool> category_kept; // by category id
    if (!filter.categories.empty())
        for (const std::string& name : table.categories)
            category_kept.push_back(filter.categories.count(name) > 0);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < table.count(); ++i) {
        if (!filter.window.shows(table.t_start[i], table.t_end[i], table.t_precision[i]))
            continue;
        if (filter.bbox && (table.lon[i] < filter.bbox->min_lon ||
                            table.lon[i] > filter.bbox->max_lon ||
                            table.lat[i] < filter.bbox->min_lat || table.lat[i] > filter.bbox->max_lat))
            continue;
        if (!filter.categories.empty()) {
            const core::CategoryId c = table.category[i];
            if (c >= category_kept.size() || !category_kept[c])
                continue;
        }
        if (!needle.empty() && !core::row_matches(table.attributes, table.attr_row[i], needle))
            continue;
        rows.push_back(i);
    }
    return rows;
}

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "incimap: %s\n", message.c_str());
    return 1;
}

std::optional<core::UnixMs> parse_instant(const std::string& text) {
    const auto t = core::parse_time(text, {core::DayMonthOrder::Unknown, false});
    return t ? std::optional<core::UnixMs>(t->start_ms) : std::nullopt;
}

} // namespace

int run_export(const ExportArgs& args) {
    // The destination first: a wrong -o should not cost a long read.
    if (std::string e = geo::check_output_path(args.output, args.files); !e.empty())
        return fail(e);
    std::optional<geo::VectorFormat> format;
    if (!args.format.empty()) {
        format = geo::vector_format_named(args.format);
        if (!format)
            return fail("--format " + args.format + ": expected GeoJSON, CSV or GPKG");
    } else {
        format = geo::vector_format_of(args.output);
        if (!format)
            return fail(args.output +
                        ": cannot tell the format from the extension; name it .geojson, .csv "
                        "or .gpkg, or pass --format GeoJSON|CSV|GPKG");
    }

    ExportFilter filter;
    if (!args.from.empty()) {
        const auto t = parse_instant(args.from);
        if (!t)
            return fail("--from " + args.from + ": not an ISO date or datetime");
        filter.window.from = *t;
    }
    if (!args.to.empty()) {
        const auto t = parse_instant(args.to);
        if (!t)
            return fail("--to " + args.to + ": not an ISO date or datetime");
        filter.window.to = *t;
    }
    if (!args.from.empty() && !args.to.empty() && filter.window.to <= filter.window.from)
        return fail("--to " + args.to + " is not after --from " + args.from);
    filter.window.show_undated = !args.skip_undated;
    if (!args.bbox.empty()) {
        double v[4];
        char c1 = 0, c2 = 0, c3 = 0;
        std::istringstream in(args.bbox);
        if (!(in >> v[0] >> c1 >> v[1] >> c2 >> v[2] >> c3 >> v[3]) || c1 != ',' || c2 != ',' ||
            c3 != ',' || in.peek() != EOF || v[0] > v[2] || v[1] > v[3])
            return fail("--bbox " + args.bbox +
                        ": expected minlon,minlat,maxlon,maxlat with min ≤ max");
        core::LonLatBox box;
        box.extend({v[0], v[1]});
        box.extend({v[2], v[3]});
        filter.bbox = box;
    }
    filter.categories.insert(args.categories.begin(), args.categories.end());
    filter.search = args.search;


    std::vector<geo::ReadResult> read;
    std::size_t total = 0;
    for (const std::string& path : args.files) {
        geo::ReadResult r = geo::read_incidents(path, args.reader.to_options());
        if (!r.ok)
            return fail(r.error);
        if (!filter.categories.empty() && r.report.category_field.empty())
            return fail(path + ": --category needs a category field, and none was found; name "
                               "one with --category-field");
        total += r.table.count();
        read.push_back(std::move(r));
    }
    std::vector<geo::ExportPart> parts;
    std::size_t undated = 0;
    for (const geo::ReadResult& r : read) {
        geo::ExportPart part{&r.table, rows_passing(r.table, filter)};
        for (std::size_t i : part.rows)
            undated += r.table.t_precision[i] == core::TimePrecision::None ? 1 : 0;
        parts.push_back(std::move(part));
    }
    geo::WriteRequest request;
    request.path = args.output;
    request.format = *format;
    request.inputs = args.files;
    const geo::WriteResult w = geo::write_incidents(request, parts);
    if (!w.ok)
        return fail(w.error);

    nlohmann::ordered_json j;
    j["output"] = args.output;
    j["format"] = std::string(geo::to_string(*format));
    j["read"] = total;
    j["written"] = w.written;
    j["undated"] = undated;
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
}

} // namespace incimap::app
