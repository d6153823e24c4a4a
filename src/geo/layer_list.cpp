#include "geo/layer_list.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/layer_set.hpp"
#include "geo/gdal/source_open.hpp"
#include "geo/read_limits.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace incimap::geo {

namespace {

// Formats that may hold several layers of points (or a zip of files that do).
bool may_hold_layers(const std::string& path) {
    if (path.rfind("/vsizip/", 0) == 0 || path.rfind("PG:", 0) == 0)
        return true;
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".gpkg" || ext == ".kml" || ext == ".kmz" || ext == ".zip" || ext == ".gpx" ||
           ext == ".topojson" || ext == ".sqlite";
}

} // namespace

bool LayerListing::several_point_layers() const {
    // describe_layers reads every non-empty point layer by default when there are two or more.
    return std::count_if(layers.begin(), layers.end(),
                         [](const core::LayerCount& c) { return c.read; }) >= 2;
}

LayerListing list_layers(const std::string& path, const ReadOptions& options) {
    LayerListing out;
    if (!may_hold_layers(path)) {
        out.ok = true;
        return out;
    }
    NetworkGuard network(options.allow_network);
    OpenedSource opened = open_vector_source(
        path, OpenLimits{options.allow_network, memory_budget(options.memory_budget_bytes),
                         options.cancel});
    if (!opened.dataset) {
        out.error = opened.error;
        return out;
    }
    out.driver = opened.driver;
    out.layers = describe_layers(*opened.dataset, opened.driver);
    out.ok = true;
    return out;
}

std::vector<std::string> wanted_layers(const ReadOptions& options) {
    std::vector<std::string> out;
    if (!options.layer.empty())
        out.push_back(options.layer);
    out.insert(out.end(), options.layers.begin(), options.layers.end());
    return out;
}

} // namespace incimap::geo
