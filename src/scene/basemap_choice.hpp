#pragma once
// What goes under the data (issue 16), as the CLI, the View > Basemap menu and the session
// name it: "offline" (the bundled map), "none", or the path of a GeoTIFF / raster MBTiles
// file (drawn over the offline land, under borders, places and the data).

#include "render/raster_layer.hpp"

#include <string>
#include <vector>

namespace incimap::scene {

class MapScene;

inline constexpr const char* kBasemapOffline = "offline";
inline constexpr const char* kBasemapNone = "none";

// Sets `scene`'s basemap to `choice`. False with a one-line `error` (and the scene's basemap
// as it was) when the file cannot be used.
bool choose_basemap(MapScene& scene, const std::string& choice, std::string& error);

// The raster's look: `opacity` 0…1, and `quiet` (greyscale, dimmed toward white) so the data
// stays loud over a colourful satellite image.
render::RasterLook basemap_look(double opacity, bool quiet);

// The raster basemaps chosen lately (absolute paths, most recent first), for View ▸ Basemap;
// kept in state_dir()/recent-basemaps by the engine.
std::vector<std::string> recent_basemaps();

} // namespace incimap::scene
