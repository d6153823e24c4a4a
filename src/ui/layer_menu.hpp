#pragma once
// Issue 20 (panels): a layer's line in the side panel — its switch, its name (the one the user
// gave it, else the file's) and count — and the context menu on it (right-click, or the "⋯"
// button): Rename, Move up, Move down, Zoom to layer, Hide/Show, Remove; and the name dragged
// onto another row to reorder (layer_drag.hpp). Each item is a command (undone by Ctrl+Z
// where it changes the state).

#include "core/app_state.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace incimap::ui {

struct LayerLine {
    std::size_t index = 0, count = 0; // the layer, among `count` layers
    std::string name;                 // as shown
    std::string file;                 // the source's name (the tooltip)
    std::size_t incidents = 0;
    const std::vector<std::uint64_t>* ids = nullptr; // every layer's id: drag to reorder
};

void draw_layer_line(const LayerLine& line, const core::Filters& filters,
                     core::Commands& commands);

} // namespace incimap::ui
