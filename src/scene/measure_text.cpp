#include "scene/measure_text.hpp"

#include "geo/geodesy.hpp"

#include <cmath>
#include <cstdio>

namespace incimap::scene {

namespace {
inline constexpr double kKmPerMile = 1.609344;
} // namespace

std::string km_and_miles(double metres) {
    char text[64];
    const double km = metres / 1000;
    std::snprintf(text, sizeof text, km < 10 ? "%.2f km (%.2f mi)" : "%.1f km (%.1f mi)", km,
                  km / kKmPerMile);
    return text;
}

std::string area_text(double m2) {
    char text[64];
    const double km2 = m2 / 1e6;
    std::snprintf(text, sizeof text, km2 < 10 ? "%.3f km² (%.3f mi²)" : "%.0f km² (%.0f mi²)",
                  km2, km2 / (kKmPerMile * kKmPerMile));
    return text;
}

std::string radius_text(double km) {
    char text[32];
    std::snprintf(text, sizeof text, "%g km", km);
    return text;
}

void append_ring_labels(core::LonLat centre, std::span<const double> radii_km,
                        std::vector<LonLatLabel>& out) {
    for (const double km : radii_km)
        out.emplace_back(geo::geodesic_direct(centre, 0, km * 1000), radius_text(km));
}

std::vector<LonLatLabel> measure_labels(const core::Measure& m) {
    std::vector<LonLatLabel> out;
    if (m.path.size() >= 2)
        out.emplace_back(m.path.back(), km_and_miles(geo::path_length_m(m.path)));
    for (const core::LonLat& c : m.ring_centres)
        append_ring_labels(c, m.ring_radii_km, out);
    return out;
}

std::vector<render::MeasureLabel> projected_labels(const std::vector<LonLatLabel>& labels,
                                                   const geo::Projection& projection) {
    std::vector<render::MeasureLabel> out;
    for (const auto& [ll, text] : labels) {
        const core::MapPoint p = projection.forward(ll);
        if (std::isfinite(p.x) && std::isfinite(p.y))
            out.push_back({p, text});
    }
    return out;
}

} // namespace incimap::scene
