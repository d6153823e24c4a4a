#pragma once
// File ▸ Export playback… (issue 18): a dialog that is not modal (the map stays usable while
// an export runs). Its fields start from the engine's defaults (the view, time window, mode,
// step and speed; core::PlaybackRequest) and are edited as text; Export sends the request as
// a command; while the engine renders, a progress bar and Cancel (or Esc) are shown. The
// export itself and its progress belong to the engine (scene/playback_export.hpp): the dialog
// holds only its text fields.

#include "core/app_state.hpp"
#include "core/playback_request.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace incimap::ui {

// The dialog's fields as typed.
struct PlaybackFields {
    std::string path;   // OUT: its extension picks the format (a folder for PNG frames)
    std::string size;   // "1280x800"
    std::string fps;
    std::string from, to; // ISO dates or datetimes (UTC), `to` exclusive
    std::string step;     // 1d, 6h, …
    std::string window;   // the window's length; "" = one step
    std::string title;
    std::string hold;     // seconds the last frame stays
    int mode = 0;         // core::TimeMode
    bool legend = true;
};

enum class PlaybackFormat { Mp4, WebM, Gif, Png };
// By the path's extension (none: PNG frames into a folder); nullopt for an unknown one.
std::optional<PlaybackFormat> playback_format_of(const std::string& path);
// `path` with the extension of `format` (PNG frames: the extension dropped, a folder).
std::string with_format(const std::string& path, PlaybackFormat format);

PlaybackFields fields_of(const core::PlaybackRequest& request);
// The request the fields say (the view and what has no field taken from `base`), or nullopt
// and a one-line error naming the field.
std::optional<core::PlaybackRequest> request_of(const PlaybackFields& fields,
                                                const core::PlaybackRequest& base,
                                                std::string& error);
// "12 frames · 1.2 s at 10 fps" for a request.
std::string frames_summary(const core::PlaybackRequest& request);

class PlaybackDialog {
public:
    void open(const core::PlaybackRequest& defaults);
    bool is_open() const { return m_open; }
    // Draws the dialog while open; `progress` is the engine's.
    void draw(const core::PlaybackProgress& progress, core::Commands& c);

private:
    bool m_open = false, m_focus = false;
    core::PlaybackRequest m_base;
    PlaybackFields m_fields;
    char m_path[1024] = "", m_size[32] = "", m_fps[16] = "", m_from[40] = "", m_to[40] = "",
         m_step[24] = "", m_window[24] = "", m_title[200] = "", m_hold[16] = "";
    std::uint64_t m_finished_seen = 0; // progress.finished when the dialog last looked
    std::string m_result;              // the last export's outcome, shown until the next
};

} // namespace incimap::ui
