#pragma once
// An area to keep incidents inside (issue 17, item 4: "focus on an area"): polygons with
// holes in lon/lat degrees — drawn on the map, a country of the basemap, or a file given to
// `export --within` — and the prepared test "does this point lie inside" that the filters ask
// of every incident (core/filters.hpp), on the filter worker in the window.
//
// The test is even-odd over every ring of every polygon: a hole takes its part out, the
// parts of a multipolygon add up (valid polygons do not overlap; where two parts do, the
// overlap counts as outside, as in any even-odd fill). A point on an edge may fall either
// way. Rings are cut into latitude bands so that a point only meets the few edges of its band
// (a country of 5,000 vertices costs about as much per point as a square).
//
// The antimeridian: a ring whose consecutive vertices are more than 180° of longitude apart
// is taken to cross it by the short way (a polygon drawn across the Pacific), so its
// longitudes are unwrapped and each point is tested at its longitude ± 360° as the ring
// needs. An edge from −180 to +180 (a ring closed along the antimeridian, like Natural Earth's
// Antarctica) is left as it is.

#include "core/geometry.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace incimap::core {

using Ring = std::vector<LonLat>;       // the last point may repeat the first, or not
using AreaPolygon = std::vector<Ring>; // the shell first, then its holes

class Area {
public:
    Area() = default;
    Area(std::string name, std::vector<AreaPolygon> polygons);

    const std::string& name() const { return m_name; }
    const std::vector<AreaPolygon>& polygons() const { return m_polygons; }
    bool empty() const { return m_edges.empty(); }
    std::size_t vertex_count() const { return m_vertices; }
    // The rings' extent (before unwrapping): what a camera fits to.
    const LonLatBox& bbox() const { return m_bbox; }

    bool contains(LonLat p) const;

    friend bool operator==(const Area& a, const Area& b) {
        return a.m_name == b.m_name && a.m_polygons == b.m_polygons;
    }

private:
    struct Edge {
        double lon0, lat0, lon1, lat1; // unwrapped longitudes
        std::uint32_t ring;
    };
    struct RingRange {
        double min_lon = 0; // unwrapped; a point is moved into [min_lon, min_lon + 360)
        bool wraps = false; // reaches past +180 after unwrapping
    };
    std::string m_name;
    std::vector<AreaPolygon> m_polygons;
    std::size_t m_vertices = 0;
    LonLatBox m_bbox;
    bool m_any_wraps = false;
    double m_min_lat = 0, m_max_lat = 0, m_band_h = 1;
    std::vector<Edge> m_edges;
    std::vector<RingRange> m_rings;
    std::vector<std::uint32_t> m_band_start; // band b's edges: m_band_edges[start[b], start[b+1])
    std::vector<std::uint32_t> m_band_edges;
};

// An area shared by the filters that hold it (copied with every Filters, so cheap to copy),
// equal when the areas are, so that undo and the session tell one from another by content.
struct SharedArea {
    std::shared_ptr<const Area> area;

    explicit operator bool() const { return area != nullptr; }
    const Area* operator->() const { return area.get(); }
    const Area& operator*() const { return *area; }
    friend bool operator==(const SharedArea& a, const SharedArea& b) {
        return a.area == b.area || (a.area && b.area && *a.area == *b.area);
    }
};

inline SharedArea make_area(std::string name, std::vector<AreaPolygon> polygons) {
    return {std::make_shared<const Area>(std::move(name), std::move(polygons))};
}

} // namespace incimap::core
