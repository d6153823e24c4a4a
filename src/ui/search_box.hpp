#pragma once
// The search box (Ctrl+F or /): a text field over the top of the map and, under it, the
// engine's list of places and incidents (AppState::search_hits). Typing asks the engine to
// search (Commands::find); ↑/↓ move the highlight, Enter or a click flies to the line
// (Commands::go_to_hit), Esc closes. The widget keeps only its text buffer and highlight.

#include "core/app_state.hpp"

#include <array>

namespace incimap::ui {

class SearchBox {
public:
    // Draws the box when state.search_open; `map` is where the map is in the window.
    void draw(const core::AppState& state, const core::MapRect& map, core::Commands& c);

private:
    std::array<char, 256> m_text{};
    int m_highlight = 0;
    bool m_was_open = false;
};

} // namespace incimap::ui
