#pragma once
// `incimap render`'s GL set up beside the data (issue 14, a faster first map): the context,
// target, shaders and font (OffscreenRenderer::create) are made on a thread of their own
// while the incidents are merged, projected and indexed, and handed to the calling thread
// when it needs them. They depend on the image's size only, never on the data.

#include "app/offscreen_renderer.hpp"

#include <future>
#include <memory>
#include <string>

namespace incimap::app {

class PendingRenderer {
public:
    PendingRenderer() = default;
    PendingRenderer(const PendingRenderer&) = delete;
    PendingRenderer& operator=(const PendingRenderer&) = delete;
    // Waits for a renderer not taken, and frees it with its context current.
    ~PendingRenderer();

    // Starts making a width × height renderer on a thread (once; later calls do nothing).
    void start(int width, int height);
    bool started() const { return m_future.valid(); }
    // The renderer, its context current on this thread (started here first when it was not);
    // nullptr and a one-line `error` when it could not be made.
    std::unique_ptr<OffscreenRenderer> take(int width, int height, std::string& error);

private:
    struct Made {
        std::unique_ptr<OffscreenRenderer> renderer;
        std::string error;
    };
    std::future<Made> m_future;
};

} // namespace incimap::app
