#include "scene/area_outline.hpp"

#include "geo/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <span>

namespace incimap::scene {

void append_lonlat_path(const std::vector<core::LonLat>& path, bool closed,
                        const geo::Projection& projection, double world_width,
                        std::vector<core::MapPoint>& segments) {
    if (path.size() < 2)
        return;
    std::vector<core::LonLat> dense;
    const std::size_t edges = closed ? path.size() : path.size() - 1;
    double lon = path[0].lon; // unwrapped: each edge the short way round, as core::Area takes it
    for (std::size_t i = 0; i < edges; ++i) {
        const core::LonLat a = path[i], b = path[(i + 1) % path.size()];
        double d = b.lon - a.lon;
        if (std::abs(d) > 180.0 && !(std::abs(std::abs(a.lon) - 180) < 1e-9 &&
                                     std::abs(std::abs(b.lon) - 180) < 1e-9))
            d -= std::copysign(360.0, d);
        const double span = std::max(std::abs(d), std::abs(b.lat - a.lat));
        const int steps = std::max(1, static_cast<int>(std::ceil(span)));
        for (int k = 0; k < steps; ++k) {
            const double f = static_cast<double>(k) / steps;
            dense.push_back({std::remainder(lon + d * f, 360.0), a.lat + (b.lat - a.lat) * f});
        }
        lon += d;
    }
    dense.push_back({std::remainder(lon, 360.0), path[closed ? 0 : path.size() - 1].lat});
    const auto forward = [&projection](core::LonLat ll) { return projection.forward(ll); };
    geo::append_segments(std::span<const core::LonLat>(dense), forward, world_width, segments);
}

void append_area_outline(const core::Area& area, const geo::Projection& projection,
                         double world_width, std::vector<core::MapPoint>& segments) {
    for (const core::AreaPolygon& polygon : area.polygons())
        for (const core::Ring& ring : polygon)
            append_lonlat_path(ring, true, projection, world_width, segments);
}

} // namespace incimap::scene
