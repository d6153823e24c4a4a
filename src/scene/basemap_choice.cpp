#include "scene/basemap_choice.hpp"

#include "scene/map_scene.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace incimap::scene {

bool choose_basemap(MapScene& scene, const std::string& choice, std::string& error) {
    if (choice.empty() || choice == kBasemapOffline || choice == kBasemapNone) {
        scene.raster().clear();
        scene.set_offline_basemap(choice != kBasemapNone);
        return true;
    }
    if (!scene.raster().set_file(choice, error))
        return false;
    scene.set_offline_basemap(true); // land around the image, places over it
    return true;
}

render::RasterLook basemap_look(double opacity, bool quiet) {
    render::RasterLook look;
    look.opacity = std::isfinite(opacity) ? static_cast<float>(std::clamp(opacity, 0.0, 1.0)) : 1;
    look.grey = quiet;
    look.dim = quiet ? 0.35f : 0.0f;
    return look;
}

std::vector<std::string> recent_basemaps() {
    std::vector<std::string> out;
    if (std::ifstream in(state_dir() + "/recent-basemaps"); in)
        for (std::string line; std::getline(in, line) && out.size() < 8;)
            if (!line.empty())
                out.push_back(line);
    return out;
}

} // namespace incimap::scene
