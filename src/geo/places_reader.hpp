#pragma once
// The bundled GeoNames places (assets/basemap/places.fgb: name, population, country) as the
// gazetteer's places, read once through GDAL (FlatGeobuf only, read-only).

#include "core/gazetteer.hpp"

#include <string>
#include <vector>

namespace incimap::geo {

// Every point place of `path`; empty and `error` when it cannot be read.
std::vector<core::GazetteerPlace> read_places(const std::string& path, std::string& error);

} // namespace incimap::geo
