#include "app/offscreen_renderer.hpp"

#include <cstdio>
#include <thread>

namespace incimap::app {

std::unique_ptr<OffscreenRenderer> OffscreenRenderer::create(int width, int height,
                                                             std::string& error) {
    std::unique_ptr<OffscreenRenderer> out(new OffscreenRenderer());
    out->m_context = render::EglContext::create(error);
    if (!out->m_context)
        return nullptr;
    if (!out->m_target.create(width, height, 4, error))
        return nullptr;
    if (!out->m_renderer.init(error))
        return nullptr;
    return out;
}

std::unique_ptr<OffscreenRenderer> OffscreenRenderer::create_for_view(scene::MapScene& scene,
                                                                      const core::Camera& camera,
                                                                      int width, int height,
                                                                      std::string& error) {
    scene.set_basemap_for_one_view(true);
    std::jthread basemap([&] { scene.prepare_basemap(camera); });
    return create(width, height, error);
}

std::string OffscreenRenderer::sync(scene::MapScene& scene, const core::Camera& camera,
                                    bool heat) {
    std::string error;
    if (!scene.sync(m_renderer, camera, error)) {
        if (!scene.raster().last_error().empty()) // the basemap asked for (issue 16)
            return "--basemap " + scene.raster().last_error();
        std::fprintf(stderr, "incimap: warning: %s\n", error.c_str());
    }
    if (heat)
        m_renderer.set_heat(&scene.index());
    return {};
}

render::Image OffscreenRenderer::draw(const core::Camera& camera,
                                      const render::TimeWindow& window, int selected,
                                      const render::Overlay* overlay) {
    m_target.bind();
    m_renderer.draw(camera, window, selected, overlay);
    return m_target.read();
}

} // namespace incimap::app
