#pragma once
// The disk cache of online map tiles (issue 16): $XDG_CACHE_HOME/incimap/tiles/<service>/…,
// written by GDAL's WMS driver, kept under a size bound here. Only incimap's own folder is
// ever touched.

#include <cstdint>
#include <string>

namespace incimap::geo {

// The bound: INCIMAP_TILE_CACHE_MIB (1…65536) or 512 MiB.
std::uint64_t tile_cache_bound_bytes();

// The folder of one tile service (a URL template) under `tiles_root`: a hash of the template,
// so that two services never share tiles.
std::string tile_service_folder(const std::string& tiles_root, const std::string& url_template);

// Removes the least recently written files under `tiles_root` until what is left is at most
// `max_bytes` × 0.8 (when it was over `max_bytes`). Returns the bytes left.
std::uint64_t prune_tile_cache(const std::string& tiles_root, std::uint64_t max_bytes);

} // namespace incimap::geo
