#pragma once
// A raster basemap on the map (issue 16): which file, and keeping the renderer's image of it
// right for the view. Each image is the view plus a margin, warped into the view's CRS at the
// view's resolution (geo/raster_basemap.hpp); a pan inside the margin or a small zoom reuses
// it, anything else asks for a new one.
//
// In the window (async) the read runs on a worker (the job opens its own dataset, owns all it
// reads, and may be left behind on close), the image is uploaded in the sync() after it is
// ready, and the map keeps drawing the previous image meanwhile: a frame never waits for GDAL.
// In `incimap render` (not async) sync() reads the exact view before it returns.
//
// GPU memory: one texture, at most kMaxSidePx² × 4 bytes (64 MiB), in practice the viewport
// × 1.5² × 4 bytes (6 MiB at 1280×800).

#include "scene/worker.hpp"
#include "core/camera.hpp"
#include "geo/raster_basemap.hpp"
#include "geo/vector_tiles.hpp"
#include "render/map_renderer.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace incimap::scene {

class RasterView {
public:
    static constexpr int kMaxSidePx = 4096;

    // Where online tiles are cached and whether they may be fetched (set before set_file).
    void set_tile_access(geo::TileAccess access) { m_access = std::move(access); }
    const geo::TileAccess& tile_access() const { return m_access; }
    // Opens `path` (a file, or a tile URL the user typed) to check it (read-only; cheap: no
    // pixels are read). False with a one-line `error` (what to do), and the previous choice
    // kept, when it cannot be used.
    bool set_file(const std::string& path, std::string& error);
    bool online() const { return m_source && m_source->online(); }
    // Whether the file is a vector MBTiles (painted with the map's style, see
    // geo/vector_tiles.hpp) rather than a raster.
    bool vector() const { return m_vector != nullptr; }
    // The decoded vector tiles, shared by the reads (bounded in bytes).
    const geo::VectorTileCache& tile_cache() const { return *m_tile_cache; }
    void clear(); // no raster
    const std::string& file() const { return m_path; }
    // Who to credit for the file ("" with none).
    const std::string& attribution() const { return m_attribution; }
    void set_async(bool on) { m_async = on; }
    bool busy() const { return m_job.busy(); }
    std::size_t reads() const { return m_reads; } // images read so far (tests)
    // Why the last read failed ("" when it did not).
    const std::string& last_error() const { return m_last_error; }

    // Brings the renderer's raster up to date for `camera` in `crs` (the projection's name).
    // False with `error` once per failed read (a corrupt block): the map draws on without it;
    // also once when a read was drawn but not whole (corrupt vector tiles, the image warning).
    bool sync(render::MapRenderer& renderer, const core::Camera& camera, const std::string& crs,
              std::string& error);

private:
    struct Request {
        core::MapBox box;
        int width = 0, height = 0;
        std::string crs;
        std::uint64_t generation = 0;
        geo::VectorStyle style{}; // vector basemaps are painted with the map's colours
        double units_per_px() const { return box.width() / width; }
    };
    struct Result {
        Request request;
        geo::RasterImage image;
        std::string error;
    };
    Request wanted(const core::Camera& camera, const std::string& crs, double margin) const;
    bool covers(const Request& have, const core::Camera& camera, const std::string& crs) const;

    std::string m_path, m_attribution;
    geo::TileAccess m_access;
    std::unique_ptr<geo::RasterSource> m_source; // the synchronous reads' dataset
    // Vector MBTiles (issue 16, item 2): the source of the synchronous reads, the tiles the
    // reads decoded, and the style of the renderer at the last sync.
    std::unique_ptr<geo::VectorTileSource> m_vector;
    std::shared_ptr<geo::VectorTileCache> m_tile_cache = std::make_shared<geo::VectorTileCache>();
    geo::VectorStyle m_style{};
    static bool same_style(const geo::VectorStyle& a, const geo::VectorStyle& b);
    // Hands a read image (and its labels) to the renderer.
    static void show(render::MapRenderer& renderer, geo::RasterImage& image);
    std::uint64_t m_generation = 0;              // counts file changes
    bool m_async = false;
    std::optional<Request> m_shown;   // what the renderer holds
    std::optional<Request> m_asked;   // what the worker reads now
    std::optional<Request> m_failed;  // the last read that failed (not asked again)
    std::size_t m_reads = 0;
    std::string m_last_error;
    Worker<Result> m_job;
};

} // namespace incimap::scene
