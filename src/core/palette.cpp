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

// Issue 20 (panels): colours kept per value as layers come and go.
namespace incimap::core {

std::vector<std::uint8_t> CategoryPalette::assign(std::uint64_t owner,
                                                  const std::vector<std::string>& names,
                                                  const std::vector<std::size_t>& counts) {
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto count = [&counts](std::size_t i) { return i < counts.size() ? counts[i] : 0; };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return count(a) > count(b); });
    std::vector<std::uint8_t> slots(names.size(), kOtherSlot);
    for (const std::size_t i : order) {
        auto [it, added] = m_entries.try_emplace(names[i]);
        if (added) {
            const auto free = std::find(m_used.begin(), m_used.end(), std::size_t{0});
            if (free != m_used.end()) {
                it->second.slot = static_cast<std::uint8_t>(free - m_used.begin());
                ++*free;
            }
        }
        it->second.owners.insert(owner);
        slots[i] = it->second.slot;
    }
    return slots;
}

void CategoryPalette::drop_unowned() {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!it->second.owners.empty()) {
            ++it;
            continue;
        }
        if (it->second.slot < m_used.size())
            --m_used[it->second.slot];
        it = m_entries.erase(it);
    }
}

void CategoryPalette::release(std::uint64_t owner) {
    for (auto& [name, e] : m_entries)
        e.owners.erase(owner);
    drop_unowned();
}

void CategoryPalette::retain(const std::set<std::uint64_t>& owners) {
    for (auto& [name, e] : m_entries)
        std::erase_if(e.owners, [&](std::uint64_t o) { return owners.count(o) == 0; });
    drop_unowned();
}

std::optional<std::uint8_t> CategoryPalette::slot_of(const std::string& name) const {
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second.slot;
}

} // namespace incimap::core
