#pragma once
// Dear ImGui without a window, for tests that drive panels frame by frame: a context of its
// own (no imgui.ini) with a display of the given size, 60 frames a second, and the default
// font built (so text has a size); destroyed with the object.

#include <imgui.h>

namespace incimap::test {

class HeadlessImGui {
public:
    HeadlessImGui(float width, float height) : m_context(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // builds the default font
    }
    ~HeadlessImGui() { ImGui::DestroyContext(m_context); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

private:
    ImGuiContext* m_context;
};

} // namespace incimap::test
