#include "ui/timeline.hpp"

#include "core/duration.hpp"

#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace incimap::ui {

namespace {

float x_of(core::UnixMs t, core::UnixMs v0, core::UnixMs v1, float x0, float w) {
    return x0 + static_cast<float>(static_cast<double>(t - v0) / static_cast<double>(v1 - v0)) * w;
}
core::UnixMs t_of(float x, core::UnixMs v0, core::UnixMs v1, float x0, float w) {
    return v0 + static_cast<core::UnixMs>(static_cast<double>(x - x0) / w *
                                          static_cast<double>(v1 - v0));
}
ImU32 im_colour(core::Rgba8 c) { return IM_COL32(c.r, c.g, c.b, 255); }

// Tick labels: months when the view spans months, days when days, hours otherwise.
void draw_ticks(ImDrawList* dl, core::UnixMs v0, core::UnixMs v1, float x0, float y, float w) {
    const core::UnixMs span = v1 - v0;
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    core::TimePrecision unit = span > 120 * core::kMsPerDay  ? core::TimePrecision::Month
                               : span > 3 * core::kMsPerDay ? core::TimePrecision::Day
                                                            : core::TimePrecision::Hour;
    std::vector<core::UnixMs> ticks;
    if (unit == core::TimePrecision::Month) {
        core::CivilDate d = core::civil_from_days(core::floor_days(v0));
        for (int k = 0; k < 400; ++k) {
            const int m = d.month - 1 + k;
            const core::UnixMs t = core::days_from_civil(d.year + m / 12, m % 12 + 1, 1) *
                                   core::kMsPerDay;
            if (t > v1)
                break;
            if (t >= v0)
                ticks.push_back(t);
        }
    } else {
        const core::UnixMs step = unit == core::TimePrecision::Day ? core::kMsPerDay
                                                                    : core::kMsPerHour;
        for (core::UnixMs t = (core::floor_days(v0)) * core::kMsPerDay; t <= v1 && ticks.size() < 2000;
             t += step)
            if (t >= v0)
                ticks.push_back(t);
    }
    float last_x = -1e9f;
    for (core::UnixMs t : ticks) {
        const float x = x_of(t, v0, v1, x0, w);
        dl->AddLine(ImVec2(x, y - 4), ImVec2(x, y), ink);
        const std::string label = core::format_iso(
            t, unit == core::TimePrecision::Hour ? core::TimePrecision::Minute : unit);
        const float tw = ImGui::CalcTextSize(label.c_str()).x;
        if (x - last_x > tw + 12) {
            dl->AddText(ImVec2(x + 2, y - 2), ink, label.c_str());
            last_x = x;
        }
    }
}

const char* bin_name(core::UnixMs bin) {
    return bin >= 365 * core::kMsPerDay ? "year"
           : bin >= 30 * core::kMsPerDay ? "30-day"
           : bin >= 7 * core::kMsPerDay  ? "week"
           : bin >= core::kMsPerDay      ? "day"
           : bin >= 6 * core::kMsPerHour ? "6-hour"
                                         : "hour";
}

// A text field that shows `current` until the user types in it; Enter hands back the text.
bool length_field(const char* id, const char* hint, char* buf, std::size_t size, bool& editing,
                  const std::string& current) {
    if (!editing)
        std::snprintf(buf, size, "%s", current.c_str());
    const bool entered =
        ImGui::InputTextWithHint(id, hint, buf, size, ImGuiInputTextFlags_EnterReturnsTrue);
    editing = ImGui::IsItemActive();
    return entered;
}

} // namespace

float TimelineController::edge_reach(float x0, float x1, float edge, float body) {
    return std::clamp((x1 - x0 - body) / 2, 0.0f, edge);
}

const core::TimeHistogram& TimelineController::histogram_for(const TimelineData& data,
                                                             core::UnixMs first, core::UnixMs bin,
                                                             std::size_t bins) {
    if (m_hist_generation != data.generation || m_hist.first != first || m_hist.bin != bin ||
        m_hist.bins != bins) {
        m_hist = data.histogram ? data.histogram(first, bin, bins) : core::TimeHistogram{};
        m_hist.first = first;
        m_hist.bin = bin;
        m_hist.bins = bins;
        m_hist_generation = data.generation;
    }
    return m_hist;
}

