#include "scene/map_export.hpp"

#include "scene/paths.hpp"
#include "geo/write/atomic_file.hpp"
#include "render/gl.hpp"


#include <algorithm>
#include <cmath>
#include <filesystem>

namespace incimap::scene {

std::vector<geo::ExportPart> visible_parts(const MapScene& scene, const core::TimeWindow& window) {
    // The scene's filters and the window, asked of each layer's table: what the map shows
    // once its visibility is up to date with those filters.
    const core::RowFilter filter(scene.filters(), window);
    std::vector<geo::ExportPart> parts;
    for (std::size_t li = 0; li < scene.layers().size(); ++li) {
        const core::IncidentTable& table = scene.layers()[li].table;
        parts.push_back({&table, core::rows_passing(table, filter, li)});
    }
    return parts;
}

namespace {

std::vector<std::string> input_paths(const MapScene& scene) {
    std::vector<std::string> paths;
    for (const Layer& layer : scene.layers())
        paths.push_back(layer.path);
    return paths;
}

std::string file_name(const std::string& path) { return source_name(path); }

} // namespace

ExportOutcome export_visible(const MapScene& scene, const core::TimeWindow& window,
                             const std::string& path) {
    ExportOutcome out;
    const auto format = geo::vector_format_of(path);
    if (!format) {
        out.message = "Export: " + file_name(path) + ": name it .geojson, .csv or .gpkg";
        return out;
    }
    const std::vector<geo::ExportPart> parts = visible_parts(scene, window);
    geo::WriteRequest request;
    request.path = path;
    request.format = *format;
    request.inputs = input_paths(scene);
    const geo::WriteResult w = geo::write_incidents(request, parts);
    if (!w.ok) {
        out.message = "Export failed: " + w.error;
        return out;
    }
    out.ok = true;
    out.written = w.written;
    out.message = "Exported " + std::to_string(w.written) +
                  (w.written == 1 ? " incident to " : " incidents to ") + path;
    return out;
}

render::Image draw_map_image(render::MapRenderer& renderer, const MapView& view,
                             std::string& error) {
    const core::Camera& camera = *view.camera;
    const int width = std::max(1, static_cast<int>(std::lround(camera.viewport_width() *
                                                               view.pixel_ratio)));
    const int height = std::max(1, static_cast<int>(std::lround(camera.viewport_height() *
                                                                view.pixel_ratio)));
    render::OffscreenTarget target;
    if (!target.create(width, height, 4, error)) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return {};
    }
    target.bind();
    glDisable(GL_SCISSOR_TEST);
    renderer.draw(camera, view.window, view.selected, view.overlay, view.pixel_ratio);
    render::Image image = target.read();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return image;
}

ExportOutcome export_map_png(render::MapRenderer& renderer, const MapView& view,
                             const std::vector<std::string>& inputs, const std::string& path) {
    ExportOutcome out;
    if (std::string e = geo::check_output_path(path, inputs); !e.empty()) {
        out.message = "Export failed: " + e;
        return out;
    }
    std::string error;
    const render::Image image = draw_map_image(renderer, view, error);
    if (image.rgba.empty()) {
        out.message = "Export failed: " + (error.empty() ? "the map could not be drawn" : error);
        return out;
    }
    const std::string png = render::encode_png(image);
    if (png.empty()) {
        out.message = "Export failed: the PNG could not be encoded";
        return out;
    }
    if (std::string e = geo::write_file_atomically(path, png); !e.empty()) {
        out.message = "Export failed: " + e;
        return out;
    }
    out.ok = true;
    out.message = "Exported the map (" + std::to_string(image.width) + "×" +
                  std::to_string(image.height) + " px) to " + path;
    return out;
}

} // namespace incimap::scene
