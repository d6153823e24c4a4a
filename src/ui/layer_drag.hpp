#pragma once
// Drag to reorder layers (issue 20): a layer's row in the side panel is a drag source and a
// drop target. Dropping row `from` on row `to` sends the order core::order_after_drag gives as
// one set_layer_order command: one Ctrl+Z undoes it, as it does Move up or Move down.

#include "core/app_state.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace incimap::ui {

// Call right after the row's own item (its Selectable). `ids`: the layers' ids in their
// order (AppState::layer_ids); null: the row is dragged but takes no drop.
void drag_layer_row(std::size_t index, const std::string& name,
                    const std::vector<std::uint64_t>* ids, core::Commands& commands);

} // namespace incimap::ui
