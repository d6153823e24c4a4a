#include "app/render_view.hpp"

#include <cstdio>
#include <sstream>

namespace incimap::app {

namespace {

bool parse_pair(const std::string& s, double& a, double& b) {
    char comma = 0;
    std::istringstream in(s);
    return static_cast<bool>(in >> a >> comma >> b) && comma == ',' && in.peek() == EOF;
}

} // namespace

std::string parse_image_size(const std::string& size, int& width, int& height) {
    char x = 0;
    std::istringstream size_in(size);
    if (!(size_in >> width >> x >> height) || (x != 'x' && x != 'X') || width <= 0 ||
        height <= 0 || width > 16384 || height > 16384)
        return "--size " + size + ": expected WxH, e.g. 1280x800 (at most 16384)";
    return {};
}

std::string check_zoom(double zoom) {
    // -1: not given. NaN or a negative zoom was ignored before, and infinity taken as 22.
    if (zoom != -1 && !(zoom >= 0 && zoom <= 22)) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", zoom);
        return std::string("--zoom ") + text + ": expected a number from 0 to 22";
    }
    return {};
}

std::string place_fixed_view(const scene::MapScene& scene, core::Camera& camera,
                             const TimeBox& time_box, const std::string& center, double zoom,
                             bool& fixed) {
    fixed = false;
    if (time_box.bbox) {
        scene.fit_to_box(camera, *time_box.bbox);
    } else if (!center.empty()) {
        double lon = 0, lat = 0;
        if (!parse_pair(center, lon, lat) || !core::is_valid_lonlat({lon, lat}))
            return "--center " + center + ": expected lon,lat";
        if (zoom < 0)
            return "--center needs --zoom";
        camera.set_centre(scene.projection().forward({lon, lat}));
        camera.set_zoom(zoom);
    }
    fixed = time_box.bbox || !center.empty();
    return {};
}

void place_data_view(const scene::MapScene& scene, core::Camera& camera, double zoom) {
    scene.fit_to_data(camera);
    if (zoom >= 0)
        camera.set_zoom(zoom);
}

} // namespace incimap::app