void TimelineController::draw_controls(const core::AppState& state, const core::TimeExtent& extent,
                                       std::size_t undated, core::Commands& commands) {
    const core::TimeWindow& win = state.window;
    const core::UnixMs length = win.is_all() ? 0 : win.to - win.from;
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left))
        commands.step_window = -1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step the window back (Left)");
    ImGui::SameLine();
    if (ImGui::Button(state.playing ? "Pause" : "Play"))
        commands.set_playing = !state.playing;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Play or pause (Space); at the end, Play starts again from the first day");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right))
        commands.step_window = 1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step the window forward (Right)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70 * ui_scale());
    if (length_field("##length", "length", m_length, sizeof m_length, m_editing_length,
                     length > 0 ? core::format_duration(length) : std::string())) {
        if (auto ms = core::parse_duration(m_length))
            commands.set_window_length = *ms;
        else
            commands.message = "Window length: type a length such as 7d, 12h or 1d12h";
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The window's length: type 7d, 12h, 1w, 1d12h and Enter");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70 * ui_scale());
    if (length_field("##step", "step=length", m_step, sizeof m_step, m_editing_step,
                     state.step_ms > 0 ? core::format_duration(state.step_ms) : std::string())) {
        const std::string typed = m_step;
        if (typed.find_first_not_of(' ') == std::string::npos)
            commands.set_step = 0; // empty: the window's length again
        else if (auto ms = core::parse_duration(typed))
            commands.set_step = *ms;
        else
            commands.message = "Step: type a length such as 1d or 6h, or clear it to step by the window's length";
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("What Left and Right move the window by; empty: the window's length");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * ui_scale());
    float speed = static_cast<float>(state.speed_days_per_s);
    if (ImGui::DragFloat("days/s", &speed, 0.05f, 0.01f, 365.0f, "%.2f"))
        commands.set_speed = speed;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Playback speed: days of data per second");
    ImGui::SameLine();
    bool loop = state.loop;
    if (ImGui::Checkbox("loop", &loop))
        commands.set_loop = loop;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("At the end of the data, start again at the first day (L)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * ui_scale());
    int mode = static_cast<int>(win.mode);
    if (ImGui::Combo("##mode", &mode, "moving window\0cumulative\0fade\0"))
        commands.set_mode = static_cast<core::TimeMode>(mode);
    ImGui::SameLine();
    if (win.mode == core::TimeMode::Fade) { // issue 20: the trail after the window
        ImGui::SetNextItemWidth(60 * ui_scale());
        if (length_field("##fade", "trail", m_fade, sizeof m_fade, m_editing_fade,
                         state.fade_ms > 0 ? core::format_duration(state.fade_ms) : std::string())) {
            const std::string typed = m_fade;
            if (typed.find_first_not_of(' ') == std::string::npos)
                commands.set_fade_length = 0;
            else if (auto ms = core::parse_duration(typed))
                commands.set_fade_length = *ms;
            else
                commands.message = "Fade: type how long an incident stays after the window, such as 3d";
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Fade: how long an incident stays on the map, fading, after it "
                              "leaves the window (3d, 12h; empty: none)");
        ImGui::SameLine();
    }
    const core::TimePrecision shown =
        extent.finest() > core::TimePrecision::Day ? core::TimePrecision::Minute : core::TimePrecision::Day;
    const auto day_or_time = [&](core::UnixMs t) {
        return core::format_iso(t, shown == core::TimePrecision::Day && t % core::kMsPerDay != 0
                                       ? core::TimePrecision::Minute
                                       : shown);
    };
    const std::string caption =
        win.is_all() ? std::string("all dates")
                     : day_or_time(win.from) + " → " + day_or_time(win.to) + "  (UTC)";
    ImGui::TextUnformatted(caption.c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110 * ui_scale());
    if (ImGui::InputTextWithHint("##jump", "jump to date", m_jump, sizeof m_jump,
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (auto t = core::parse_time(m_jump, {core::DayMonthOrder::Unknown, false})) {
            core::TimeWindow w = win;
            const core::UnixMs len = win.is_all() ? core::kMsPerDay : win.to - win.from;
            w.from = t->start_ms;
            w.to = t->start_ms + len;
            commands.set_window = w;
        }
    }
    if (extent.undated() > 0) {
        ImGui::SameLine();
        bool show = win.show_undated;
        if (ImGui::Checkbox(("undated (" + std::to_string(undated) + ")").c_str(), &show)) {
            core::TimeWindow w = win;
            w.show_undated = show;
            commands.set_window = w;
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Incidents without a time that the filters leave: shown in every window, or not");
    }
}

void TimelineController::draw(const core::AppState& state, const TimelineData& data,
                              core::Commands& commands) {
    const core::UnixMs v0 = state.view_from, v1 = state.view_to;
    if (v1 <= v0)
        return;
    const core::TimeWindow& win = state.window;

    // The bins first (the controls row shows the filtered undated count).
    const float w = std::max(50.0f, ImGui::GetContentRegionAvail().x);
    const core::UnixMs bin = core::histogram_bin_ms(v1 - v0, w, 3.0);
    // Bins counted from 1970 (UTC days for day bins and longer), so that panning keeps them.
    const core::UnixMs b0 = (v0 >= 0 ? v0 / bin : -((-v0 + bin - 1) / bin)) * bin;
    const auto bins = static_cast<std::size_t>(std::min<core::UnixMs>(5000, (v1 - b0 + bin - 1) / bin));
    const core::TimeHistogram& hist = histogram_for(data, b0, bin, bins);

    draw_controls(state, data.extent, hist.undated, commands);

    // Histogram band: bars stacked by legend group, height by the square root of the count.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float h = std::max(30.0f, ImGui::GetContentRegionAvail().y - 18.0f);
    ImGui::InvisibleButton("##histogram", ImVec2(w, h + 16));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    if (ImGui::BeginPopupContextItem("##histogram_menu")) {
        if (ImGui::MenuItem("Bars by category", nullptr, !m_one_colour))
            m_one_colour = !m_one_colour;
        ImGui::EndPopup();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg));
    const std::size_t peak = hist.peak();
    const ImU32 one_colour = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    for (std::size_t k = 0; k < hist.bins; ++k) {
        const std::size_t total = hist.total(k);
        if (total == 0)
            continue;
        const core::UnixMs t = b0 + static_cast<core::UnixMs>(k) * bin;
        const float xa = std::max(p0.x, x_of(t, v0, v1, p0.x, w));
        const float xb = std::min(p0.x + w, x_of(t + bin, v0, v1, p0.x, w) - 1);
        if (xb <= xa)
            continue;
        const float bh = (h - 4) * std::sqrt(static_cast<float>(total) / static_cast<float>(peak));
        if (m_one_colour) {
            dl->AddRectFilled(ImVec2(xa, p0.y + h - bh), ImVec2(xb, p0.y + h), one_colour);
            continue;
        }
        float y = p0.y + h, below = 0;
        for (std::size_t g = 0; g < hist.groups.size(); ++g) {
            const std::uint32_t n = hist.at(k, g);
            if (n == 0)
                continue;
            below += static_cast<float>(n);
            const float top = p0.y + h - bh * below / static_cast<float>(total);
            dl->AddRectFilled(ImVec2(xa, top), ImVec2(xb, y), im_colour(hist.groups[g].colour));
            y = top;
        }
    }

    // The window, and its edges' grab zones (wider on hover).
    const ImGuiIO& io = ImGui::GetIO();
    const float mx = io.MousePos.x;
    const float wx0 = win.is_all() ? p0.x : std::clamp(x_of(win.from, v0, v1, p0.x, w), p0.x, p0.x + w);
    const float wx1 = win.is_all() ? p0.x + w : std::clamp(x_of(win.to, v0, v1, p0.x, w), p0.x, p0.x + w);
    const float inner = edge_reach(wx0, wx1);
    constexpr float outer = 6.0f;
    const bool on_body = !win.is_all() && mx >= wx0 + inner && mx <= wx1 - inner;
    const bool on_left = !win.is_all() && !on_body && mx >= wx0 - outer && mx < wx0 + inner;
    const bool on_right = !win.is_all() && !on_body && !on_left && mx > wx1 - inner && mx <= wx1 + outer;
    if (state.compare && !state.compare->is_all()) { // issue 17: window B, as open rings
        const float bx0 = std::clamp(x_of(state.compare->from, v0, v1, p0.x, w), p0.x, p0.x + w);
        const float bx1 = std::clamp(x_of(state.compare->to, v0, v1, p0.x, w), p0.x, p0.x + w);
        if (bx1 > bx0) {
            const core::Rgba8 b = kWindowBColour;
            const ImU32 b_colour = im_colour(b);
            dl->AddRectFilled(ImVec2(bx0, p0.y), ImVec2(bx1, p0.y + h), IM_COL32(b.r, b.g, b.b, 40));
            dl->AddRect(ImVec2(bx0, p0.y), ImVec2(bx1, p0.y + h), b_colour, 0, 0, 2);
            dl->AddText(ImVec2(bx0 + 3, p0.y + 1), b_colour, "B");
        }
    }
    if (!win.is_all()) {
        const float left = win.mode == core::TimeMode::Cumulative ? p0.x : wx0;
        dl->AddRectFilled(ImVec2(left, p0.y), ImVec2(wx1, p0.y + h), IM_COL32(0, 140, 200, 50));
        dl->AddRect(ImVec2(wx0, p0.y), ImVec2(wx1, p0.y + h), IM_COL32(0, 110, 170, 255), 0, 0, 2);
        const ImU32 grip = IM_COL32(0, 110, 170, 255);
        if ((hovered && on_left) || m_drag == Drag::LeftEdge)
            dl->AddRectFilled(ImVec2(wx0 - 3, p0.y), ImVec2(wx0 + 3, p0.y + h), grip);
        if ((hovered && on_right) || m_drag == Drag::RightEdge)
            dl->AddRectFilled(ImVec2(wx1 - 3, p0.y), ImVec2(wx1 + 3, p0.y + h), grip);
        if (hovered && (on_left || on_right))
            ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    }
    draw_ticks(dl, v0, v1, p0.x, p0.y + h + 2, w);

    // Interaction: drag the window or its edges, snapped to the data's precision (Shift: free);
    // wheel zooms the timeline about the cursor; a click outside the window moves it there.
    const double ms_per_px = static_cast<double>(v1 - v0) / w;
    const core::UnixMs unit = io.KeyShift ? 1 : core::snap_unit(data.extent.finest(), ms_per_px);
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        m_drag_x = mx;
        m_drag_start = win;
        if (on_left)
            m_drag = Drag::LeftEdge;
        else if (on_right)
            m_drag = Drag::RightEdge;
        else if (on_body)
            m_drag = Drag::Body;
        else {
            m_drag = Drag::Body;
            const core::UnixMs len = win.is_all() ? 7 * core::kMsPerDay : win.to - win.from;
            core::TimeWindow nw = win;
            nw.from = core::snap_to(t_of(mx, v0, v1, p0.x, w) - len / 2, unit);
            nw.to = nw.from + len;
            commands.set_window = nw;
            m_drag_start = nw;
        }
    }
    if (!active)
        m_drag = Drag::None;
    if (active && m_drag != Drag::None && mx != m_drag_x && !win.is_all() && !commands.set_window) {
        const core::UnixMs dt = t_of(p0.x + (mx - m_drag_x), v0, v1, p0.x, w) - v0;
        const core::UnixMs min_len = std::max<core::UnixMs>(unit, core::kMsPerMinute);
        core::TimeWindow nw = m_drag_start;
        if (m_drag == Drag::Body) { // the length kept exactly
            nw.from = core::snap_to(m_drag_start.from + dt, unit);
            nw.to = nw.from + (m_drag_start.to - m_drag_start.from);
        } else if (m_drag == Drag::LeftEdge) {
            nw.from = std::min(core::snap_to(m_drag_start.from + dt, unit), nw.to - min_len);
        } else {
            nw.to = std::max(core::snap_to(m_drag_start.to + dt, unit), nw.from + min_len);
        }
        if (nw.from != win.from || nw.to != win.to)
            commands.set_window = nw;
    }
    if (hovered && io.MouseWheel != 0) {
        commands.zoom_timeline =
            std::pair{t_of(mx, v0, v1, p0.x, w), std::pow(0.85, io.MouseWheel)};
    }
    if (hovered && !active && hist.bins > 0) {
        const core::UnixMs t = t_of(mx, v0, v1, p0.x, w);
        const auto k = static_cast<std::size_t>(std::clamp<core::UnixMs>((t - b0) / bin, 0,
                                                static_cast<core::UnixMs>(hist.bins) - 1));
        const core::UnixMs bstart = b0 + static_cast<core::UnixMs>(k) * bin;
        std::string tip = core::format_iso(bstart, bin >= core::kMsPerDay ? core::TimePrecision::Day
                                                                         : core::TimePrecision::Minute) +
                          ": " + std::to_string(hist.total(k)) + " incidents";
        for (std::size_t g = 0; g < hist.groups.size(); ++g)
            if (hist.at(k, g) > 0)
                tip += "\n  " + hist.groups[g].label + ": " + std::to_string(hist.at(k, g));
        if (hist.spanning > 0) // issue 20: durations
            tip += "\n" + std::to_string(hist.spanning) +
                   " incidents with an end: each counted in every bin it overlaps";
        tip += std::string("\n") + bin_name(bin) +
               " bins of what the filters leave; wheel zooms, drag moves the window (Shift: "
               "without snapping); right-click: colours";
        ImGui::SetTooltip("%s", tip.c_str());
    }
}

} // namespace incimap::ui
