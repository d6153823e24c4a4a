#include "ui/playback_dialog.hpp"

#include "ui/field_text.hpp"

#include "core/duration.hpp"
#include "core/time.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace incimap::ui {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

bool field(const char* label, char* buf, std::size_t size, float width, const char* tip) {
    ImGui::TextUnformatted(label);
    ImGui::SameLine(scaled(110));
    ImGui::SetNextItemWidth(width);
    const bool enter = ImGui::InputText((std::string("##") + label).c_str(), buf, size,
                                        ImGuiInputTextFlags_EnterReturnsTrue |
                                            ImGuiInputTextFlags_AutoSelectAll);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tip);
    return enter;
}

} // namespace

std::optional<PlaybackFormat> playback_format_of(const std::string& path) {
    const std::string ext = lower(fs::path(path).extension().string());
    if (ext == ".mp4")
        return PlaybackFormat::Mp4;
    if (ext == ".webm")
        return PlaybackFormat::WebM;
    if (ext == ".gif")
        return PlaybackFormat::Gif;
    if (ext.empty() || ext == ".png")
        return PlaybackFormat::Png;
    return std::nullopt;
}

std::string with_format(const std::string& path, PlaybackFormat format) {
    fs::path p(path);
    if (p.filename().string().find('%') != std::string::npos) // a frame pattern: its folder
        p = p.parent_path() / "frames";
    switch (format) {
    case PlaybackFormat::Mp4: p.replace_extension(".mp4"); break;
    case PlaybackFormat::WebM: p.replace_extension(".webm"); break;
    case PlaybackFormat::Gif: p.replace_extension(".gif"); break;
    case PlaybackFormat::Png: p.replace_extension(); break;
    }
    return p.string();
}

PlaybackFields fields_of(const core::PlaybackRequest& r) {
    PlaybackFields f;
    f.path = r.output;
    f.size = std::to_string(r.width) + "x" + std::to_string(r.height);
    f.fps = std::to_string(r.fps);
    f.from = date_text(r.plan.from);
    f.to = date_text(r.plan.to);
    f.step = core::format_duration(r.plan.step);
    f.window = r.plan.length > 0 && r.plan.length != r.plan.step
                   ? core::format_duration(r.plan.length)
                   : "";
    f.title = r.title;
    char hold[32];
    std::snprintf(hold, sizeof hold, "%g", r.hold_last_s);
    f.hold = hold;
    f.mode = static_cast<int>(r.plan.mode);
    f.legend = r.legend;
    return f;
}

std::optional<core::PlaybackRequest> request_of(const PlaybackFields& f,
                                                const core::PlaybackRequest& base,
                                                std::string& error) {
    core::PlaybackRequest r = base;
    r.output = f.path;
    if (r.output.rfind("~/", 0) == 0)
        if (const char* home = std::getenv("HOME"); home && *home)
            r.output = std::string(home) + r.output.substr(1);
    if (r.output.empty()) {
        error = "File: give a file name";
        return std::nullopt;
    }
    if (!playback_format_of(r.output)) {
        error = "File: name it .mp4, .webm or .gif, or a folder for PNG frames";
        return std::nullopt;
    }
    char x = 0, rest = 0;
    if (std::sscanf(f.size.c_str(), "%d%c%d%c", &r.width, &x, &r.height, &rest) != 3 ||
        (x != 'x' && x != 'X') || r.width < 16 || r.height < 16 || r.width > 8192 ||
        r.height > 8192) {
        error = "Size: WxH, e.g. 1280x800 (16 to 8192 px)";
        return std::nullopt;
    }
    if (std::sscanf(f.fps.c_str(), "%d%c", &r.fps, &rest) != 1 || r.fps < 1 || r.fps > 120) {
        error = "Frames/s: a whole number from 1 to 120";
        return std::nullopt;
    }
    const auto from = instant_of(f.from), to = instant_of(f.to);
    if (!from || !to) {
        error = std::string(!from ? "From" : "To") + ": an ISO date or datetime, e.g. 2024-01-01";
        return std::nullopt;
    }
    if (*to <= *from) {
        error = "To: after From";
        return std::nullopt;
    }
    r.plan.from = *from;
    r.plan.to = *to;
    const auto step = core::parse_duration(f.step);
    if (!step) {
        error = "Step: a length such as 1d, 6h or 1w";
        return std::nullopt;
    }
    r.plan.step = *step;
    r.plan.length = 0;
    if (!f.window.empty()) {
        const auto length = core::parse_duration(f.window);
        if (!length) {
            error = "Window: a length such as 7d, or empty for one step";
            return std::nullopt;
        }
        r.plan.length = *length;
    }
    r.plan.mode = static_cast<core::TimeMode>(std::clamp(f.mode, 0, 2));
    r.title = f.title;
    r.legend = f.legend;
    double hold = 0;
    if (!f.hold.empty() &&
        (std::sscanf(f.hold.c_str(), "%lf%c", &hold, &rest) != 1 || !(hold >= 0 && hold <= 3600))) {
        error = "Hold last: seconds from 0 to 3600";
        return std::nullopt;
    }
    r.hold_last_s = hold;
    return r;
}

