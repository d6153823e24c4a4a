#include "geo/geodesy.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>

namespace incimap::geo {

namespace {

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic out{};
        geod_init(&out, 6378137.0, 1 / 298.257223563);
        return out;
    }();
    return g;
}

} // namespace

double geodesic_distance_m(core::LonLat a, core::LonLat b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2);
    return s12;
}

double path_length_m(std::span<const core::LonLat> path) {
    double total = 0;
    for (std::size_t i = 1; i < path.size(); ++i)
        total += geodesic_distance_m(path[i - 1], path[i]);
    return total;
}

double polygon_area_m2(std::span<const core::LonLat> ring) {
    if (ring.size() < 3)
        return 0;
    geod_polygon p{};
    geod_polygon_init(&p, 0);
    for (const core::LonLat& ll : ring)
        geod_polygon_addpoint(&wgs84(), &p, ll.lat, ll.lon);
    double area = 0, perimeter = 0;
    geod_polygon_compute(&wgs84(), &p, 0, 1, &area, &perimeter);
    return std::abs(area);
}

core::LonLat geodesic_direct(core::LonLat from, double azimuth_deg, double distance_m) {
    double lat = 0, lon = 0, azi2 = 0;
    geod_direct(&wgs84(), from.lat, from.lon, azimuth_deg, distance_m, &lat, &lon, &azi2);
    return {lon, lat};
}

std::vector<core::LonLat> geodesic_circle(core::LonLat centre, double radius_m, int vertices) {
    vertices = std::max(vertices, 8);
    std::vector<core::LonLat> out;
    out.reserve(static_cast<std::size_t>(vertices));
    for (int i = 0; i < vertices; ++i)
        out.push_back(geodesic_direct(centre, 360.0 * i / vertices, radius_m));
    return out;
}

std::vector<core::LonLat> geodesic_line(core::LonLat a, core::LonLat b, double step_m) {
    geod_geodesicline line{};
    geod_inverseline(&line, &wgs84(), a.lat, a.lon, b.lat, b.lon, 0);
    const double length = line.s13;
    const int n = std::clamp(static_cast<int>(std::ceil(length / std::max(step_m, 1.0))), 1, 2000);
    std::vector<core::LonLat> out;
    out.reserve(static_cast<std::size_t>(n) + 1);
    for (int i = 0; i <= n; ++i) {
        double lat = 0, lon = 0, azi = 0;
        geod_position(&line, length * i / n, &lat, &lon, &azi);
        out.push_back({lon, lat});
    }
    return out;
}

} // namespace incimap::geo
