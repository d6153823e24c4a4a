#pragma once
// KML time as written. KML gives time in <TimeStamp><when> and <TimeSpan><begin>/<end>,
// often partial (`2023`, `2024-01`). GDAL's LIBKML driver turns these into DateTime fields:
// `2024-01` becomes 2024-01-01T00:00:00 (a month read as one second) and a bare year is
// dropped. incimap reads each partial value as the whole of its unit (docs/TIME.md), so the
// reader takes the text from the file itself and pairs it with LIBKML's features.

#include <string>
#include <vector>

namespace incimap::geo {

struct KmlFeatureTime {
    std::string name;       // <name>, to check the pairing with LIBKML's `Name` field
    std::string when;       // <TimeStamp><when>
    std::string begin, end; // <TimeSpan>
};

// The features (Placemarks and GroundOverlays) of every layer LIBKML makes of a .kml file,
// in LIBKML's layer and feature order: the root container's own features first (when it has
// any), then every Folder/Document below it in document order, empty ones included.
// Empty when the file cannot be parsed as XML.
std::vector<std::vector<KmlFeatureTime>> read_kml_times(const std::string& path);

} // namespace incimap::geo
