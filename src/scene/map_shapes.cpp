// MapScene's data shapes on their way to the renderer: the outlines are projected in the
// sync, the fills made by fill_polygons() — within it (incimap render), or on a worker (the
// window: a polygon whose repair takes GEOS its whole budget no longer stalls a frame).

#include "scene/map_scene.hpp"

#include <memory>
#include <utility>

namespace incimap::scene {

void MapScene::sync_shapes(render::MapRenderer& renderer, bool changed) {
    if (changed) {
        std::vector<const core::ShapeStore*> stores;
        for (const Layer& layer : m_layers)
            stores.push_back(&layer.table.shapes);
        ShapeOutlines outlines = project_shapes(stores, m_projection);
        m_shape_segments = std::move(outlines.segments);
        ++m_shapes_generation;
        m_fill_job.cancel(); // filling shapes that are gone: its result is dropped
        if (!m_async_shapes || outlines.polygons.empty()) {
            const ShapeFills fills = fill_polygons(outlines.polygons);
            m_unfilled_polygons = fills.unfilled;
            renderer.set_data_shapes(fills.triangles, m_shape_segments);
            return;
        }
        m_unfilled_polygons = 0;
        renderer.set_data_shapes({}, m_shape_segments); // the outlines until the fills come
        auto polygons = std::make_shared<const std::vector<geo::ProjectedPolygon>>(
            std::move(outlines.polygons));
        m_fill_job.request([polygons, generation = m_shapes_generation](JobControl& job) {
            ShapeFills fills = fill_polygons(*polygons, &job.cancel_flag());
            fills.generation = generation;
            return fills;
        });
    }
    if (std::optional<ShapeFills> fills = m_fill_job.poll();
        fills && fills->generation == m_shapes_generation) {
        m_unfilled_polygons = fills->unfilled;
        renderer.set_data_shapes(fills->triangles, m_shape_segments);
    }
}

} // namespace incimap::scene
