#include "app/rings_flag.hpp"

#include "geo/geodesy.hpp"
#include "scene/measure_text.hpp"

#include <cmath>
#include <cstdlib>
#include <span>
#include <sstream>

namespace incimap::app {

namespace {

// Numbers separated by commas, all of them finite; nullopt when any is not.
std::optional<std::vector<double>> numbers(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || end != part.c_str() + part.size() || !std::isfinite(v))
            return std::nullopt;
        out.push_back(v);
    }
    return out;
}

} // namespace

std::optional<RangeRings> parse_rings(const std::string& text, std::string& error) {
    const auto colon = text.find(':');
    const auto centre = numbers(text.substr(0, colon));
    error = "--rings " + text + ": expected LON,LAT or LON,LAT:R1,R2,... (radii in km)";
    if (!centre || centre->size() != 2)
        return std::nullopt;
    RangeRings r{{(*centre)[0], (*centre)[1]}, {100, 300, 1000}};
    if (!core::is_valid_lonlat(r.centre)) {
        error = "--rings " + text + ": the centre is not a longitude,latitude in degrees";
        return std::nullopt;
    }
    if (colon != std::string::npos) {
        const auto radii = numbers(text.substr(colon + 1));
        if (!radii || radii->empty())
            return std::nullopt;
        for (const double km : *radii)
            if (!(km > 0 && km <= 20000)) {
                error = "--rings " + text + ": a radius is more than 0 and at most 20000 km";
                return std::nullopt;
            }
        r.radii_km = *radii;
    }
    error.clear();
    return r;
}

std::vector<core::MapPoint> ring_segments(const std::vector<RangeRings>& rings,
                                          const geo::Projection& projection, double world_width) {
    std::vector<core::MapPoint> segments;
    const auto forward = [&projection](core::LonLat ll) { return projection.forward(ll); };
    for (const RangeRings& r : rings)
        for (const double km : r.radii_km) {
            auto ring = geo::geodesic_circle(r.centre, km * 1000, 256); // as the window draws it
            ring.push_back(ring.front());
            geo::append_segments(std::span<const core::LonLat>(ring), forward, world_width,
                                 segments);
        }
    return segments;
}

std::vector<render::MeasureLabel> ring_labels(const std::vector<RangeRings>& rings,
                                              const geo::Projection& projection) {
    std::vector<scene::LonLatLabel> labels;
    for (const RangeRings& r : rings)
        scene::append_ring_labels(r.centre, r.radii_km, labels);
    return scene::projected_labels(labels, projection);
}

} // namespace incimap::app
