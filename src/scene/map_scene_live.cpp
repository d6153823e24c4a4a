// Follow a live file (issue 17): a layer replaced by a re-read of its file, off the UI thread.

#include "scene/map_scene.hpp"

namespace incimap::scene {

void MapScene::replace_layer_async(std::size_t index, Layer layer) {
    finish_derive_job();
    if (index >= m_layers.size())
        return;
    layer.table.compact_columns(); // issue 14: memory (core/incident_table.hpp)
    m_pending_layer = std::make_unique<Layer>(std::move(layer));
    m_pending_replace = index;
    std::vector<const Layer*> layers = layer_pointers();
    layers[index] = m_pending_layer.get(); // the others as they are; the old one stays drawn
    // The layer keeps its id, so its colours stay (issue 20's palette by layer and value).
    m_derive_job.request([layers = std::move(layers), projection = m_projection,
                          filters = m_filters, serial = m_filters_serial, ids = m_layer_ids,
                          palette = m_palette](JobControl& job) {
        return derive(layers, projection, filters, serial, ids, palette, &job);
    });
}

} // namespace incimap::scene
