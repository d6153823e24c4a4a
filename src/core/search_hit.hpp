#pragma once
// One line of the place search's list (Ctrl+F or /): a gazetteer place or an incident whose
// text matched, in one list (places first).

#include "core/geometry.hpp"

#include <cstdint>
#include <string>

namespace incimap::core {

struct SearchHit {
    enum class Kind { Place, Incident } kind = Kind::Place;
    std::string label;  // "Al Fallūjah", or the incident's matching text
    std::string detail; // "IQ · 190,159", or "2024-01-20 · Drone attack"
    LonLat lonlat;      // where Enter flies
    double zoom = 10;   // the zoom it flies to
    int incident = -1;  // drawn index (Kind::Incident): selected on arrival
    friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

} // namespace incimap::core
