#pragma once
// The offline gazetteer: places found by what the user types. A query matches a place when it
// is the start of the place's folded name (core/text_fold.hpp: case, accents, ʿ marks and
// hyphens do not matter), of the name without its Arabic article ("fallujah" finds
// "Al Fallūjah", "ramadi" finds "Ar Ramādī") or of any later word of it ("asad" finds
// "Ayn al Asad"). A place's alternate names (Arabic script, other languages' spellings:
// "بغداد", "Bagdad") are ways in like its name, and a match says which name it was. Exact
// names come first, then by population, largest first. Plain data and maths: the places are
// read by geo/places_reader.hpp.

#include "core/geometry.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

// A place's name in other languages: "بغداد" written so by "ar,fa".
struct GazetteerAltName {
    std::string name;
    std::string langs; // ISO 639 codes, comma-separated ("ar,fa")
    friend bool operator==(const GazetteerAltName&, const GazetteerAltName&) = default;
};

struct GazetteerPlace {
    std::string name;    // as the source writes it ("Al Fallūjah")
    std::string country; // ISO 3166-1 alpha-2 ("IQ"), may be empty
    LonLat lonlat;
    std::int64_t population = 0;
    std::vector<GazetteerAltName> alt_names = {}; // other names, none when the source has none
};

// One place found, and by which of its names.
struct GazetteerMatch {
    std::size_t place = 0; // index into Gazetteer::places()
    int alt = -1;          // index into the place's alt_names, -1: its main name
    friend bool operator==(const GazetteerMatch&, const GazetteerMatch&) = default;
};

class Gazetteer {
public:
    Gazetteer() = default;
    explicit Gazetteer(std::vector<GazetteerPlace> places);

    // Up to `limit` places matching `query`, best first (indices into places()).
    std::vector<std::size_t> find(std::string_view query, std::size_t limit = 10) const;
    // The same places in the same order, each with the name that matched (the main name when
    // it matches as well as an alternate one).
    std::vector<GazetteerMatch> matches(std::string_view query, std::size_t limit = 10) const;
    const std::vector<GazetteerPlace>& places() const { return m_places; }
    bool empty() const { return m_places.empty(); }

private:
    // One way into a place: its folded name, the name without its article, or a later word
    // onward. Sorted by key so that a prefix is one range.
    struct Key {
        std::string text;
        std::uint32_t place = 0;
        std::int32_t alt = -1; // which name: -1 the main one, else an index into alt_names
        bool whole = false;    // the whole name (or the name without its article)
    };
    void add_keys(std::string_view name, std::uint32_t place, std::int32_t alt);
    std::vector<GazetteerPlace> m_places;
    std::vector<Key> m_keys;
};

// The place's name for a list: "Baghdad", or "Baghdad — بغداد" when it was found by its
// alternate name `alt` (an index into alt_names; -1 or out of range: the name alone).
std::string place_label(const GazetteerPlace& place, int alt);

// A typical zoom to look at a place of this population (a city shows whole, a village close).
double zoom_for_population(std::int64_t population);

} // namespace incimap::core
