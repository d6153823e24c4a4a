#pragma once
// Issue 20 (panels): the side panel's legend — each layer under its own heading with its
// categories' colours and counts (a click hides or shows a category; a hidden one stays listed,
// greyed, with its count), then what hollow markers, sizes and fading mean.

#include "ui/side_panel.hpp"

namespace incimap::ui {

void draw_legend(const PanelView& view, core::Commands& commands);

// "shelling  25", "shelling  25 · B 12" while comparing two periods (issue 17), with
// "  (hidden)" for a hidden category.
std::string legend_row_text(const LegendRow& row, bool hidden);
// Each row's count in window B (issue 17), from B's legend (by label; 0 where B has none).
void add_compare_counts(std::vector<LegendRow>& rows, const std::vector<LegendRow>& b);

} // namespace incimap::ui
