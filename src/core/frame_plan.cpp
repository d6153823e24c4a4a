#include "core/frame_plan.hpp"

#include <charconv>

namespace incimap::core {

std::optional<UnixMs> parse_step(const std::string& text) {
    if (text.size() < 2)
        return std::nullopt;
    long long n = 0;
    const char* begin = text.data();
    const char* unit = text.data() + text.size() - 1;
    const auto [end, ec] = std::from_chars(begin, unit, n);
    if (ec != std::errc() || end != unit || n <= 0)
        return std::nullopt;
    UnixMs scale = 0;
    switch (*unit) {
    case 's': scale = kMsPerSecond; break;
    case 'm': scale = kMsPerMinute; break;
    case 'h': scale = kMsPerHour; break;
    case 'd': scale = kMsPerDay; break;
    case 'w': scale = 7 * kMsPerDay; break;
    default: return std::nullopt;
    }
    // A century is plenty; beyond it the arithmetic of the plan could overflow.
    if (n > 36525 * kMsPerDay / scale)
        return std::nullopt;
    return n * scale;
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
