#include "ui_canvas.hpp"

#include "render/font_atlas.hpp"
#include "render/gl.hpp"
#include "window/fonts.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <cfloat>
#include <filesystem>
#include <string>

namespace incimap::test {

UiCanvas::UiCanvas(int width, int height, ui::Theme theme, float scale)
    : m_width(width), m_height(height), m_theme(theme), m_scale(scale) {}

UiCanvas::~UiCanvas() {
    if (m_backend)
        ImGui_ImplOpenGL3_Shutdown();
    if (ImGui::GetCurrentContext() != nullptr)
        ImGui::DestroyContext();
}

bool UiCanvas::init() {
    std::string error;
    if (!m_target.create(m_width, m_height, 0, error)) {
        ADD_FAILURE() << error;
        return false;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini read or written
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
    io.DisplayFramebufferScale = ImVec2(1, 1); // X11: the window's px are device px
    // The goldens are drawn with DejaVu Sans (INCIMAP_FONT would change it): without it ImGui's
    // own font would differ from every golden for a reason that says nothing of the panels.
    const std::string font = render::FontAtlas::default_font_file();
    if (!std::filesystem::exists(font)) {
        ADD_FAILURE() << "no font " << font << " (fonts-dejavu-core): the panels' goldens are "
                      << "drawn with it";
        return false;
    }
    window::load_ui_fonts(io, m_scale);
    ui::apply_theme(m_theme, m_scale);
    m_backend = ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!m_backend) {
        ADD_FAILURE() << "ImGui's OpenGL3 backend did not start on this context";
        return false;
    }
    return true;
}

render::Image UiCanvas::draw(const std::function<void()>& widgets, int frames) {
    ImGuiIO& io = ImGui::GetIO();
    for (int f = 0; f < frames; ++f) {
        io.DeltaTime = 1.0f / 60.0f;
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // nowhere: nothing hovered
        ImGui_ImplOpenGL3_NewFrame();
        ImGui::NewFrame();
        widgets();
        ImGui::Render();
    }
    m_target.bind();
    glViewport(0, 0, m_width, m_height);
    glDisable(GL_SCISSOR_TEST);
    // Where the map would be: a colour no panel has (the light theme's window background is
    // the window's clear colour, 240 grey), so a test can tell where a panel ends.
    glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    return m_target.read();
}

} // namespace incimap::test
