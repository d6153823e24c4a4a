#pragma once
// The frames of an exported playback (`incimap animate`, File ▸ Export playback…): from a
// start, one frame per step until the end, each showing a time window of its own. Frame k is
// the window `render --from F_k --to T_k --mode M` draws, so a video frame and a still agree.
//
//   window     [from + k·step, from + k·step + length)   (length defaults to one step)
//   fade       the same window, older incidents fading out
//   cumulative everything that started before from + (k+1)·step

#include "core/time.hpp"
#include "core/time_window.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incimap::core {

// "1d", "6h", "1w", "30m", "90s" (a positive whole number and a unit: s, m, h, d, w) in ms;
// nullopt for anything else, zero included.
std::optional<UnixMs> parse_step(const std::string& text);

struct FramePlanRequest {
    UnixMs from = 0;          // inclusive
    UnixMs to = 0;            // exclusive: the last frame starts before it
    UnixMs step = 0;          // > 0
    UnixMs length = 0;        // the window's length; 0 = one step
    TimeMode mode = TimeMode::Window;
    bool show_undated = true; // as the map (and `render`) shows them
};

// How many frames the request gives: ceil((to − from) / step); 0 when to <= from.
std::size_t frame_count(const FramePlanRequest& request);
// Frame k's window (k < frame_count).
TimeWindow frame_window(const FramePlanRequest& request, std::size_t k);

// The data's range [first, last] widened to whole steps: `from` the start of the UTC day (or
// hour, minute for shorter steps) of `first`, `to` the first step boundary after `last`.
void default_range(UnixMs first, UnixMs last, UnixMs step, UnixMs& from, UnixMs& to);

} // namespace incimap::core
