#pragma once
// From the camera (doubles) to the uniforms the map shaders take: the centre split into a
// high and a low float, and the NDC scale per map unit. Positions get the same split, so
// the shader subtracts nearly equal numbers exactly and nothing jitters at zoom 18+.

#include "core/camera.hpp"

namespace incimap::render {

struct SplitPoint {
    float hi_x, hi_y, lo_x, lo_y;
};

inline SplitPoint split(core::MapPoint p) {
    const auto hx = static_cast<float>(p.x);
    const auto hy = static_cast<float>(p.y);
    return {hx, hy, static_cast<float>(p.x - static_cast<double>(hx)),
            static_cast<float>(p.y - static_cast<double>(hy))};
}

struct MapTransform {
    SplitPoint camera{};
    float scale_x = 1, scale_y = 1; // NDC per map unit
    float viewport_w = 1, viewport_h = 1;

    static MapTransform from(const core::Camera& cam) {
        MapTransform t;
        t.camera = split(cam.centre());
        const double upp = cam.units_per_px();
        t.scale_x = static_cast<float>(2.0 / (cam.viewport_width() * upp));
        t.scale_y = static_cast<float>(2.0 / (cam.viewport_height() * upp));
        t.viewport_w = static_cast<float>(cam.viewport_width());
        t.viewport_h = static_cast<float>(cam.viewport_height());
        return t;
    }
};

} // namespace incimap::render
