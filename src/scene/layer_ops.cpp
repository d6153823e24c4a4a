// Issue 20 (panels): what the side panel asks of the scene's layers — taking them out and
// putting them back in another order (remove, reorder, and their undo), each layer's own
// legend, a layer's extent, and a cluster badge's split by category.

#include "scene/map_scene.hpp"

#include "core/palette.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace incimap::scene {

std::vector<std::pair<std::uint64_t, Layer>> MapScene::take_layers() {
    finish_derive_job();
    before_layers_change(); // the jobs read m_layers (and the drawn table may be a layer's)
    std::vector<std::pair<std::uint64_t, Layer>> out;
    out.reserve(m_layers.size());
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        out.emplace_back(m_layer_ids[i], std::move(m_layers[i]));
    m_layers.clear();
    m_layer_ids.clear();
    return out;
}

void MapScene::put_layers(std::vector<std::pair<std::uint64_t, Layer>> layers,
                          const core::Filters& filters) {
    finish_derive_job();
    before_layers_change();
    m_layers.clear();
    m_layer_ids.clear();
    for (auto& [id, layer] : layers) {
        m_layer_ids.push_back(id);
        m_layers.push_back(std::move(layer));
    }
    // The filters' layer switches are by index: given again, in the new order.
    m_filters = filters;
    ++m_filters_serial;
    rebuild_drawn();
}

MapScene::LayerLegend MapScene::layer_legend(std::size_t layer,
                                             const core::TimeWindow& window) const {
    LayerLegend out;
    if (layer >= m_layers.size() || layer >= m_layer_counts.size())
        return out;
    out.field = m_layers[layer].report.category_field;
    const std::vector<std::size_t>& counts = m_layer_counts[layer];
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < counts.size(); ++c)
        if (counts[c] > 0)
            order.push_back(c);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
    const auto shown = [&](std::size_t c) { return legend_times(layer, c).count(window); };
    std::size_t other = 0, others = 0;
    for (const std::size_t c : order) {
        const std::uint8_t slot =
            c < m_category_slots.size() ? m_category_slots[c] : core::kOtherSlot;
        if (slot < core::kCategoryPalette.size()) {
            out.entries.push_back({m_drawn->categories[c], core::slot_colour(slot), shown(c)});
        } else {
            other += shown(c);
            ++others;
        }
    }
    if (others > 0)
        out.entries.push_back(
            {std::to_string(others) + " other categories", core::kOtherCategory, other});
    const std::size_t none = m_drawn->categories.size();
    const CategoryTimes& t = legend_times(layer, none); // none held: empty
    if (!t.starts.empty() || t.undated > 0)
        out.entries.push_back({order.empty() ? "incidents" : "(no category)",
                               core::kNoCategoryColour, t.count(window)});
    return out;
}

const MapScene::CategoryTimes& MapScene::legend_times(std::size_t layer, std::size_t c) const {
    static const CategoryTimes kNone;
    if (layer >= m_legend_times.size() || c >= m_legend_times[layer].size())
        return kNone;
    if (m_legend_is_shown && c < m_category_times.size())
        return m_category_times[c]; // the same incidents (one layer, nothing hidden)
    return m_legend_times[layer][c];
}

std::optional<core::LonLatBox> MapScene::layer_bbox(std::size_t layer) const {
    if (layer >= m_layers.size())
        return std::nullopt;
    const core::IncidentTable& t = m_layers[layer].table;
    core::LonLatBox box;
    for (std::size_t i = 0; i < t.count(); ++i)
        if (std::isfinite(t.lon[i]) && std::isfinite(t.lat[i]))
            box.extend({t.lon[i], t.lat[i]});
    if (box.empty)
        return std::nullopt;
    return box;
}

std::vector<std::pair<std::string, std::size_t>>
MapScene::cluster_split(const core::Camera& camera, const core::TimeWindow& window,
                        core::ScreenPx badge, double cell_px) const {
    std::vector<std::pair<std::string, std::size_t>> out;
    if (camera.zoom() >= 10.0 || m_projected.empty())
        return out;
    // The cells clusters() badged, walked again: the one whose badge is at `badge` is counted
    // member by member (one cell: at most the incidents under one badge).
    const core::MapBox v = camera.visible_box();
    const int level = std::max(0, m_index.level_for(camera.units_per_px(), cell_px));
    std::vector<std::size_t> by_category(m_drawn->categories.size() + 1, 0);
    bool found = false;
    const auto ids = m_index.ids();
    m_index.walk(level, v, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
        if (found)
            return;
        const core::CellSummary c = m_index.summarize(level, b, e, window);
        if (c.shown == 0)
            return;
        const core::ScreenPx s = camera.to_screen(c.mean);
        if (std::abs(s.x + 11 - badge.x) > 0.5 || std::abs(s.y - 11 - badge.y) > 0.5)
            return;
        found = true;
        for (std::uint32_t k = b; k < e; ++k) {
            const std::uint32_t i = ids[k];
            if (!window.shows(m_drawn->t_start[i], m_drawn->end_at(i), m_drawn->t_precision[i]))
                continue;
            const core::CategoryId cat = m_drawn->category[i];
            ++by_category[cat < m_drawn->categories.size() ? cat : m_drawn->categories.size()];
        }
    });
    for (std::size_t c = 0; c < by_category.size(); ++c)
        if (by_category[c] > 0)
            out.emplace_back(c < m_drawn->categories.size() ? m_drawn->categories[c]
                                                            : std::string("(no category)"),
                             by_category[c]);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

} // namespace incimap::scene
