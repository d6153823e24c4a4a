#include "core/label_placement.hpp"

namespace incimap::core {

std::vector<std::size_t> place_labels(std::span<const LabelBox> candidates,
                                      const LabelBox& viewport, std::size_t max_labels) {
    std::vector<std::size_t> kept;
    std::vector<LabelBox> boxes;
    for (std::size_t i = 0; i < candidates.size() && kept.size() < max_labels; ++i) {
        const LabelBox& c = candidates[i];
        if (!c.inside(viewport))
            continue;
        bool clear = true;
        for (const LabelBox& b : boxes)
            if (c.overlaps(b)) {
                clear = false;
                break;
            }
        if (clear) {
            kept.push_back(i);
            boxes.push_back(c);
        }
    }
    return kept;
}

double min_population_for_zoom(double zoom) {
    if (zoom < 3)
        return 5e6;
    if (zoom < 4)
        return 2e6;
    if (zoom < 5)
        return 7e5;
    if (zoom < 6)
        return 2.5e5;
    if (zoom < 7)
        return 1e5;
    if (zoom < 8)
        return 4e4;
    if (zoom < 9)
        return 1.5e4;
    if (zoom < 10)
        return 5e3;
    return 0;
}

} // namespace incimap::core
