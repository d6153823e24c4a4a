#pragma once
// The map camera: plain maths, no GL. It maps between three spaces:
//
//   lon/lat (WGS84 °) ──projection (geo/)──▶ map units (x east, y north; metres or degrees)
//                                                 │  centre, zoom
//                                                 ▼
//                                   screen (logical px, origin top-left, y down)
//
//      (0,0) ┌────────────────────────────┐
//            │            ▲ +y map        │
//            │            │               │
//            │      centre●──▶ +x map     │  viewport_height_px
//            │                            │
//            └────────────────────────────┘ (w, h)
//
// Zoom follows the slippy-map convention: at zoom z the whole world (world_width map units,
// 360° of longitude) is 256·2^z logical pixels wide, so z 0 is one 256-px tile.

#include <algorithm>
#include <cmath>

namespace incimap::core {

struct MapPoint {
    double x = 0.0; // map units east
    double y = 0.0; // map units north
};

struct ScreenPx {
    double x = 0.0; // logical pixels from the left
    double y = 0.0; // logical pixels from the top
};

struct MapBox {
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
    MapPoint centre() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
};

// Web Mercator's world width in metres (2π · 6378137).
inline constexpr double kWebMercatorWorldWidth = 40075016.685578488;
inline constexpr double kMinZoom = 0.0;
inline constexpr double kMaxZoom = 22.0;

class Camera {
public:
    explicit Camera(double world_width = kWebMercatorWorldWidth) : m_world_width(world_width) {}

    void set_viewport(double width_px, double height_px) {
        m_width_px = std::max(1.0, width_px);
        m_height_px = std::max(1.0, height_px);
    }
    double viewport_width() const { return m_width_px; }
    double viewport_height() const { return m_height_px; }

    MapPoint centre() const { return m_centre; }
    void set_centre(MapPoint c) { m_centre = c; clamp(); }
    double zoom() const { return m_zoom; }
    void set_zoom(double z) { m_zoom = std::clamp(z, kMinZoom, kMaxZoom); clamp(); }
    double world_width() const { return m_world_width; }

    // Map units per logical pixel at the current zoom.
    double units_per_px() const { return units_per_px_at(m_zoom); }
    double units_per_px_at(double zoom) const { return m_world_width / (256.0 * std::exp2(zoom)); }
    double zoom_for_units_per_px(double upp) const {
        return std::log2(m_world_width / (256.0 * upp));
    }

    ScreenPx to_screen(MapPoint p) const {
        const double upp = units_per_px();
        return {(p.x - m_centre.x) / upp + m_width_px / 2, (m_centre.y - p.y) / upp + m_height_px / 2};
    }
    MapPoint to_map(ScreenPx s) const {
        const double upp = units_per_px();
        return {m_centre.x + (s.x - m_width_px / 2) * upp, m_centre.y - (s.y - m_height_px / 2) * upp};
    }
    MapBox visible_box() const {
        const MapPoint a = to_map({0, m_height_px});
        const MapPoint b = to_map({m_width_px, 0});
        return {a.x, a.y, b.x, b.y};
    }

    // Zooms to `new_zoom` keeping the map point under `anchor` where it is on screen.
    void zoom_at(ScreenPx anchor, double new_zoom) {
        const MapPoint before = to_map(anchor);
        m_zoom = std::clamp(new_zoom, kMinZoom, kMaxZoom);
        const double upp = units_per_px();
        m_centre = {before.x - (anchor.x - m_width_px / 2) * upp,
                    before.y + (anchor.y - m_height_px / 2) * upp};
        clamp();
    }
    // Moves the map with the hand: the content follows the pointer by `delta` pixels.
    void pan_by(ScreenPx delta) {
        const double upp = units_per_px();
        m_centre.x -= delta.x * upp;
        m_centre.y += delta.y * upp;
        clamp();
    }
    // Centres `box` and zooms so that all of it shows: units per pixel = the larger of the
    // two spans over the two sides (minus `padding_px` on each side).
    void fit(const MapBox& box, double padding_px = 0.0) {
        const double w = std::max(1.0, m_width_px - 2 * padding_px);
        const double h = std::max(1.0, m_height_px - 2 * padding_px);
        double upp = std::max(box.width() / w, box.height() / h);
        if (!(upp > 0))
            upp = units_per_px_at(12.0); // a single point: a town-sized view
        m_centre = box.centre();
        m_zoom = std::clamp(zoom_for_units_per_px(upp), kMinZoom, kMaxZoom);
        clamp();
    }
    // The map's extent along y (e.g. Web Mercator's ±85.0511°); the centre stays inside it.
    void set_y_limits(double min_y, double max_y) {
        m_min_y = min_y;
        m_max_y = max_y;
        clamp();
    }

private:
    void clamp() {
        if (m_min_y < m_max_y)
            m_centre.y = std::clamp(m_centre.y, m_min_y, m_max_y);
    }

    double m_world_width;
    double m_width_px = 1280, m_height_px = 800;
    MapPoint m_centre{};
    double m_zoom = 2.0;
    double m_min_y = 0.0, m_max_y = 0.0; // no limit while equal
};

} // namespace incimap::core
