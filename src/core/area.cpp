#include "core/area.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::core {

namespace {

constexpr std::size_t kMaxBands = 1u << 16;

// The ring's longitudes made continuous (each step the short way round), invalid points
// dropped, the closing point dropped when it repeats the first.
std::vector<LonLat> unwrapped(const Ring& ring) {
    std::vector<LonLat> out;
    out.reserve(ring.size());
    for (const LonLat& p : ring) {
        if (!is_valid_lonlat(p))
            continue;
        if (out.empty()) {
            out.push_back(p);
            continue;
        }
        const LonLat& prev_raw = out.back();
        // From the previous point's longitude brought back into [-180, 180] to this one.
        const double prev_lon = std::remainder(prev_raw.lon, 360.0);
        double d = p.lon - prev_lon;
        const bool along_antimeridian = std::abs(std::abs(p.lon) - 180.0) < 1e-9 &&
                                        std::abs(std::abs(prev_lon) - 180.0) < 1e-9;
        if (std::abs(d) > 180.0 && !along_antimeridian)
            d -= std::copysign(360.0, d);
        out.push_back({prev_raw.lon + d, p.lat});
    }
    if (out.size() > 1 && out.back().lat == out.front().lat &&
        std::abs(out.back().lon - out.front().lon) < 1e-12)
        out.pop_back();
    return out;
}

} // namespace

Area::Area(std::string name, std::vector<AreaPolygon> polygons)
    : m_name(std::move(name)), m_polygons(std::move(polygons)) {
    bool first_lat = true;
    for (const AreaPolygon& polygon : m_polygons) {
        for (const Ring& raw : polygon) {
            for (const LonLat& p : raw)
                if (is_valid_lonlat(p))
                    m_bbox.extend(p);
            std::vector<LonLat> ring = unwrapped(raw);
            if (ring.size() < 3)
                continue;
            m_vertices += ring.size();
            double lo = ring[0].lon, hi = ring[0].lon;
            for (const LonLat& p : ring) {
                lo = std::min(lo, p.lon);
                hi = std::max(hi, p.lon);
            }
            // Keep the ring's start in [-180, 180): a ring unwrapped below −180 moves east.
            const double shift = lo < -180.0 ? 360.0 : 0.0;
            RingRange range{lo + shift, hi + shift > 180.0};
            m_any_wraps = m_any_wraps || range.wraps;
            const auto ring_id = static_cast<std::uint32_t>(m_rings.size());
            m_rings.push_back(range);
            for (std::size_t i = 0; i < ring.size(); ++i) {
                const LonLat a = ring[i], b = ring[(i + 1) % ring.size()];
                if (first_lat) {
                    m_min_lat = m_max_lat = a.lat;
                    first_lat = false;
                }
                m_min_lat = std::min(m_min_lat, a.lat);
                m_max_lat = std::max(m_max_lat, a.lat);
                if (a.lat == b.lat)
                    continue; // a horizontal edge is never crossed by the test's ray
                m_edges.push_back({a.lon + shift, a.lat, b.lon + shift, b.lat, ring_id});
            }
        }
    }
    if (m_edges.empty())
        return;
    const std::size_t bands = std::clamp<std::size_t>(m_edges.size(), 1, kMaxBands);
    m_band_h = (m_max_lat - m_min_lat) / static_cast<double>(bands);
    if (!(m_band_h > 0))
        m_band_h = 1;
    const auto band_of = [&](double lat) {
        const double b = std::floor((lat - m_min_lat) / m_band_h);
        return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(bands - 1)));
    };
    m_band_start.assign(bands + 1, 0);
    for (const Edge& e : m_edges)
        for (std::size_t b = band_of(std::min(e.lat0, e.lat1)); b <= band_of(std::max(e.lat0, e.lat1)); ++b)
            ++m_band_start[b + 1];
    for (std::size_t b = 0; b < bands; ++b)
        m_band_start[b + 1] += m_band_start[b];
    m_band_edges.resize(m_band_start.back());
    std::vector<std::uint32_t> fill(m_band_start.begin(), m_band_start.end() - 1);
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const Edge& e = m_edges[i];
        for (std::size_t b = band_of(std::min(e.lat0, e.lat1)); b <= band_of(std::max(e.lat0, e.lat1)); ++b)
            m_band_edges[fill[b]++] = static_cast<std::uint32_t>(i);
    }
}

bool Area::contains(LonLat p) const {
    if (m_edges.empty() || !(p.lat >= m_min_lat && p.lat <= m_max_lat))
        return false;
    if (!m_any_wraps && !(p.lon >= m_bbox.min_lon && p.lon <= m_bbox.max_lon))
        return false;
    const std::size_t bands = m_band_start.size() - 1;
    const double bf = std::floor((p.lat - m_min_lat) / m_band_h);
    const auto b = static_cast<std::size_t>(std::clamp(bf, 0.0, static_cast<double>(bands - 1)));
    bool inside = false;
    for (std::uint32_t k = m_band_start[b]; k < m_band_start[b + 1]; ++k) {
        const Edge& e = m_edges[m_band_edges[k]];
        if ((e.lat0 > p.lat) == (e.lat1 > p.lat))
            continue;
        double x = p.lon;
        if (m_any_wraps) { // into the ring's own run of longitudes
            const RingRange& r = m_rings[e.ring];
            x -= 360.0 * std::floor((x - r.min_lon) / 360.0);
        }
        const double cross = e.lon0 + (p.lat - e.lat0) * (e.lon1 - e.lon0) / (e.lat1 - e.lat0);
        if (x < cross)
            inside = !inside;
    }
    return inside;
}

} // namespace incimap::core
