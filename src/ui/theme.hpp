#pragma once
// The look of the panels: calm, narrow, readable (DESIGN.md "The look").

namespace incimap::ui {

enum class Theme { Light, Dark };

// Applies colours and metrics to the current ImGui context.
void apply_theme(Theme theme, float scale = 1.0f);

} // namespace incimap::ui
