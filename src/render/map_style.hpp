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
};

} // namespace incimap::render
