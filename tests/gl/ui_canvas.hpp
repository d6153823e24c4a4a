#pragma once
// The panels drawn off-screen, as the window draws them: an ImGui context with the app's
// fonts (window/fonts) and theme (ui/theme) at a content scale, a frame of widgets, and
// ImGui's OpenGL3 backend drawing it into a framebuffer of the gl tests' EGL context, read
// back. No GLFW: the display size is the canvas's, the mouse is nowhere (no hover, no
// tooltips) and every frame is 1/60 s, so the image is the same run to run.

#include "core/palette.hpp"
#include "render/offscreen_target.hpp"
#include "ui/theme.hpp"

#include <functional>

namespace incimap::test {

class UiCanvas {
public:
    static constexpr core::Rgba8 kBackground{200, 215, 230, 255}; // outside the panels

    // width × height device px; `scale` the content scale (fonts and metrics, as the window
    // applies them from glfwGetWindowContentScale).
    UiCanvas(int width, int height, ui::Theme theme, float scale);
    ~UiCanvas();
    UiCanvas(const UiCanvas&) = delete;
    UiCanvas& operator=(const UiCanvas&) = delete;

    // The ImGui context, fonts, backend and framebuffer; checks with gtest assertions and
    // returns false when a test must stop.
    bool init();
    // Runs `frames` ImGui frames of `widgets` (the first lays the windows out, as the
    // window's first frames do) and returns the last one, drawn over a plain background.
    render::Image draw(const std::function<void()>& widgets, int frames = 3);

private:
    int m_width, m_height;
    ui::Theme m_theme;
    float m_scale;
    bool m_backend = false;
    render::OffscreenTarget m_target;
};

} // namespace incimap::test
