#pragma once
// File > Open's layer dialog (issue 15): shown while state.layer_choice asks which layers of
// a source to read. Each layer is a row with its feature count; point layers can be ticked
// (all at first), the others are greyed with why. OK (Enter) reads the ticked ones
// (Commands::open_layers), Cancel (Esc) opens nothing; keys 1-9 tick and untick the rows.
// The pure parts (the rows' text, the ticks) are functions, tested without a frame.

#include "core/app_state.hpp"

#include <string>
#include <vector>

namespace incimap::ui {

// "strikes  3 features", "areas  1 feature  (holds polygons, not points)",
// "Legend  empty", "waypoints  features not counted".
std::string layer_row_text(const core::LayerCount& layer);

// The ticks the dialog opens with: every layer the reader would read (can_choose ones).
std::vector<bool> initial_ticks(const core::LayerChoice& choice);

// Ticks or unticks row `row` when it can be chosen; false when it cannot (greyed, none).
bool toggle_tick(const core::LayerChoice& choice, std::vector<bool>& ticks, std::size_t row);

// The answer for OK: the ticked layers' names in the source's order.
core::SourceLayers ticked_layers(const core::LayerChoice& choice, const std::vector<bool>& ticks);

class LayerDialog {
public:
    // Draws the dialog while `state` asks; fills c.open_layers or c.cancel_layer_choice.
    // Returns true on the frame it opens (the host tells scripts that it asks).
    bool draw(const core::AppState& state, core::Commands& c);

private:
    std::string m_source; // the question the ticks are for ("" none)
    std::vector<bool> m_ticks;
};

} // namespace incimap::ui
