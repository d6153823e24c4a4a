#pragma once
// Sizes in the panels at the window's content scale (issue 20: HiDPI): the fonts are baked at
// 15 px × the scale (window/fonts.cpp), so a width written for scale 1 is multiplied by the
// font's size over 15.

#include <imgui.h>

namespace incimap::ui {

inline float ui_scale() { return ImGui::GetFontSize() / 15.0f; }
inline float scaled(float px) { return px * ui_scale(); }

} // namespace incimap::ui
