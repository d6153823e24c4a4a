#include "scene/shape_fills.hpp"

namespace incimap::scene {

ShapeOutlines project_shapes(const std::vector<const core::ShapeStore*>& stores,
                             const geo::Projection& projection) {
    ShapeOutlines out;
    for (const core::ShapeStore* store : stores) {
        const core::ShapeStore& s = *store;
        for (const auto& item : s.items) {
            geo::ProjectedPolygon poly;
            for (std::uint32_t r = item.first_ring; r < item.first_ring + item.ring_count; ++r) {
                std::vector<core::LonLat> ring(s.points.begin() + s.ring_start[r],
                                               s.points.begin() + s.ring_end(r));
                std::vector<core::MapPoint> m(ring.size());
                projection.forward(ring, m);
                // A polygon's rings too, so that it reads as a shape and not a smudge.
                for (std::size_t k = 1; k < m.size(); ++k) {
                    out.segments.push_back(m[k - 1]);
                    out.segments.push_back(m[k]);
                }
                if (item.kind == core::ShapeKind::Polygon)
                    poly.rings.push_back(std::move(m));
            }
            if (item.kind == core::ShapeKind::Polygon)
                out.polygons.push_back(std::move(poly));
        }
    }
    return out;
}

ShapeFills fill_polygons(const std::vector<geo::ProjectedPolygon>& polygons,
                         const std::atomic<bool>* cancel) {
    ShapeFills out;
    geo::RepairBudget repairs;
    repairs.cancel = cancel;
    for (const geo::ProjectedPolygon& poly : polygons) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
            break;
        if (!geo::triangulate(poly, out.triangles, &repairs))
            ++out.unfilled;
    }
    return out;
}

} // namespace incimap::scene
