#pragma once
// Geodesic measurement on the WGS84 ellipsoid through PROJ's GeographicLib C port
// (<geodesic.h>, Karney's algorithms; nanometre accuracy): distances along a path, the area of
// a polygon, and the vertices of geodesic lines and circles ("range rings") to be projected
// and drawn, so that they are right in every projection, not screen circles.

#include "core/camera.hpp"
#include "core/geometry.hpp"

#include <span>
#include <vector>

namespace incimap::geo {

// The shortest distance between two points, metres.
double geodesic_distance_m(core::LonLat a, core::LonLat b);
// The sum of the geodesic legs of a path, metres (0 for fewer than two points).
double path_length_m(std::span<const core::LonLat> path);
// The area of the polygon the points close (geodesic edges, either winding), m².
double polygon_area_m2(std::span<const core::LonLat> ring);
// The point `distance_m` from `from` along azimuth `azimuth_deg` (clockwise from north).
core::LonLat geodesic_direct(core::LonLat from, double azimuth_deg, double distance_m);
// `vertices` points at `radius_m` from `centre`, every 360/vertices degrees of azimuth from
// north; the circle is closed by the caller (the first point again).
std::vector<core::LonLat> geodesic_circle(core::LonLat centre, double radius_m, int vertices = 180);
// The geodesic from a to b as points no more than `step_m` apart (a and b included).
std::vector<core::LonLat> geodesic_line(core::LonLat a, core::LonLat b, double step_m = 20000);

// A polyline in lon/lat as map segments (2 points each) for GL_LINES: projected with
// `forward`, broken where a point has no position (NaN) or where consecutive points jump by
// more than half the world's width (the antimeridian in a cylindrical projection).
template <typename Forward>
void append_segments(std::span<const core::LonLat> line, Forward forward, double world_width,
                     std::vector<core::MapPoint>& segments);

} // namespace incimap::geo

#include <cmath>

template <typename Forward>
void incimap::geo::append_segments(std::span<const core::LonLat> line, Forward forward,
                                   double world_width, std::vector<core::MapPoint>& segments) {
    bool have = false;
    core::MapPoint last{};
    for (const core::LonLat& ll : line) {
        const core::MapPoint p = forward(ll);
        const bool ok = std::isfinite(p.x) && std::isfinite(p.y);
        if (ok && have && std::abs(p.x - last.x) < world_width / 2) {
            segments.push_back(last);
            segments.push_back(p);
        }
        have = ok;
        last = p;
    }
}
