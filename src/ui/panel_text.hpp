#pragma once
// Issue 20 (panels): the words and sizes the panels work out, as plain functions testable
// without a frame — the legend's notes, a cluster badge's tooltip, a status message fitted to
// its room, the status colour of a message kind, and the list's cell text.

#include "core/panel_state.hpp"
#include "core/time.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::ui {

using core::legend_notes; // the legend's notes, as the exported PNG says them
// "23 incidents\nAirstrike 12\nDrone attack 8\n…": a badge's count by category, most first;
// at most `max_rows` categories, the rest as "N more categories".
std::string cluster_tooltip(const std::vector<std::pair<std::string, std::size_t>>& split,
                            std::size_t max_rows = 8);

// `text` cut to fit `width` (in the units `measure` gives) with "…" at the end, on a UTF-8
// boundary; `text` itself when it fits.
std::string fit_text(const std::string& text, float width,
                     const std::function<float(const std::string&)>& measure);

// The status bar's colour for a message kind (r, g, b in 0…1) on a light or dark panel:
// info in the text's own colour (nullopt), success green, warning amber, error red.
struct Rgb {
    float r = 0, g = 0, b = 0;
};
std::optional<Rgb> message_colour(core::MessageKind kind, bool dark);

// The list's date cell: the start at its own precision up to the minute, never cut
// ("2024-01-20T15:30Z", "2024-01-20", "undated").
std::string list_date(const core::TimeInterval& t);
// The end cell: the last day (or minute) an interval covers, "" for an instant or a day.
std::string list_end(const core::TimeInterval& t);

} // namespace incimap::ui
