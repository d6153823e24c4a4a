#include "core/frame_plan.hpp"

#include "core/duration.hpp"

namespace incimap::core {

std::optional<UnixMs> parse_step(const std::string& text) {
    // Lengths as the timeline types them (core/duration.hpp); a century is plenty: beyond it
    // the arithmetic of the plan could overflow.
    const std::optional<UnixMs> ms = parse_duration(text);
    if (!ms || *ms > 36525 * kMsPerDay)
        return std::nullopt;
    return ms;
}

std::size_t frame_count(const FramePlanRequest& r) {
    if (r.step <= 0 || r.to <= r.from)
        return 0;
    const UnixMs span = r.to - r.from;
    return static_cast<std::size_t>(span / r.step + (span % r.step != 0 ? 1 : 0));
}

TimeWindow frame_window(const FramePlanRequest& r, std::size_t k) {
    TimeWindow w;
    const UnixMs start = r.from + static_cast<UnixMs>(k) * r.step;
    w.mode = r.mode;
    w.show_undated = r.show_undated;
    if (r.mode == TimeMode::Cumulative) {
        w.from = r.from;
        w.to = start + r.step;
    } else {
        w.from = start;
        w.to = start + (r.length > 0 ? r.length : r.step);
    }
    return w;
}

namespace {

UnixMs floor_to(UnixMs t, UnixMs unit) {
    const UnixMs r = t % unit;
    return r < 0 ? t - r - unit : t - r;
}

} // namespace

void default_range(UnixMs first, UnixMs last, UnixMs step, UnixMs& from, UnixMs& to) {
    const UnixMs unit = step >= kMsPerDay ? kMsPerDay : step >= kMsPerHour ? kMsPerHour
                      : step >= kMsPerMinute ? kMsPerMinute : kMsPerSecond;
    from = floor_to(first, unit);
    const UnixMs steps = (last - from) / step + 1; // the frame holding `last`, whole
    to = from + steps * step;
}

} // namespace incimap::core
