#pragma once
// The layers of a source, listed without reading its features: what File > Open asks about
// when a source holds several point layers (a GeoPackage with strikes and protests, a KML
// with a folder per month), and which layers a read is asked for.

#include "core/load_report.hpp"
#include "geo/read_options.hpp"

#include <string>
#include <vector>

namespace incimap::geo {

struct LayerListing {
    bool ok = false;
    std::string error; // one line (set when !ok)
    std::string driver;
    // Every layer with its count and geometry; `read` on those read by default, `why` on the
    // others (geo/gdal/layer_set.hpp, describe_layers).
    std::vector<core::LayerCount> layers;

    // Whether there is a choice to offer: two or more non-empty point layers.
    bool several_point_layers() const;
};

// Opens the source as read_incidents would (the same checks and driver whitelist) and lists
// its layers. Formats that hold one layer (GeoJSON, GeoJSONSeq, CSV, FlatGeobuf, Shapefile)
// are not opened: a big GeoJSON would be scanned once for nothing; they come back ok with no
// layers. Cheap for GeoPackage and zip; a KML is parsed once.
LayerListing list_layers(const std::string& path, const ReadOptions& options);

// The layers a read is asked for: options.layer, then options.layers (empty: as detected).
std::vector<std::string> wanted_layers(const ReadOptions& options);

} // namespace incimap::geo
