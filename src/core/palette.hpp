#pragma once
// Category colours: the Okabe–Ito colour-blind-safe palette, given to categories in order
// of frequency (the most frequent gets the first colour). Categories beyond the palette share
// a neutral grey, and the legend says so.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace incimap::core {

struct Rgba8 {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Rgba8&, const Rgba8&) = default;
};

inline constexpr std::array<Rgba8, 8> kCategoryPalette{{
    {213, 94, 0, 255},   // vermillion
    {0, 114, 178, 255},  // blue
    {230, 159, 0, 255},  // orange
    {0, 158, 115, 255},  // bluish green
    {204, 121, 167, 255},// reddish purple
    {86, 180, 233, 255}, // sky blue
    {240, 228, 66, 255}, // yellow
    {0, 0, 0, 255},      // black
}};
inline constexpr Rgba8 kOtherCategory{128, 128, 128, 255};
inline constexpr Rgba8 kNoCategoryColour{90, 90, 90, 255};
inline constexpr std::uint8_t kOtherSlot = 8;   // grey: beyond the palette
inline constexpr std::uint8_t kNoneSlot = 9;    // no category value

// Marker radius for a size value: area ∝ value (r = 3·√value px), clamped to 4.5…18 px so
// that zero and missing values still show and a mass-casualty event does not cover a city.
inline constexpr float kMinMarkerRadiusPx = 4.5f;
inline constexpr float kMaxMarkerRadiusPx = 18.0f;
float marker_radius_px(float size_value);

// Palette slot per category id, by descending count (ties keep dictionary order).
std::vector<std::uint8_t> palette_slots(const std::vector<std::size_t>& counts_by_category);
Rgba8 slot_colour(std::uint8_t slot);

} // namespace incimap::core

// Issue 20 (panels): colours kept per value as layers come and go.
namespace incimap::core {

// The colours the map gives category values, kept as layers are added, removed, reordered or
// re-fetched: a layer's values get colours once, in the order of that layer's own counts,
// from the palette's lowest free slot; a value already coloured (by this or another layer)
// keeps its colour. So adding a layer never reshuffles the colours of the layers before it,
// and a value has one colour on the whole map. Values beyond the palette are grey, and stay
// grey until their layer is coloured again (release()).
class CategoryPalette {
public:
    // The slot of each of `names` (one layer's categories, with their `counts`); `owner`
    // identifies the layer across rebuilds.
    std::vector<std::uint8_t> assign(std::uint64_t owner, const std::vector<std::string>& names,
                                     const std::vector<std::size_t>& counts);
    // The owner's values give their colours back (unless another layer holds them too).
    void release(std::uint64_t owner);
    // Every owner not in `owners` releases its values (layers removed).
    void retain(const std::set<std::uint64_t>& owners);
    std::optional<std::uint8_t> slot_of(const std::string& name) const;
    std::size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        std::uint8_t slot = kOtherSlot;
        std::set<std::uint64_t> owners;
    };
    void drop_unowned();
    std::map<std::string, Entry> m_entries;              // by value
    std::array<std::size_t, kCategoryPalette.size()> m_used{}; // values holding each slot
};

} // namespace incimap::core
