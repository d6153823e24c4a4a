#pragma once
// Issue 20 (panels): the side panel's legend — each layer under its own heading with its
// categories' colours and counts (a click hides or shows a category; a hidden one stays listed,
// greyed, with its count), then what hollow markers, sizes and fading mean.

#include "ui/side_panel.hpp"

namespace incimap::ui {

void draw_legend(const PanelView& view, core::Commands& commands);

} // namespace incimap::ui
