#pragma once
// Writing incidents out through GDAL: GeoJSON, CSV (X = longitude, Y = latitude columns
// first) or GeoPackage. One point feature per incident, in WGS84 lon/lat, carrying every
// attribute of its source feature under its original name and with its value as read (the
// time field as written in the source, not as incimap interpreted it). Numbers stay
// numbers; dates, times and everything else are written as the text read, so a partial date
// (`2024-01`) keeps its precision.
//
// The file appears whole or not at all: GDAL writes a temp file beside it, which is flushed
// and renamed over the target (geo/write/atomic_file.hpp). A target that is, or belongs to, one of
// the inputs is refused, as is a folder.

#include "core/incident_table.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo {

enum class VectorFormat { GeoJSON, CSV, GPKG };

// "GeoJSON", "CSV", "GPKG" (any case; "geopackage" too); nullopt for anything else.
std::optional<VectorFormat> vector_format_named(std::string_view name);
// By the file's extension: .geojson/.json, .csv, .gpkg (any case).
std::optional<VectorFormat> vector_format_of(const std::string& path);
std::string_view to_string(VectorFormat format);

// Rows of one table to write (indices into its incident columns), in the order given.
struct ExportPart {
    const core::IncidentTable* table = nullptr;
    std::vector<std::size_t> rows;
};

struct WriteRequest {
    std::string path;
    VectorFormat format = VectorFormat::GeoJSON;
    std::vector<std::string> inputs; // never written over (see check_output_path)
};

struct WriteResult {
    bool ok = false;
    std::string error; // one line when !ok
    std::size_t written = 0;
};

// Writes the parts' rows as one layer (named after the file). Tables with different fields
// are merged by field name; a name with two types is written as text.
WriteResult write_incidents(const WriteRequest& request, std::span<const ExportPart> parts);

} // namespace incimap::geo
