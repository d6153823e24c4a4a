#pragma once
// The status bar: cursor position, zoom, counts, frame time and the last message.

#include "core/geometry.hpp"
#include "core/panel_state.hpp"

#include <optional>
#include <string>

namespace incimap::ui {

struct StatusView {
    std::optional<core::LonLat> cursor;
    double zoom = 0;
    std::size_t in_view_and_window = 0; // visible: in view and in the window
    std::size_t in_window = 0;
    std::size_t total = 0;
    float frame_ms = -1; // < 0: hidden (test mode keeps screenshots stable)
    std::string message;
    std::string compare; // issue 17: "A 12 · B 7" while comparing two periods
    std::string measure; // issue 17: "path 827.8 km (514.4 mi) · area …" while measuring
    core::MessageKind message_kind = core::MessageKind::Info; // issue 20: its colour
    bool dark = false;                                         // the panels' theme
};

void draw_status_bar(const StatusView& view);

} // namespace incimap::ui
