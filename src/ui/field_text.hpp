#pragma once
// The text of the dialogs' and panels' typed fields (File ▸ Export playback…, Compare
// periods): an instant shown as a date alone when it is a UTC midnight, else the whole ISO
// datetime; read back as the command line reads --from and --to (a date is its day's
// start); and a value copied into an ImGui text buffer.

#include "core/time.hpp"

#include <cstddef>
#include <cstring>
#include <optional>
#include <string>

namespace incimap::ui {

inline std::string date_text(core::UnixMs t) {
    const std::string iso = core::format_iso_utc(t);
    return t % core::kMsPerDay == 0 ? iso.substr(0, 10) : iso;
}

inline std::optional<core::UnixMs> instant_of(const std::string& text) {
    const auto t = core::parse_time(text, {core::DayMonthOrder::Unknown, false});
    return t ? std::optional(t->start_ms) : std::nullopt;
}

template <std::size_t N> void copy_text(char (&dest)[N], const std::string& text) {
    std::strncpy(dest, text.c_str(), N - 1);
    dest[N - 1] = '\0';
}

} // namespace incimap::ui
