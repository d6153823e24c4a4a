#pragma once
// The GL side that `incimap render` and `incimap animate` share: an OpenGL context with no
// window (render::EglContext), a multisampled target of the image's size and the map
// renderer, brought up to date with the scene once before the first frame, and frames drawn
// into the target and read back. Both commands go through it, so a frame of `animate` is the
// picture `render` gives for the same view and window.

#include "core/camera.hpp"
#include "render/egl_context.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_target.hpp"
#include "scene/map_scene.hpp"

#include <memory>
#include <string>

namespace incimap::app {

class OffscreenRenderer {
public:
    // The context, a width × height target (4× multisampled) and the renderer's shaders and
    // font; nullptr and a one-line `error` when any of them cannot be made.
    static std::unique_ptr<OffscreenRenderer> create(int width, int height, std::string& error);
    // The same for a view drawn from one camera (render, animate): meanwhile, on a thread,
    // the scene works out its basemap for `camera`, cut to it at Medium detail too
    // (MapScene::set_basemap_for_one_view), and its places; neither waits for the other
    // (issue 14: the first map). Nothing else may use the scene until it returns.
    static std::unique_ptr<OffscreenRenderer> create_for_view(scene::MapScene& scene,
                                                              const core::Camera& camera,
                                                              int width, int height,
                                                              std::string& error);

    // The first sync: the scene's data, basemap and places uploaded for `camera`, and the
    // heat map on when `heat`. A basemap file that cannot be read (`--basemap`) is the
    // returned error; any other problem (the offline basemap) is a warning on stderr and
    // the map still draws. "" or the error.
    std::string sync(scene::MapScene& scene, const core::Camera& camera, bool heat);
    // One frame into the target, read back (waits for the GPU).
    render::Image draw(const core::Camera& camera, const render::TimeWindow& window,
                       int selected, const render::Overlay* overlay);

    render::MapRenderer& renderer() { return m_renderer; }
    const render::EglContext& context() const { return *m_context; }

private:
    OffscreenRenderer() = default;
    std::unique_ptr<render::EglContext> m_context; // first made, last gone
    render::OffscreenTarget m_target;
    render::MapRenderer m_renderer;
};

} // namespace incimap::app
