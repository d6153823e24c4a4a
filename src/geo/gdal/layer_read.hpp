#pragma once
// Reading a source through GDAL (the path for every format the fast readers do not take):
// open it, choose its layers (geo/gdal/layer_set.hpp), plan its fields from a sample
// (geo/field_plan.hpp), then read every feature of the chosen layers into one table, each
// feature's geometry reprojected to WGS84 and its values through incident_row, GDAL's
// messages attributed to the feature they are about or kept as notes.

#include "geo/read_options.hpp"

#include <string>

namespace incimap::geo {

// `open_path`: what GDAL opens (the file, or its text prepared in memory, geo/source_text.hpp);
// `path`: what messages and the report name.
ReadResult read_gdal_source(const std::string& path, const std::string& open_path,
                            const ReadOptions& options);

} // namespace incimap::geo
