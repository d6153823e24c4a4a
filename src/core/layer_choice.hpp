#pragma once
// Which layers of a source to read (issue 15): File > Open asks when a source holds several
// point layers (a GeoPackage with strikes and protests, a KML with a folder per month); the
// answer is kept per source, in the session, and read the way `--layer` reads.

#include "core/load_report.hpp"

#include <string>
#include <vector>

namespace incimap::core {

// The question the layer dialog shows: every layer of `source`, with its count and geometry;
// `read` marks those ticked at first (every non-empty point layer), `why` says why a layer
// cannot be read (polygons, empty, route vertices).
struct LayerChoice {
    std::string source;
    std::vector<LayerCount> layers;
};

// Whether the dialog lets the user tick layer `c`: a layer with points (or with features of
// kinds it cannot tell) and no reason against it.
inline bool can_choose(const LayerCount& c) {
    return c.features != 0 && (c.geometry == "point" || c.geometry == "mixed") &&
           (c.read || c.why.empty());
}

// The layers chosen for one source (names as the source has them, in its order).
struct SourceLayers {
    std::string source;
    std::vector<std::string> layers;
    friend bool operator==(const SourceLayers&, const SourceLayers&) = default;
};

} // namespace incimap::core