std::string frames_summary(const core::PlaybackRequest& r) {
    const std::size_t frames = core::frame_count(r.plan);
    const bool video = playback_format_of(r.output).value_or(PlaybackFormat::Png) !=
                       PlaybackFormat::Png;
    const std::size_t total =
        frames + (video ? static_cast<std::size_t>(std::lround(r.hold_last_s * r.fps)) : 0);
    char text[128];
    std::snprintf(text, sizeof text, "%zu frame%s · %.1f s at %d fps", total,
                  total == 1 ? "" : "s", static_cast<double>(total) / std::max(1, r.fps), r.fps);
    return text;
}

void PlaybackDialog::open(const core::PlaybackRequest& defaults) {
    m_base = defaults;
    const PlaybackFields f = fields_of(defaults);
    if (!m_open || m_path[0] == '\0') { // reopened: keep what was typed, but the view is new
        copy_text(m_path, f.path);
        copy_text(m_size, f.size);
        copy_text(m_fps, f.fps);
        copy_text(m_from, f.from);
        copy_text(m_to, f.to);
        copy_text(m_step, f.step);
        copy_text(m_window, f.window);
        copy_text(m_title, f.title);
        copy_text(m_hold, f.hold);
        m_fields = f;
    }
    m_open = true;
    m_focus = true;
}

void PlaybackDialog::draw(const core::PlaybackProgress& progress, core::Commands& c) {
    if (progress.finished != m_finished_seen) {
        m_finished_seen = progress.finished;
        m_result = progress.result;
    }
    if (!m_open)
        return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f,
                                   vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (m_focus)
        ImGui::SetNextWindowFocus();
    bool open = true;
    if (!ImGui::Begin("Export playback", &open,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    bool go = false;
    const bool running = progress.running;
    ImGui::BeginDisabled(running);
    // The format follows the extension; these set it.
    const auto format = playback_format_of(m_path);
    const std::pair<const char*, PlaybackFormat> formats[] = {
        {"MP4 (H.264)", PlaybackFormat::Mp4}, {"WebM (VP9)", PlaybackFormat::WebM},
        {"GIF", PlaybackFormat::Gif}, {"PNG frames", PlaybackFormat::Png}};
    for (const auto& [label, f] : formats) {
        if (ImGui::RadioButton(label, format == f))
            copy_text(m_path, with_format(m_path, f));
        ImGui::SameLine();
    }
    ImGui::NewLine();
    if (m_focus) {
        ImGui::SetKeyboardFocusHere(0); // the File field (the next tab stop)
        m_focus = false;
    }
    go |= field("File", m_path, sizeof m_path, -1.0f,
                ".mp4, .webm or .gif; a folder (no extension) for numbered PNG frames");
    go |= field("Size", m_size, sizeof m_size, 120.0f, "Width x height in pixels");
    go |= field("Frames/s", m_fps, sizeof m_fps, 120.0f,
                "Frames per second (from the timeline's speed: a step per 1/fps s)");
    go |= field("From", m_from, sizeof m_from, 200.0f, "The first frame's start (UTC)");
    go |= field("To", m_to, sizeof m_to, 200.0f, "The end (exclusive): the last frame starts before it");
    go |= field("Step", m_step, sizeof m_step, 120.0f, "Time between frames: 1d, 6h, 1w, 30m");
    go |= field("Window", m_window, sizeof m_window, 120.0f,
                "Each frame's window length (empty: one step)");
    go |= field("Title", m_title, sizeof m_title, -1.0f, "Text before each frame's date caption");
    go |= field("Hold last", m_hold, sizeof m_hold, 120.0f,
                "Seconds the last frame stays (videos and GIFs)");
    ImGui::TextUnformatted("Mode");
    ImGui::SameLine(scaled(110));
    ImGui::SetNextItemWidth(scaled(160));
    const char* modes[] = {"window", "cumulative", "fade"};
    ImGui::Combo("##mode", &m_fields.mode, modes, 3);
    ImGui::SameLine();
    ImGui::Checkbox("Legend, caption, scale bar", &m_fields.legend);
    ImGui::EndDisabled();

    m_fields.path = m_path;
    m_fields.size = m_size;
    m_fields.fps = m_fps;
    m_fields.from = m_from;
    m_fields.to = m_to;
    m_fields.step = m_step;
    m_fields.window = m_window;
    m_fields.title = m_title;
    m_fields.hold = m_hold;
    std::string error;
    const auto request = request_of(m_fields, m_base, error);
    ImGui::Separator();
    if (request)
        ImGui::Text("%s", frames_summary(*request).c_str());
    else
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1.0f), "%s", error.c_str());

    const bool esc = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (running) {
        const float done = progress.total > 0 ? static_cast<float>(progress.done) /
                                                    static_cast<float>(progress.total)
                                              : 0.0f;
        char overlay[64];
        std::snprintf(overlay, sizeof overlay, "%zu / %zu frames", progress.done, progress.total);
        ImGui::ProgressBar(done, ImVec2(-1.0f, 0.0f), overlay);
        if (ImGui::Button("Cancel") || esc)
            c.cancel_playback = true;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Stop; nothing is written (Esc)");
    } else {
        if (!m_result.empty())
            ImGui::TextWrapped("%s", m_result.c_str());
        ImGui::BeginDisabled(!request);
        go = ImGui::Button("Export") || go;
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Close") || esc)
            open = false;
        if (go && request) {
            c.export_playback = *request;
            m_result.clear();
        }
    }
    ImGui::End();
    if (!open) {
        if (running)
            c.cancel_playback = true; // closing the dialog stops the export
        m_open = false;
    }
}

} // namespace incimap::ui
