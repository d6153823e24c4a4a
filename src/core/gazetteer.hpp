#pragma once
// The offline gazetteer: places found by what the user types. A query matches a place when it
// is the start of the place's folded name (core/text_fold.hpp: case, accents, ʿ marks and
// hyphens do not matter), of the name without its Arabic article ("fallujah" finds
// "Al Fallūjah", "ramadi" finds "Ar Ramādī") or of any later word of it ("asad" finds
// "Ayn al Asad"). Exact names come first, then by population, largest first. Plain data and
// maths: the places are read by geo/places_reader.hpp.

#include "core/geometry.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

struct GazetteerPlace {
    std::string name;    // as the source writes it ("Al Fallūjah")
    std::string country; // ISO 3166-1 alpha-2 ("IQ"), may be empty
    LonLat lonlat;
    std::int64_t population = 0;
};

class Gazetteer {
public:
    Gazetteer() = default;
    explicit Gazetteer(std::vector<GazetteerPlace> places);

    // Up to `limit` places matching `query`, best first (indices into places()).
    std::vector<std::size_t> find(std::string_view query, std::size_t limit = 10) const;
    const std::vector<GazetteerPlace>& places() const { return m_places; }
    bool empty() const { return m_places.empty(); }

private:
    // One way into a place: its folded name, the name without its article, or a later word
    // onward. Sorted by key so that a prefix is one range.
    struct Key {
        std::string text;
        std::uint32_t place = 0;
        bool whole = false; // the whole name (or the name without its article)
    };
    std::vector<GazetteerPlace> m_places;
    std::vector<Key> m_keys;
};

// A typical zoom to look at a place of this population (a city shows whole, a village close).
double zoom_for_population(std::int64_t population);

} // namespace incimap::core
