#pragma once
// Map projections through PROJ: lon/lat (WGS84) ⇄ map units of the chosen CRS, always with
// x east and y north (PROJ's axis order normalised for visualisation). EPSG:3857 (Web
// Mercator, metres) is the default; EPSG:4326 is plate carrée (x = lon, y = lat, degrees);
// any projected CRS PROJ knows works (e.g. EPSG:32638, UTM 38N).

#include "core/camera.hpp"
#include "core/geometry.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace incimap::geo {

class Projection {
public:
    // nullopt and a one-line `error` when PROJ does not know `crs` or it cannot be a map.
    static std::optional<Projection> create(std::string_view crs, std::string& error);
    static Projection web_mercator(); // never fails on a working PROJ install

    const std::string& name() const { return m_name; }
    bool is_geographic() const { return m_geographic; }
    bool is_web_mercator() const { return m_web_mercator; }
    // Map units spanning 360° of longitude, for the slippy-map zoom convention.
    double world_width() const;
    // The map's y extent worth showing (Web Mercator: ±85.0511°); {0, 0} for none.
    std::pair<double, double> y_limits() const;
    // Where the CRS is meant to be used (lon/lat); nullopt for a global map (Web Mercator,
    // plate carrée) or when PROJ does not say.
    std::optional<core::LonLatBox> area_of_use() const;

    // Batch transforms in place-free form; points that fail come out as NaN. Returns the
    // number that failed.
    std::size_t forward(std::span<const core::LonLat> in, std::span<core::MapPoint> out) const;
    // The same in place: each point holds lon (x) and lat (y) on entry (issue 14: a table's
    // points projected without a lon/lat copy beside them, 16 bytes an incident).
    std::size_t forward_in_place(std::span<core::MapPoint> points) const;
    core::MapPoint forward(core::LonLat p) const;
    std::optional<core::LonLat> inverse(core::MapPoint p) const;

    // The projected box that holds a lon/lat box (edges sampled, so curved edges of a
    // non-cylindrical projection are covered).
    core::MapBox project_box(const core::LonLatBox& box) const;

private:
    struct State;
    std::shared_ptr<State> m_state; // PROJ context + transform; shared by copies (read-only)
    std::string m_name;
    bool m_geographic = false;
    bool m_web_mercator = false;
};

} // namespace incimap::geo
