#pragma once
// The offline basemap (assets/basemap/, built by scripts/build_basemap.sh from Natural Earth,
// GeoNames and GSHHG): land polygons, country borders, coastlines, rivers and places, read
// through GDAL, projected and triangulated once per (projection, level of detail, region) and
// cached.

#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "geo/projection.hpp"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace incimap::geo {

enum class BasemapDetail { Low, Medium, High }; // Natural Earth 1:110m, 1:50m, 1:10m

// The level of detail worth drawing at a zoom (more detail as you zoom in).
BasemapDetail detail_for_zoom(double zoom);

inline constexpr std::size_t kRiverClasses = 4; // GSHHG WDBII classes 0-3 (issue 16)

struct BasemapGeometry {
    std::vector<core::MapPoint> land_triangles;     // 3 points per triangle
    std::vector<core::MapPoint> border_segments;    // 2 points per segment
    std::vector<core::MapPoint> coastline_segments; // 2 points per segment
    std::size_t failed_polygons = 0;                // polygons GEOS could not triangulate
    // Rivers (issue 16; rivers.fgb, GSHHG's WDBII centre lines), High detail only: 2 points
    // per segment, by class (kRiverClasses: 0 double-lined, 1 permanent major, 2 additional
    // major, 3 additional rivers; higher classes are left out). No file: none.
    std::array<std::vector<core::MapPoint>, kRiverClasses> river_segments;
    // Lakes (issue 16; lakes.fgb, GSHHG's level-2 shores, islands not cut out), drawn in the
    // water's colour over the land: 3 points per triangle. High detail: every lake (of at
    // least 50 km², as bundled) meeting the region; Medium: those of kMediumLakeKm2 and more;
    // Low: none. No file: none.
    std::vector<core::MapPoint> lake_triangles;
};

inline constexpr double kMediumLakeKm2 = 1000; // Tharthar, Razzaza, Van, Urmia, the Caspian…

struct Place {
    core::LonLat lonlat;
    core::MapPoint map;
    std::string name;
    std::int64_t population = 0;
};

class Basemap {
public:
    explicit Basemap(std::string directory) : m_dir(std::move(directory)) {}
    const std::string& directory() const { return m_dir; }

    // Geometry for `detail` in `projection`, cut to `region` where one is given (lon/lat; the
    // view plus a margin) to keep triangulation fast, else the world (or the projection's
    // area of use). The scene gives a region at High detail, and at Medium for a view drawn
    // once (scene::MapScene::set_basemap_for_one_view). Made once (build) and cached (adopt).
    // nullptr and `error` when the files cannot be read.
    const BasemapGeometry* geometry(BasemapDetail detail, const Projection& projection,
                                    const std::optional<core::LonLatBox>& region,
                                    std::string& error);
    // What the cache holds for that already, else nullptr: a whole geometry serves any
    // region, a cut one only the regions inside what it was cut to.
    const BasemapGeometry* cached(BasemapDetail detail, const Projection& projection,
                                  const std::optional<core::LonLatBox>& region) const;
    // The geometry made from the files in `directory`, cached nowhere: safe on any thread,
    // for the window's worker (MapScene::set_async_basemap). nullptr and `error` on failure.
    static std::unique_ptr<BasemapGeometry> build(const std::string& directory,
                                                  BasemapDetail detail,
                                                  const Projection& projection,
                                                  const std::optional<core::LonLatBox>& region,
                                                  std::string& error);
    // Keeps what build() made for those arguments; the cached copy.
    const BasemapGeometry* adopt(BasemapDetail detail, const Projection& projection,
                                 const std::optional<core::LonLatBox>& region,
                                 std::unique_ptr<BasemapGeometry> geometry);
    // All places, most populous first, projected.
    const std::vector<Place>* places(const Projection& projection, std::string& error);

private:
    struct Cached {
        std::string key;
        core::LonLatBox region;
        bool cut = false; // made for a region: serves only regions inside `region`
        std::unique_ptr<BasemapGeometry> geometry;
    };
    std::string m_dir;
    std::vector<Cached> m_cache; // small: a whole entry per detail, and the latest cut one
    std::string m_places_key;
    std::vector<Place> m_places;
};

} // namespace incimap::geo
