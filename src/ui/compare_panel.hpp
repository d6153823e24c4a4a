#pragma once
// The side panel's "Compare periods" section (issue 17), shown while a window B is set: each
// window's dates and count, and per category how many each window shows (A filled, B open
// rings on the map); buttons set B just before A or stop comparing.

#include "core/app_state.hpp"
#include "core/palette.hpp"

#include <string>
#include <vector>

namespace incimap::ui {

struct CompareRow {
    std::string label;
    core::Rgba8 colour;
    std::size_t in_a = 0, in_b = 0;
};

struct CompareView {
    std::size_t in_a = 0, in_b = 0; // incidents each window shows (anywhere)
    std::vector<CompareRow> rows;   // per category
};

// "A 2024-01-01 – 2024-01-08: 12 · B …: 7" for the status bar; "" without a window B.
std::string compare_summary(const core::AppState& state, const CompareView& view);

void draw_compare_panel(const core::AppState& state, const CompareView& view, core::Commands& c);

} // namespace incimap::ui
