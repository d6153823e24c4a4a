#pragma once
// Which layers of a source are read, and the one field list they are read into.
//
// A KML whose placemarks sit in folders is one layer per folder to GDAL; a GeoPackage or a
// zip may hold several point layers. Reading the first of them would load a part silently,
// so when no layer is named and two or more non-empty layers hold points, all of them are
// read into one table: the fields are the union of theirs (by name, in order of first
// appearance) plus a `layer` field that names each incident's layer, which the legend can
// colour by. Layers not read (lines and polygons beside point layers, GPX route and track
// vertices) are listed with their counts in the report, with how to read them.

#include "core/attributes.hpp"
#include "core/load_report.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace incimap::geo {

struct LayerSet {
    std::vector<int> indices;                 // the layers read, 0-based, in source order
    std::vector<OGRLayer*> layers;            // the same layers
    std::vector<std::vector<int>> field_map;  // per layer read: its field i → union field
    std::vector<core::FieldInfo> fields;      // the union, with `layer` last when several
    std::vector<bool> datetime;               // per union field: OFTDateTime wherever present
    int layer_field = -1;                     // union index of `layer`, -1 when one layer
    // GeoJSON's dates are text in the file: kept as written (as the fast readers keep them),
    // never rewritten from midnight date-times to dates.
    bool dates_as_written = false;
};

// Every layer of the source with its count and geometry, `read` set on those read when none
// is named (every non-empty point layer when there are two or more, else the first non-empty
// layer) and `why` on the others. Counts are exact where the driver counts cheaply and there
// is more than one layer; -1 where it cannot tell (a database, GPX).
std::vector<core::LayerCount> describe_layers(GDALDataset& ds, const std::string& driver);

// The layers to read: those named by `wanted` (names or 0-based indices, in source order),
// else describe_layers' choice. Fills report.layers and report.layer_counts (and a note for
// any non-empty layer not read). Empty `indices` and `error` set when a named layer is not
// there.
LayerSet choose_layers(GDALDataset& ds, const std::vector<std::string>& wanted,
                       const std::string& driver, core::LoadReport& report, std::string& error);

// The same layers of a dataset opened again (by index).
bool reselect_layers(GDALDataset& ds, LayerSet& set);

} // namespace incimap::geo
