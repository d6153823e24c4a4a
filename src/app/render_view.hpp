#pragma once
// The view options `render` and `animate` share, checked and applied one way: --size,
// --zoom, and where the camera looks (--bbox, --center with --zoom, else the data fitted).

#include "app/cli.hpp"
#include "scene/map_scene.hpp"

#include <string>

namespace incimap::app {

// --size WxH: "" and the size, or the one-line error (without "incimap: ").
std::string parse_image_size(const std::string& size, int& width, int& height);
// --zoom: -1 (not given) or 0…22; "" or the error.
std::string check_zoom(double zoom);
// Places `camera` by --bbox or --center/--zoom, before any data is read; `fixed` says whether
// it was placed. "" or the error.
std::string place_fixed_view(const scene::MapScene& scene, core::Camera& camera,
                             const TimeBox& time_box, const std::string& center, double zoom,
                             bool& fixed);
// Without a fixed view: fits the camera to the data read, then applies --zoom when given.
void place_data_view(const scene::MapScene& scene, core::Camera& camera, double zoom);

} // namespace incimap::app
