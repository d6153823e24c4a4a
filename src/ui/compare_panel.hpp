#pragma once
// The side panel's "Compare periods" section (issue 17), shown while a window B is set: each
// window's dates and count, and per category how many each window shows (A filled, B open
// rings on the map); B's dates can be typed (as `render --compare-from/--compare-to` reads
// them), and buttons set B just before A or stop comparing.

#include "core/app_state.hpp"
#include "core/palette.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incimap::ui {

struct CompareRow {
    std::string label;
    core::Rgba8 colour;
    std::size_t in_a = 0, in_b = 0;
};

struct CompareView {
    std::size_t in_a = 0, in_b = 0; // incidents each window shows (anywhere)
    std::vector<CompareRow> rows;   // per category
};

// "A 2024-01-01 – 2024-01-08: 12 · B …: 7" for the status bar; "" without a window B.
std::string compare_summary(const core::AppState& state, const CompareView& view);

// Window B's dates as the fields show them: "from" inclusive, "to" exclusive, a date alone
// when the instant is a UTC midnight ("2023-12-01"), else the whole ISO datetime.
struct CompareFields {
    std::string from, to;
};
CompareFields compare_fields_of(const core::TimeWindow& b);
// The window B the fields name (a date is its day's start, as --from/--to), or nullopt and
// `error` naming the bad field in one line.
std::optional<core::TimeWindow> compare_window_of(const CompareFields& f, std::string& error);

class ComparePanel {
public:
    void draw(const core::AppState& state, const CompareView& view, core::Commands& c);

private:
    char m_from[40] = "", m_to[40] = "";
    std::optional<core::TimeWindow> m_shown; // the B the fields were last filled from
};

} // namespace incimap::ui
