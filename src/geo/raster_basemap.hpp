#pragma once
// A raster basemap the user has: a GeoTIFF / COG (a satellite image, a scanned map) or a
// raster MBTiles file, read through GDAL, read-only. A read warps the part of the raster a
// view needs into that view's CRS and pixel grid: GDAL's warper picks the overview (the
// MBTiles zoom level) nearest the view's resolution, so a read costs about the pixels asked
// for, whatever the file's size.
//
// A RasterSource is one open dataset and is not thread-safe: open one per thread (the scene's
// worker opens its own for each read, see scene/raster_view.hpp).
//
//   view box (map units of the view's CRS, x east, y north)
//   max_y ┌──────────────┐  row 0
//         │  width × height RGBA8 pixels, row 0 at the top (max_y)
//   min_y └──────────────┘  row height−1
//       min_x          max_x

#include "core/camera.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace incimap::geo {

// A name on the basemap (a vector basemap's places), in the view's map units.
struct MapLabel {
    core::MapPoint at;
    std::string name;
    double rank = 0; // a population-like weight: the labeller keeps the heaviest
};

// Pixels of a view's box, RGBA8 (alpha 0 where the raster has no data), row 0 at the top.
struct RasterImage {
    core::MapBox box;
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    std::vector<MapLabel> labels; // heaviest first (vector basemaps; none from a raster)
    // A problem that left the image partial but drawn (vector tiles GDAL could not decode):
    // one line for stderr or the status bar; "" when none.
    std::string warning;
    bool empty() const { return width == 0 || height == 0; }
};

// The raster drivers a basemap is opened with (GDAL short names): no VRT, no network.
const std::vector<const char*>& allowed_raster_drivers();

// Online tiles (issue 16): an XYZ URL template the user typed ("https://…/{z}/{x}/{y}.png"),
// read through GDAL's WMS driver (TMS mini-driver) with a disk cache under `tiles_root`.
// Without `allow_network` nothing is fetched: only tiles cached earlier are drawn.
struct TileAccess {
    std::string tiles_root; // e.g. ~/.cache/incimap/tiles
    bool allow_network = false;
};
// An attribution as one line of plain text (MBTiles attributions are often HTML links).
std::string plain_attribution(const std::string& html);

// Whether `text` is such a template: http:// or https://, with {z}, {x} and {y}.
bool is_tile_url(const std::string& text);

class RasterSource {
public:
    ~RasterSource();
    RasterSource(const RasterSource&) = delete;
    RasterSource& operator=(const RasterSource&) = delete;

    // Opens `path` read-only; nullptr and a one-line `error` (naming the file and what to do)
    // when it is missing, not a raster incimap reads, or has no georeferencing.
    static std::unique_ptr<RasterSource> open(const std::string& path, std::string& error);
    // Opens an XYZ tile service (never from a data file: only a template the user typed).
    static std::unique_ptr<RasterSource> open_tiles(const std::string& url_template,
                                                    const TileAccess& access,
                                                    std::string& error);
    // A file, or a tile URL with `access`.
    static std::unique_ptr<RasterSource> open_any(const std::string& path_or_url,
                                                  const TileAccess& access, std::string& error);
    bool online() const { return m_online; }

    const std::string& path() const { return m_path; }
    const std::string& driver() const { return m_driver; }
    // Who to credit (the file's own attribution or copyright, else its name): never empty.
    const std::string& attribution() const { return m_attribution; }

    // Warps what the raster holds of `box` (in `view_crs`, e.g. "EPSG:3857") into `out`, of
    // width × height pixels. False with `error` when GDAL cannot read it (a corrupt block);
    // also false, error "cancelled", when `cancel` is set meanwhile.
    bool read(const core::MapBox& box, int width, int height, const std::string& view_crs,
              RasterImage& out, std::string& error,
              const std::atomic<bool>* cancel = nullptr) const;

private:
    RasterSource() = default;
    struct Dataset;
    std::unique_ptr<Dataset> m_ds;
    std::string m_path, m_driver, m_attribution;
    bool m_online = false, m_allow_network = false;
    std::string m_tiles_root; // pruned to its bound after each online read
};

} // namespace incimap::geo
