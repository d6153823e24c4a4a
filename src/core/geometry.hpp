#pragma once
// Plain geometry value types shared by every module. Each type names its space so that a
// longitude never travels as a bare `double x` (see STYLE.md).

#include <cstdint>
#include <vector>

namespace incimap::core {

// WGS84 degrees, longitude first (as GeoJSON and GDAL's traditional GIS order).
struct LonLat {
    double lon = 0.0;
    double lat = 0.0;
    friend bool operator==(const LonLat&, const LonLat&) = default;
};

struct LonLatBox {
    double min_lon = 0.0, min_lat = 0.0, max_lon = 0.0, max_lat = 0.0;
    bool empty = true;

    void extend(LonLat p) {
        if (empty) {
            min_lon = max_lon = p.lon;
            min_lat = max_lat = p.lat;
            empty = false;
            return;
        }
        min_lon = p.lon < min_lon ? p.lon : min_lon;
        max_lon = p.lon > max_lon ? p.lon : max_lon;
        min_lat = p.lat < min_lat ? p.lat : min_lat;
        max_lat = p.lat > max_lat ? p.lat : max_lat;
    }
};

// Great-circle distance on the mean Earth sphere (R = 6,371,008.8 m); good to ~0.5 %, which
// is all a scale bar or a "near" test needs.
double great_circle_m(LonLat a, LonLat b);

inline bool is_valid_lonlat(LonLat p) {
    // NaN fails every comparison, so it is rejected too.
    return p.lon >= -180.0 && p.lon <= 180.0 && p.lat >= -90.0 && p.lat <= 90.0;
}

// Lines and polygons that came with the data, kept for drawing beneath the points. Each
// item belongs to one incident (placed at a representative point of the shape).
enum class ShapeKind : std::uint8_t { Line, Polygon };

struct ShapeStore {
    struct Item {
        std::uint32_t incident = 0;
        ShapeKind kind = ShapeKind::Line;
        std::uint32_t first_ring = 0; // index into ring_start; a polygon's first ring is its shell
        std::uint32_t ring_count = 0;
    };
    std::vector<LonLat> points;
    std::vector<std::uint32_t> ring_start; // into points; ring r ends where r+1 starts
    std::vector<Item> items;

    std::uint32_t ring_end(std::uint32_t ring) const {
        return ring + 1 < ring_start.size() ? ring_start[ring + 1]
                                            : static_cast<std::uint32_t>(points.size());
    }
};

} // namespace incimap::core
