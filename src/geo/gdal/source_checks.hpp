#pragma once
// Checks on a source's content before GDAL opens it, for what GDAL itself cannot bound:
// the number of distinct fields (every text driver slows down with its square),
// GeoPackage layers that are SQL views (SQLite evaluates them as GDAL reads, unbounded) and
// a GeoPackage's CRS definitions (PROJ would open a file one names).

#include <atomic>
#include <cstdint>
#include <string>

namespace incimap::geo {

// Streams the file (plain or /vsizip/; the .kml files inside a KMZ) and counts the distinct
// field names the driver would make: KML Data/SimpleData/SimpleField names, JSON object keys
// (GeoJSON, GeoJSONSeq, TopoJSON; every key counts, so a few structural ones too), a CSV
// header's columns, or GPX elements directly inside <extensions>. The too-many-fields message when over kMaxFields, else "".
std::string check_field_count(const std::string& path, const std::string& driver,
                              const std::atomic<bool>* cancel);

// Time that evaluating a GeoPackage's feature views (count, value lengths) may take.
inline constexpr double kMaxViewCheck_s = 2.0;
// Bytes one value of a view may have: SQLite's own default limit is 1e9; a map attribute of
// 64 MiB is already absurd.
inline constexpr std::int64_t kMaxViewValueBytes = std::int64_t{64} << 20;

// For a GeoPackage (opened read-only and immutable with SQLite itself): every feature layer
// that is a view is evaluated once under a time limit, rows counted and value sizes summed;
// a view that runs past kMaxViewCheck_s, holds a value over kMaxViewValueBytes, or whose
// rows and text exceed `budget` is refused with one line. "" when none or all fit.
std::string check_geopackage_views(const std::string& shown, const std::string& file,
                                   std::uint64_t budget);

// The CRS definitions of a GeoPackage (every row of gpkg_spatial_ref_sys, `definition` and
// `definition_12_063`; opened read-only and immutable with SQLite itself, or the private copy
// `file` of a database with a journal): crs_names_a_file() of the first that names a file,
// else "".
std::string geopackage_crs_names_a_file(const std::string& shown, const std::string& file);

} // namespace incimap::geo
