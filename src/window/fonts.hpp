#pragma once
// Fonts for the panels: DejaVu Sans (Latin with diacritics, Greek, Cyrillic) merged with
// Noto Sans Arabic, so attributes in Arabic show their letters instead of '?' boxes.
// (Dear ImGui 1.86 does not shape Arabic: letters appear in isolated forms.)

struct ImGuiIO;

namespace incimap::window {

void load_ui_fonts(ImGuiIO& io, float scale);

} // namespace incimap::window
