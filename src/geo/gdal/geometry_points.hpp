#pragma once
// From an OGR geometry (already in WGS84 lon/lat) to the positions of incidents: a Point
// gives one, a MultiPoint one per point, a line or polygon one at a representative point
// (its shape is kept in the ShapeStore for drawing beneath the points).

#include "core/geometry.hpp"

#include <ogr_geometry.h>

#include <string>
#include <vector>

namespace incimap::geo {

struct PointOut {
    core::LonLat position;
    float z; // NaN when the geometry is 2D
};

struct GeometryPoints {
    std::vector<PointOut> points;
    std::vector<std::string> problems; // e.g. a point of a MultiPoint out of range
    // Lines and polygons to keep: appended to `shapes` with incident index set by the caller.
    bool has_shape = false;
};

// The problem text for a position outside lon -180..180, lat -90..90 or not finite.
std::string describe_bad_coordinates(double lon, double lat);

// Appends any line/polygon parts of `geometry` to `shapes` as items of `incident`.
GeometryPoints points_of(const OGRGeometry& geometry, core::ShapeStore& shapes,
                         std::uint32_t incident);

} // namespace incimap::geo
