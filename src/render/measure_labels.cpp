// The measured numbers on the map (issue 17): each range ring's radius at its north point and
// a path's length at its end, written by the renderer so that they are in every frame — the
// window's and those exported as PNG (File ▸ Export, `render --rings`). Placed as the place
// names are (core::place_labels: in priority order, none overlapping, none off the view), in
// the measure lines' red over a white halo.

#include "render/map_renderer.hpp"

#include "core/label_placement.hpp"

#include <cmath>
#include <vector>

namespace incimap::render {

void MapRenderer::draw_measure_labels(const core::Camera& camera) {
    if (m_measure_labels.empty())
        return;
    const float ascent = m_font.ascent(m_label); // issue 20: at the content scale
    const double ui = m_ui_scale;
    std::vector<core::LabelBox> boxes;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < m_measure_labels.size(); ++i) {
        const MeasureLabel& l = m_measure_labels[i];
        if (!std::isfinite(l.at.x) || !std::isfinite(l.at.y))
            continue;
        const core::ScreenPx s = camera.to_screen(l.at);
        const double w = m_font.measure(l.text, m_label);
        // Above and to the right of the point, so that the line it names stays visible.
        boxes.push_back({s.x + 3 * ui, s.y - 5 * ui - ascent - 2 * ui, s.x + 5 * ui + w + 2 * ui,
                         s.y - 2 * ui});
        which.push_back(i);
    }
    const core::LabelBox viewport{0, 0, camera.viewport_width(), camera.viewport_height()};
    const std::vector<std::size_t> kept = core::place_labels(boxes, viewport, 256);
    if (kept.empty())
        return;
    m_screen.begin(&m_font);
    for (const std::size_t k : kept) {
        const MeasureLabel& l = m_measure_labels[which[k]];
        const core::ScreenPx s = camera.to_screen(l.at);
        m_screen.text(l.text, static_cast<float>(s.x + 5 * ui), static_cast<float>(s.y - 5 * ui),
                      m_label, {0.80f, 0.08f, 0.08f, 1.0f}, 1.6f, {1, 1, 1, 0.95f});
    }
    m_screen.draw(static_cast<float>(camera.viewport_width()),
                  static_cast<float>(camera.viewport_height()));
}

} // namespace incimap::render
