#pragma once
// A fast reader for the GeoJSON that carries big data: FeatureCollections and GeoJSONSeq of
// Point and MultiPoint features with flat properties. It parses with simdjson On-Demand in
// chunks of whole features (a FeatureCollection, cut between features in any layout) or as a
// document stream (GeoJSONSeq), keeps only the part being parsed resident, and fills the
// table as the GDAL path would: GDAL's field order and types (with the open options of
// source_open.cpp: DATE_AS_STRING for GeoJSON, none for GeoJSONSeq), its FIDs (an integer
// feature id or `properties.id`), its texts for values and the reader's problems.
//
// Anything it is not sure to read the way GDAL does (another geometry type, a crs other than
// WGS84, nested or array properties, ids of mixed kinds, values GDAL would promote to text,
// date-times in GeoJSONSeq, invalid JSON, …) makes it decline: the caller then reads the file
// through GDAL.

#include "geo/fast/fast_common.hpp"
#include "geo/read_options.hpp"

#include <optional>
#include <string>

namespace incimap::geo::fast {

// A FeatureCollection (.geojson, .json); nullopt when declined (the reason in `declined`).
// `chunk_bytes` (0 = the default, about 4 MiB) is how much is parsed at a time; tests make it
// small to cross chunk boundaries.
std::optional<ReadResult> read_geojson(const std::string& path, const ReadOptions& options,
                                       Declined* declined = nullptr, std::size_t chunk_bytes = 0);
// GeoJSONSeq: one Feature per line (.geojsonl, .geojsons).
std::optional<ReadResult> read_geojson_seq(const std::string& path, const ReadOptions& options,
                                           Declined* declined = nullptr);

} // namespace incimap::geo::fast
