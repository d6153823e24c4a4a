#pragma once
// Areas read through GDAL (issue 17, item 4): the polygons of a file given to `--within`
// (any vector format and CRS GDAL reads, reprojected to WGS84 lon/lat) and the countries of
// the offline basemap (assets/basemap/countries-50m.fgb), by name or by a point inside.
// Lines and points in such a file are skipped; a file without a polygon is an error.

#include "core/area.hpp"
#include "core/geometry.hpp"

#include <string>
#include <vector>

namespace incimap::geo {

// Every polygon and multipolygon of every layer of `path`; empty with `error` when it cannot
// be read, holds no polygon, or its CRS cannot be taken to WGS84.
core::SharedArea read_area_file(const std::string& path, std::string& error);

// The basemap's countries file under an assets folder.
std::string countries_file(const std::string& assets_dir);
// Country names in the countries file, sorted; empty with `error` when it cannot be read.
std::vector<std::string> country_names(const std::string& countries_path, std::string& error);
// The country named `name` (case and accents ignored); empty with `error` when none is.
core::SharedArea country_named(const std::string& countries_path, const std::string& name,
                               std::string& error);
// The country `at` lies in; empty with `error` (e.g. "no country here") when none.
core::SharedArea country_at(const std::string& countries_path, core::LonLat at,
                            std::string& error);

} // namespace incimap::geo
