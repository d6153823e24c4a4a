#include "ui/timeline.hpp"

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

} // namespace

void TimelineController::draw(const core::AppState& state, const core::TimeIndex& index,
                              core::Commands& commands) {
    core::UnixMs v0 = state.view_from, v1 = state.view_to;
    if (v1 <= v0)
        return;
    const core::TimeWindow& win = state.window;

    // Controls row.
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left))
        commands.step_window = -1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step the window back (Left)");
    ImGui::SameLine();
    if (ImGui::Button(state.playing ? "Pause" : "Play"))
        commands.set_playing = !state.playing;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Play or pause (Space)");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right))
        commands.step_window = 1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step the window forward (Right)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
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
    ImGui::SetNextItemWidth(120);
    int mode = static_cast<int>(win.mode);
    if (ImGui::Combo("##mode", &mode, "moving window\0cumulative\0fade\0"))
        commands.set_mode = static_cast<core::TimeMode>(mode);
    ImGui::SameLine();
    std::string caption = win.is_all() ? std::string("all dates")
                                       : core::format_iso(win.from, core::TimePrecision::Minute) +
                                             " → " +
                                             core::format_iso(win.to, core::TimePrecision::Minute) +
                                             "  (UTC)";
    ImGui::TextUnformatted(caption.c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
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
    if (index.undated() > 0) {
        ImGui::SameLine();
        bool show = win.show_undated;
        if (ImGui::Checkbox(("undated (" + std::to_string(index.undated()) + ")").c_str(), &show)) {
            core::TimeWindow w = win;
            w.show_undated = show;
            commands.set_window = w;
        }
    }

    // Histogram band.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = std::max(50.0f, avail.x), h = std::max(30.0f, avail.y - 18.0f);
    ImGui::InvisibleButton("##histogram", ImVec2(w, h + 16));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg));

    const core::UnixMs bin = core::histogram_bin_ms(v1 - v0, w, 3.0);
    const core::UnixMs b0 = core::floor_days(v0) * core::kMsPerDay; // bins aligned to UTC days
    std::vector<std::size_t> counts;
    for (core::UnixMs t = b0; t < v1 && counts.size() < 5000; t += bin)
        counts.push_back(index.count_starting(t, t + bin));
    const std::size_t peak = counts.empty() ? 1 : std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
    const ImU32 bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    for (std::size_t k = 0; k < counts.size(); ++k) {
        if (counts[k] == 0)
            continue;
        const core::UnixMs t = b0 + static_cast<core::UnixMs>(k) * bin;
        const float xa = std::max(p0.x, x_of(t, v0, v1, p0.x, w));
        const float xb = std::min(p0.x + w, x_of(t + bin, v0, v1, p0.x, w) - 1);
        const float bh = (h - 4) * std::sqrt(static_cast<float>(counts[k]) / static_cast<float>(peak));
        if (xb > xa)
            dl->AddRectFilled(ImVec2(xa, p0.y + h - bh), ImVec2(xb, p0.y + h), bar);
    }

    // The window.
    const float wx0 = win.is_all() ? p0.x : std::clamp(x_of(win.from, v0, v1, p0.x, w), p0.x, p0.x + w);
    const float wx1 = win.is_all() ? p0.x + w : std::clamp(x_of(win.to, v0, v1, p0.x, w), p0.x, p0.x + w);
    if (!win.is_all()) {
        const float left = win.mode == core::TimeMode::Cumulative ? p0.x : wx0;
        dl->AddRectFilled(ImVec2(left, p0.y), ImVec2(wx1, p0.y + h), IM_COL32(0, 140, 200, 50));
        dl->AddRect(ImVec2(wx0, p0.y), ImVec2(wx1, p0.y + h), IM_COL32(0, 110, 170, 255), 0, 0, 2);
    }
    draw_ticks(dl, v0, v1, p0.x, p0.y + h + 2, w);

    // Interaction: drag the window or its edges; wheel zooms the timeline about the cursor;
    // a click outside the window moves it there.
    const ImGuiIO& io = ImGui::GetIO();
    const float mx = io.MousePos.x;
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (!win.is_all() && std::abs(mx - wx0) < 6)
            m_drag = Drag::LeftEdge;
        else if (!win.is_all() && std::abs(mx - wx1) < 6)
            m_drag = Drag::RightEdge;
        else if (!win.is_all() && mx > wx0 && mx < wx1)
            m_drag = Drag::Body;
        else {
            m_drag = Drag::Body;
            const core::UnixMs len = win.is_all() ? 7 * core::kMsPerDay : win.to - win.from;
            core::TimeWindow nw = win;
            nw.from = core::floor_days(t_of(mx, v0, v1, p0.x, w)) * core::kMsPerDay;
            nw.to = nw.from + len;
            commands.set_window = nw;
        }
    }
    if (!active)
        m_drag = Drag::None;
    if (active && m_drag != Drag::None && io.MouseDelta.x != 0 && !win.is_all() &&
        !commands.set_window) {
        const core::UnixMs dt = t_of(p0.x + io.MouseDelta.x, v0, v1, p0.x, w) - v0;
        core::TimeWindow nw = win;
        if (m_drag == Drag::Body || m_drag == Drag::LeftEdge)
            nw.from += dt;
        if (m_drag == Drag::Body || m_drag == Drag::RightEdge)
            nw.to += dt;
        if (nw.to - nw.from >= core::kMsPerMinute)
            commands.set_window = nw;
    }
    if (hovered && io.MouseWheel != 0) {
        commands.zoom_timeline =
            std::pair{t_of(mx, v0, v1, p0.x, w), std::pow(0.85, io.MouseWheel)};
    }
    if (hovered && !active) {
        const core::UnixMs t = t_of(mx, v0, v1, p0.x, w);
        const core::UnixMs bstart = b0 + (t - b0) / bin * bin;
        ImGui::SetTooltip("%s: %zu incidents\n%s bins; wheel zooms, drag moves the window",
                          core::format_iso(bstart, bin >= core::kMsPerDay ? core::TimePrecision::Day
                                                                          : core::TimePrecision::Minute)
                              .c_str(),
                          index.count_starting(bstart, bstart + bin),
                          bin >= 365 * core::kMsPerDay ? "year"
                          : bin >= 30 * core::kMsPerDay ? "30-day"
                          : bin >= 7 * core::kMsPerDay ? "week"
                          : bin >= core::kMsPerDay ? "day"
                          : bin >= 6 * core::kMsPerHour ? "6-hour"
                                                        : "hour");
    }
}

} // namespace incimap::ui
