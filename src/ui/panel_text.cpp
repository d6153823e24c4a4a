#include "ui/panel_text.hpp"

#include <algorithm>

namespace incimap::ui {

std::string cluster_tooltip(const std::vector<std::pair<std::string, std::size_t>>& split,
                            std::size_t max_rows) {
    std::size_t total = 0;
    for (const auto& [name, n] : split)
        total += n;
    std::string out = std::to_string(total) + (total == 1 ? " incident" : " incidents");
    std::size_t rest = 0, rest_n = 0;
    for (std::size_t i = 0; i < split.size(); ++i) {
        if (i < max_rows) {
            out += "\n" + (split[i].first.empty() ? std::string("(no category)") : split[i].first) +
                   "  " + std::to_string(split[i].second);
        } else {
            rest += split[i].second;
            ++rest_n;
        }
    }
    if (rest_n > 0)
        out += "\n" + std::to_string(rest_n) + " more categories  " + std::to_string(rest);
    return out;
}

std::string fit_text(const std::string& text, float width,
                     const std::function<float(const std::string&)>& measure) {
    if (measure(text) <= width)
        return text;
    const std::string ellipsis = "…";
    // Binary search on the byte length, then back to a UTF-8 boundary.
    std::size_t lo = 0, hi = text.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        if (measure(text.substr(0, mid) + ellipsis) <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && lo < text.size() && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80)
        --lo;
    return text.substr(0, lo) + ellipsis;
}

std::optional<Rgb> message_colour(core::MessageKind kind, bool dark) {
    switch (kind) {
    case core::MessageKind::Info: return std::nullopt;
    case core::MessageKind::Success: return dark ? Rgb{0.45f, 0.85f, 0.5f} : Rgb{0.1f, 0.5f, 0.15f};
    case core::MessageKind::Warning: return dark ? Rgb{1.0f, 0.7f, 0.3f} : Rgb{0.75f, 0.45f, 0.0f};
    case core::MessageKind::Error: return dark ? Rgb{1.0f, 0.45f, 0.4f} : Rgb{0.75f, 0.1f, 0.1f};
    }
    return std::nullopt;
}

std::string list_date(const core::TimeInterval& t) {
    if (t.precision == core::TimePrecision::None)
        return "undated";
    return core::format_iso(t.start_ms, std::min(t.precision, core::TimePrecision::Minute));
}

std::string list_end(const core::TimeInterval& t) {
    if (t.precision == core::TimePrecision::None || t.end_ms - t.start_ms <= core::kMsPerDay)
        return "";
    const bool whole_days = t.end_ms % core::kMsPerDay == 0;
    return core::format_iso(t.end_ms - 1, whole_days ? core::TimePrecision::Day
                                                     : core::TimePrecision::Minute);
}

} // namespace incimap::ui
