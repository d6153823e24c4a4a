// File ▸ Export playback… in the window (issue 18): after the map is drawn, the engine draws
// the next frame of a running export into its own off-screen target on this GL context; the
// window then goes on with its own frame (the default framebuffer and viewport put back).
// When an export ends, one line on stdout says so (as READY does), for scripts and tests:
//   PLAYBACK written FRAMES OUT      or      PLAYBACK failed 0 MESSAGE

#include "render/gl.hpp"
#include "window/window_host.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>

namespace incimap::window {

void WindowHost::export_playback_frame() {
    const core::PlaybackProgress& p = m_engine.state().playback;
    m_engine.export_frame(m_renderer);
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
    if (p.finished != m_playback_reported) {
        m_playback_reported = p.finished;
        if (p.ok)
            std::printf("PLAYBACK written %zu %s\n", p.total, p.output.c_str());
        else
            std::printf("PLAYBACK failed 0 %s\n", p.result.c_str());
        std::fflush(stdout);
    }
}

} // namespace incimap::window
