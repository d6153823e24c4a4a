#pragma once
// Issue 20 (panels): the lower part of the side panel — the selected incident's details and
// the incidents in view and window — as two scrolling regions of fixed shares of the panel, so
// that selecting an incident never pushes the list out of view. The list's columns are chosen
// with a right-click on its header (or the "columns" button) and kept in the session; they
// are resizable, and the dates are shown whole.

#include "ui/side_panel.hpp"

namespace incimap::ui {

// `details` draws the selected incident (side_panel.cpp).
void draw_details_and_list(const core::AppState& state, const PanelView& view,
                           core::Commands& commands,
                           const std::function<void()>& details);

// The widest text a list date cell holds, by which its column is sized: a date and time, or,
// when the cell carries the end (a layer has ends and no End column is shown), both.
const char* date_column_sample(bool carries_end);

} // namespace incimap::ui
