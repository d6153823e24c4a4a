#include "app/pending_renderer.hpp"

#include <utility>

namespace incimap::app {

PendingRenderer::~PendingRenderer() {
    if (!m_future.valid())
        return;
    Made made = m_future.get();
    if (made.renderer)
        made.renderer->take_context(); // its GL objects are deleted in its own context
}

void PendingRenderer::start(int width, int height) {
    if (m_future.valid())
        return;
    m_future = std::async(std::launch::async, [width, height] {
        Made made;
        made.renderer = OffscreenRenderer::create(width, height, made.error);
        if (made.renderer && !made.renderer->release_context()) {
            made.renderer.reset();
            made.error = "cannot hand the EGL context to the drawing thread";
        }
        return made;
    });
}

std::unique_ptr<OffscreenRenderer> PendingRenderer::take(int width, int height,
                                                         std::string& error) {
    start(width, height);
    Made made = m_future.get();
    if (made.renderer && !made.renderer->take_context()) {
        made.renderer.reset();
        made.error = "cannot make the EGL context current on the drawing thread";
    }
    if (!made.renderer)
        error = made.error;
    return std::move(made.renderer);
}

} // namespace incimap::app
