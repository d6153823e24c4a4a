#include "app/export_command.hpp"

#include "core/filters.hpp"
#include "geo/reader.hpp"
#include "geo/write/atomic_file.hpp"
#include "geo/write/writer.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace incimap::app {

void ExportArgs::add_to(CLI::App& command) {
    command.add_option("files", files, "Data files to export from (each is read as in the window)")
        ->required();
    command.add_option("-o,--output", output, "File to write (.geojson, .csv or .gpkg)")
        ->required();
    time_box.add_to(command, "Only incidents in minlon,minlat,maxlon,maxlat (edges included)");
    filters.add_to(command);
    command.add_option("--format", format, "GeoJSON, CSV or GPKG (default: by the extension)");
    reader.add_to(command);
}

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "incimap: %s\n", message.c_str());
    return 1;
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

    const TimeBox time_box = parse_time_box(args.time_box);
    if (!time_box.ok())
        return fail(time_box.error);
    core::RowFilter filter;
    filter.window = time_box.window();
    filter.window.show_undated = !args.filters.skip_undated;
    filter.bbox = time_box.bbox;
    filter.categories.insert(args.filters.categories.begin(), args.filters.categories.end());
    filter.search = args.filters.search;
    if (std::string e; !args.filters.read_area(filter.area, e)) // issue 17: --within
        return fail(e);

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
        geo::ExportPart part{&r.table, core::rows_passing(r.table, filter)};
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
