#pragma once
// What File ▸ Export does in the window, apart from its dialog: the incidents the map shows,
// written through geo::write_incidents, and the map view as a PNG with its legend, time
// caption, scale bar and attribution (the overlay `incimap render --legend` draws). Free
// functions of the scene and the view, so tests run them without a window.

#include "scene/map_scene.hpp"
#include "core/camera.hpp"
#include "core/time_window.hpp"
#include "geo/write/writer.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_target.hpp"

#include <string>
#include <vector>

namespace incimap::scene {

// The incidents the map shows: those that pass the scene's filters (layers, categories,
// search) and the time window (core::RowFilter, the map's own test); one part per layer, rows
// in the layer's order. While a filter change is still being applied on a worker, this is
// what the map will show once it is.
std::vector<geo::ExportPart> visible_parts(const MapScene& scene, const core::TimeWindow& window);

struct ExportOutcome {
    bool ok = false;
    std::string message; // one line for the status bar: what was written, or why not
    std::size_t written = 0;
};

// Writes what visible_parts() gives to `path`; the format comes from the extension (.geojson,
// .csv, .gpkg). The scene's files are never written over.
ExportOutcome export_visible(const MapScene& scene, const core::TimeWindow& window,
                             const std::string& path);

struct MapView {
    const core::Camera* camera = nullptr; // its viewport is the image size in logical px
    core::TimeWindow window;
    int selected = -1;
    const render::Overlay* overlay = nullptr;
    float pixel_ratio = 1.0f; // framebuffer px per logical px
};

// Draws the map as `renderer` holds it into an off-screen target of the camera's viewport
// × pixel_ratio. Needs the current GL context; leaves framebuffer 0 bound.
render::Image draw_map_image(render::MapRenderer& renderer, const MapView& view,
                             std::string& error);
// draw_map_image() written as a PNG (temp, flush, rename); never over one of `inputs`.
ExportOutcome export_map_png(render::MapRenderer& renderer, const MapView& view,
                             const std::vector<std::string>& inputs, const std::string& path);

} // namespace incimap::scene
