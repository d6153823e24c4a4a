#include "core/palette.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace incimap::core {

std::vector<std::uint8_t> palette_slots(const std::vector<std::size_t>& counts) {
    std::vector<std::size_t> order(counts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
    std::vector<std::uint8_t> slots(counts.size(), kOtherSlot);
    for (std::size_t rank = 0; rank < order.size() && rank < kCategoryPalette.size(); ++rank)
        slots[order[rank]] = static_cast<std::uint8_t>(rank);
    return slots;
}

float marker_radius_px(float size_value) {
    if (!(size_value > 0.0f)) // NaN, zero and negatives
        return kMinMarkerRadiusPx;
    return std::clamp(3.0f * std::sqrt(size_value), kMinMarkerRadiusPx, kMaxMarkerRadiusPx);
}

Rgba8 slot_colour(std::uint8_t slot) {
    if (slot < kCategoryPalette.size())
        return kCategoryPalette[slot];
    return slot == kNoneSlot ? kNoCategoryColour : kOtherCategory;
}

} // namespace incimap::core
