#include "geo/triangulate.hpp"

#include <geos_c.h>

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace incimap::geo {

namespace {

void quiet(const char* /*fmt*/, ...) {} // GEOS notices: the caller reports failures

struct GeosHandle {
    GEOSContextHandle_t h = GEOS_init_r();
    GeosHandle() {
        GEOSContext_setNoticeHandler_r(h, quiet);
        GEOSContext_setErrorHandler_r(h, quiet);
    }
    ~GeosHandle() { GEOS_finish_r(h); }
};

GEOSGeometry* make_ring(GEOSContextHandle_t h, const std::vector<core::MapPoint>& ring) {
    std::size_t n = ring.size();
    const bool closed = n > 0 && ring.front().x == ring.back().x && ring.front().y == ring.back().y;
    const std::size_t count = closed ? n : n + 1;
    if (count < 4)
        return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(count), 2);
    for (std::size_t i = 0; i < count; ++i) {
        const core::MapPoint& p = ring[i % n];
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(h, seq);
}

} // namespace

bool triangulate(const ProjectedPolygon& polygon, std::vector<core::MapPoint>& out) {
    if (polygon.rings.empty())
        return false;
    for (const auto& ring : polygon.rings)
        for (const auto& p : ring)
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                return false;
    thread_local GeosHandle geos;
    GEOSContextHandle_t h = geos.h;
    GEOSGeometry* shell = make_ring(h, polygon.rings[0]);
    if (shell == nullptr)
        return false;
    std::vector<GEOSGeometry*> holes;
    for (std::size_t r = 1; r < polygon.rings.size(); ++r)
        if (GEOSGeometry* hole = make_ring(h, polygon.rings[r]))
            holes.push_back(hole);
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, shell, holes.data(),
                                                  static_cast<unsigned>(holes.size()));
    if (poly == nullptr)
        return false;
    GEOSGeometry* tris = GEOSConstrainedDelaunayTriangulation_r(h, poly);
    if (tris == nullptr) {
        // Invalid input (self-touching rings are common in simplified coastlines): repair
        // and try once more.
        GEOSGeometry* valid = GEOSMakeValid_r(h, poly);
        if (valid != nullptr) {
            tris = GEOSConstrainedDelaunayTriangulation_r(h, valid);
            GEOSGeom_destroy_r(h, valid);
        }
    }
    GEOSGeom_destroy_r(h, poly);
    if (tris == nullptr)
        return false;
    const int n = GEOSGetNumGeometries_r(h, tris);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* tri = GEOSGetGeometryN_r(h, tris, i);
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(h, tri);
        const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : nullptr;
        unsigned size = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &size) == 0 || size < 3)
            continue;
        for (unsigned k = 0; k < 3; ++k) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(h, seq, k, &x, &y);
            out.push_back({x, y});
        }
    }
    GEOSGeom_destroy_r(h, tris);
    return true;
}

} // namespace incimap::geo
