#pragma once
// Greedy label placement: candidates come in priority order (most populous place first);
// each is kept when its box lies inside the viewport and overlaps no label kept before.

#include <cstddef>
#include <span>
#include <vector>

namespace incimap::core {

struct LabelBox {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0; // screen px, x0 < x1, y0 < y1

    bool overlaps(const LabelBox& o) const {
        return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }
    bool inside(const LabelBox& o) const {
        return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1;
    }
};

// Indices of the candidates kept, in priority order; at most `max_labels`.
std::vector<std::size_t> place_labels(std::span<const LabelBox> candidates,
                                      const LabelBox& viewport, std::size_t max_labels);

// The smallest population a place needs to be labelled at a zoom: more places as you zoom in.
double min_population_for_zoom(double zoom);

} // namespace incimap::core
