#pragma once
// A vector basemap (issue 16, item 2): an MBTiles file of Mapbox Vector Tiles in the
// OpenMapTiles schema (its metadata says format=pbf), read through GDAL's MBTiles/MVT driver,
// read-only. A read paints what the tiles hold of a view's box into an RGBA image in the
// view's CRS (geo/raster_basemap.hpp's RasterImage, so the scene draws it as it draws a raster
// basemap) with a quiet built-in style, and lists the place names in it:
//
//   layer (OpenMapTiles)          drawn as
//   water                         water colour fill
//   waterway                      water colour line (rivers and canals wider)
//   landcover, park, landuse      a faint green (wood, grass, park) or grey (built-up) fill
//   building                      a fill a little darker than the land (tile zoom ≥ 13)
//   transportation                white-ish lines with a casing, wider for major roads
//   place                         labels (RasterImage::labels), drawn like the offline places
//
// The tile zoom follows the view: the tiles whose detail matches the view's resolution (a
// vector tile is drawn at 512 px), within the file's minzoom…maxzoom (deeper views reuse the
// deepest tiles), and at most kMaxTiles per read. Tiles are decoded once into a
// VectorTileCache (bounded in bytes, shared between the scene's reads, thread-safe).

#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "core/palette.hpp"
#include "geo/raster_basemap.hpp"

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace incimap::geo {

// The colours a vector basemap is painted with, made from the map's land and water colours
// so that it looks like the offline basemap in the light and the dark theme.
struct VectorStyle {
    core::Rgba8 land, water, green, urban, building, road, road_casing, minor_road, rail;
};
VectorStyle vector_style(core::Rgba8 land, core::Rgba8 water);

// One tile's features, decoded, in Web Mercator metres.
struct TileFeatures {
    enum class Kind : std::uint8_t {
        Water, Green, Urban, Building, // polygons
        River, Stream, MajorRoad, Road, MinorRoad, Rail, // lines
        Place, // a point with a name
    };
    struct Feature {
        Kind kind;
        std::vector<core::MapPoint> points;
        std::vector<std::uint32_t> parts; // where each ring (polygons) or line starts
        std::string name;                 // places only
        double rank = 0;                  // places: a population-like weight for the labeller
    };
    std::vector<Feature> features;
    std::size_t bytes() const;
};

// Decoded tiles, least recently used dropped first beyond `bound_bytes`. Thread-safe.
class VectorTileCache {
public:
    explicit VectorTileCache(std::size_t bound_bytes = 64u << 20) : m_bound(bound_bytes) {}
    std::shared_ptr<const TileFeatures> get(const std::string& key);
    void put(const std::string& key, std::shared_ptr<const TileFeatures> tile);
    std::size_t bytes() const;
    std::size_t size() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const TileFeatures>>;
    mutable std::mutex m_mutex;
    std::list<Entry> m_lru; // most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::size_t m_bytes = 0, m_bound;
};

// Whether `path` is an MBTiles file of vector tiles (metadata format=pbf).
bool is_vector_mbtiles(const std::string& path);

class VectorTileSource {
public:
    static constexpr int kMaxTiles = 48; // per read: a coarser zoom beyond that

    // Opens `path` read-only; nullptr with a one-line `error` when it is not a vector
    // MBTiles file incimap reads. `cache` may be shared by several sources (of any files).
    static std::unique_ptr<VectorTileSource> open(const std::string& path, std::string& error,
                                                  std::shared_ptr<VectorTileCache> cache = {});

    const std::string& path() const { return m_path; }
    // Who to credit (the file's attribution, else its name): never empty.
    const std::string& attribution() const { return m_attribution; }
    int min_zoom() const { return m_min_zoom; }
    int max_zoom() const { return m_max_zoom; }
    // The tile zoom for a view of `metres_per_px` Web Mercator metres per pixel.
    int zoom_for(double metres_per_px) const;

    // Paints the tiles' features in `box` (of `view_crs`) into `out` (width × height) with
    // `style`, and lists the place names there. False with `error` when the tiles cannot be
    // read; "cancelled" when `cancel` is set meanwhile. Tiles GDAL could not decode (corrupt
    // bytes) are left out and said in one line, `out.warning`; the rest is drawn. Not
    // thread-safe: one source a thread.
    bool read(const core::MapBox& box, int width, int height, const std::string& view_crs,
              const VectorStyle& style, RasterImage& out, std::string& error,
              const std::atomic<bool>* cancel = nullptr) const;

private:
    VectorTileSource() = default;
    // `problem`: what GDAL said when the tile's bytes would not decode ("" when they did);
    // the features read are kept (and cached) either way.
    std::shared_ptr<const TileFeatures> tile(int z, int x, int y, std::string& error,
                                             std::string& problem) const;

    std::string m_path, m_attribution;
    int m_min_zoom = 0, m_max_zoom = 14;
    core::LonLatBox m_bounds; // where the tiles are (metadata bounds, else the world)
    std::shared_ptr<VectorTileCache> m_cache;
    struct Opened; // the dataset opened at one zoom, kept while reads stay at that zoom
    mutable std::unique_ptr<Opened> m_opened;
public:
    ~VectorTileSource();
};

} // namespace incimap::geo
