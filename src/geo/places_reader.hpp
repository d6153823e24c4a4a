#pragma once
// The bundled GeoNames places (assets/basemap/places.fgb: name, population, country and
// alt_names, see assets/basemap/README.md) as the gazetteer's places, read once through GDAL
// (FlatGeobuf only, read-only).

#include "core/gazetteer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo {

// Every point place of `path`; empty and `error` when it cannot be read.
std::vector<core::GazetteerPlace> read_places(const std::string& path, std::string& error);

// The alt_names field, "langs:name|langs:name" ("ar,fa:بغداد|fr,de:Bagdad"), as names; an
// entry without its "langs:" is a name of no stated language, empty entries are skipped.
std::vector<core::GazetteerAltName> parse_alt_names(std::string_view field);

} // namespace incimap::geo
