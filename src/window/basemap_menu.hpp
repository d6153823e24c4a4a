#pragma once
// View ▸ Basemap (issue 16): the offline map, none, a raster file (GeoTIFF / COG, raster
// MBTiles) typed or picked from the recent ones, its opacity and a quiet (grey, dimmed) look.
// Reads the state and fills commands, like every panel.

#include "core/app_state.hpp"

namespace incimap::window {

class BasemapMenu {
public:
    // The submenu's items, inside an open View menu.
    void draw_menu(const core::AppState& state, core::Commands& c);
    // The "Raster basemap" dialog (a file path or a tile URL), when asked (every frame).
    void draw_dialog(core::Commands& c);

private:
    bool m_open_request = false;
    char m_path[1024] = "";
};

} // namespace incimap::window
