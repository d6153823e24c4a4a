#pragma once
// The basemap's look: quiet (light land, soft blue water, thin grey borders, small grey
// place names) so that the data stays loud. Colours in sRGB 0–255.

#include "core/palette.hpp"

namespace incimap::render {

struct MapStyle {
    core::Rgba8 water{203, 222, 237, 255};
    core::Rgba8 land{244, 242, 236, 255};
    core::Rgba8 coastline{150, 170, 190, 255};
    core::Rgba8 border{165, 160, 170, 255};
    core::Rgba8 place_text{95, 95, 100, 255};
    core::Rgba8 place_dot{120, 120, 125, 255};
    core::Rgba8 place_halo{255, 255, 255, 210};
    core::Rgba8 data_fill{40, 40, 40, 40};
    core::Rgba8 data_line{60, 60, 60, 200};
    // Issue 16: the offline basemap's rivers, a blue a little stronger than the water so that
    // a 1 px line still reads on the land.
    core::Rgba8 river{120, 165, 210, 255};
};

// The dark look (View ▸ Theme ▸ Dark): deep blue-grey water, dark land, light thin lines and
// names, so that the category colours stay the loudest thing on the map.
inline MapStyle dark_map_style() {
    MapStyle s;
    s.water = {24, 31, 42, 255};
    s.land = {46, 49, 54, 255};
    s.coastline = {88, 104, 122, 255};
    s.border = {110, 110, 120, 255};
    s.place_text = {190, 190, 196, 255};
    s.place_dot = {160, 160, 168, 255};
    s.place_halo = {30, 32, 36, 210};
    s.data_fill = {220, 220, 220, 40};
    s.data_line = {200, 200, 200, 200};
    s.river = {62, 96, 134, 255}; // issue 16
    return s;
}

} // namespace incimap::render
