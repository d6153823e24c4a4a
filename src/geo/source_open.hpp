#pragma once
// Opening a data source safely: checks on the path (missing, directory, empty, network),
// driver identification against the whitelist, and driver-specific open options.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>

namespace incimap::geo {

struct OpenedSource {
    GDALDatasetUniquePtr dataset;
    std::string driver; // GDAL short name
    std::string error;  // set when dataset is null: one line, what and why
};

OpenedSource open_vector_source(const std::string& path, bool allow_network);

// Picks a layer by name or 0-based index; "" = the first layer with features (or the
// first layer). Returns nullptr and sets `error` when there is no such layer.
OGRLayer* select_layer(GDALDataset& dataset, const std::string& wanted, std::string& error);

} // namespace incimap::geo
