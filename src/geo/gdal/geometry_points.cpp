#include "geo/gdal/geometry_points.hpp"

#include <ogr_api.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace incimap::geo {

std::string describe_bad_coordinates(double lon, double lat) {
    char buf[160];
    if (!std::isfinite(lon) || !std::isfinite(lat))
        std::snprintf(buf, sizeof buf, "coordinates are not finite numbers (%g, %g)", lon, lat);
    else
        std::snprintf(buf, sizeof buf,
                      "coordinates (%.6g, %.6g) are outside lon -180..180, lat -90..90", lon, lat);
    return buf;
}

namespace {

constexpr float kNoZ = std::numeric_limits<float>::quiet_NaN();

void add_point(const OGRPoint& p, GeometryPoints& out) {
    if (p.IsEmpty()) {
        out.problems.emplace_back("empty point");
        return;
    }
    const core::LonLat ll{p.getX(), p.getY()};
    if (!core::is_valid_lonlat(ll)) {
        out.problems.push_back(describe_bad_coordinates(ll.lon, ll.lat));
        return;
    }
    out.points.push_back({ll, p.Is3D() ? static_cast<float>(p.getZ()) : kNoZ});
}

bool ring_valid(const OGRSimpleCurve& ring) {
    for (int i = 0; i < ring.getNumPoints(); ++i)
        if (!core::is_valid_lonlat({ring.getX(i), ring.getY(i)}))
            return false;
    return true;
}

void store_ring(const OGRSimpleCurve& ring, core::ShapeStore& shapes) {
    shapes.ring_start.push_back(static_cast<std::uint32_t>(shapes.points.size()));
    for (int i = 0; i < ring.getNumPoints(); ++i)
        shapes.points.push_back({ring.getX(i), ring.getY(i)});
}

// A representative point: for lines the middle (along its length) of the longest part, for
// polygons a point guaranteed inside (GEOS PointOnSurface), else the centroid.
bool representative_point(const OGRGeometry& g, OGRPoint& out) {
    const auto flat = wkbFlatten(g.getGeometryType());
    if (flat == wkbLineString || flat == wkbMultiLineString) {
        const OGRLineString* longest = nullptr;
        double best = -1;
        if (flat == wkbLineString) {
            longest = g.toLineString();
        } else {
            for (const OGRLineString* part : *g.toMultiLineString()) {
                const double len = part->get_Length();
                if (len > best) {
                    best = len;
                    longest = part;
                }
            }
        }
        if (longest == nullptr || longest->getNumPoints() == 0)
            return false;
        longest->Value(longest->get_Length() / 2.0, &out);
        return true;
    }
    OGRGeometryH pos = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
    if (pos != nullptr) {
        std::unique_ptr<OGRGeometry> owned(OGRGeometry::FromHandle(pos));
        if (wkbFlatten(owned->getGeometryType()) == wkbPoint && !owned->IsEmpty()) {
            out = *owned->toPoint();
            return true;
        }
    }
    return g.Centroid(&out) == OGRERR_NONE && !out.IsEmpty();
}

void add_shape(const OGRGeometry& linear, GeometryPoints& out, core::ShapeStore& shapes,
               std::uint32_t incident) {
    const auto flat = wkbFlatten(linear.getGeometryType());
    auto add_line = [&](const OGRLineString& line) {
        if (line.getNumPoints() < 2 || !ring_valid(line))
            return;
        core::ShapeStore::Item item{incident, core::ShapeKind::Line,
                                    static_cast<std::uint32_t>(shapes.ring_start.size()), 1};
        store_ring(line, shapes);
        shapes.items.push_back(item);
        out.has_shape = true;
    };
    auto add_polygon = [&](const OGRPolygon& poly) {
        for (const OGRLinearRing* ring : poly)
            if (ring->getNumPoints() < 4 || !ring_valid(*ring))
                return;
        core::ShapeStore::Item item{incident, core::ShapeKind::Polygon,
                                    static_cast<std::uint32_t>(shapes.ring_start.size()), 0};
        for (const OGRLinearRing* ring : poly) {
            store_ring(*ring, shapes);
            ++item.ring_count;
        }
        if (item.ring_count > 0) {
            shapes.items.push_back(item);
            out.has_shape = true;
        }
    };
    if (flat == wkbLineString)
        add_line(*linear.toLineString());
    else if (flat == wkbMultiLineString)
        for (const OGRLineString* l : *linear.toMultiLineString())
            add_line(*l);
    else if (flat == wkbPolygon)
        add_polygon(*linear.toPolygon());
    else if (flat == wkbMultiPolygon)
        for (const OGRPolygon* p : *linear.toMultiPolygon())
            add_polygon(*p);
}

void collect(const OGRGeometry& g, GeometryPoints& out, core::ShapeStore& shapes,
             std::uint32_t first_incident, int depth) {
    if (depth > 32) {
        out.problems.emplace_back("geometry collections nested too deeply");
        return;
    }
    if (g.IsEmpty()) {
        // GDAL keeps a point with a NaN coordinate as an empty point: say both.
        out.problems.emplace_back(wkbFlatten(g.getGeometryType()) == wkbPoint
                                      ? "empty point (no coordinates, or not numbers)"
                                      : "empty geometry");
        return;
    }
    const auto flat = wkbFlatten(g.getGeometryType());
    switch (flat) {
    case wkbPoint: add_point(*g.toPoint(), out); return;
    case wkbMultiPoint:
        for (const OGRPoint* p : *g.toMultiPoint())
            add_point(*p, out);
        return;
    case wkbGeometryCollection:
        for (const OGRGeometry* member : *g.toGeometryCollection())
            collect(*member, out, shapes,
                    first_incident + static_cast<std::uint32_t>(out.points.size()), depth + 1);
        return;
    default: break;
    }
    // Lines, polygons and curves: work on a linear copy.
    std::unique_ptr<OGRGeometry> linear;
    const OGRGeometry* lin = &g;
    if (g.hasCurveGeometry()) {
        linear.reset(g.getLinearGeometry());
        if (!linear) {
            out.problems.emplace_back("curve geometry could not be linearised");
            return;
        }
        lin = linear.get();
    }
    const auto lflat = wkbFlatten(lin->getGeometryType());
    if (lflat != wkbLineString && lflat != wkbMultiLineString && lflat != wkbPolygon &&
        lflat != wkbMultiPolygon) {
        out.problems.push_back(std::string("unsupported geometry type ") +
                               OGRGeometryTypeToName(g.getGeometryType()));
        return;
    }
    OGRPoint rep;
    if (!representative_point(*lin, rep)) {
        out.problems.emplace_back("no representative point for the line or polygon");
        return;
    }
    const std::size_t before = out.points.size();
    add_point(rep, out);
    if (out.points.size() > before) {
        if (lin->Is3D() && !rep.Is3D())
            out.points.back().z = kNoZ;
        add_shape(*lin, out, shapes, first_incident + static_cast<std::uint32_t>(before));
    }
}

} // namespace

GeometryPoints points_of(const OGRGeometry& geometry, core::ShapeStore& shapes,
                         std::uint32_t incident) {
    GeometryPoints out;
    collect(geometry, out, shapes, incident, 0);
    return out;
}

} // namespace incimap::geo
