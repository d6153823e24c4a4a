#pragma once
// The window as a host of the engine: GLFW (events → gestures and commands), the ImGui frame
// (menus and panels read the state and fill commands) and drawing. Every change of what the
// user sees goes through scene::Engine::apply or happens in its update(); this class holds
// only the window, the renderer and what its widgets need between frames.
//
// Files: window_host.cpp (window, frame loop, layout, drawing), input.cpp (GLFW callbacks),
// menus.cpp (the menu bar), panels.cpp (side panel, timeline, status bar, hover tooltip),
// export_dialog.cpp, keymap.cpp, pointer.cpp, fonts.cpp.

#include "core/app_state.hpp"
#include "render/map_renderer.hpp"
#include "scene/engine.hpp"
#include "ui/bookmarks_panel.hpp"
#include "ui/compare_panel.hpp"
#include "ui/file_browser.hpp"
#include "ui/layer_dialog.hpp"
#include "ui/playback_dialog.hpp"
#include "ui/search_box.hpp"
#include "ui/side_panel.hpp"
#include "ui/timeline.hpp"
#include "window/basemap_menu.hpp"
#include "window/export_dialog.hpp"
#include "window/key_taps.hpp"
#include "window/pointer.hpp"
#include "window/window_app.hpp"

#include <string>

struct GLFWwindow;

namespace incimap::window {

inline constexpr float kSideWidth = 340.0f;
inline constexpr float kTimelineHeight = 120.0f;
inline constexpr float kStatusHeight = 24.0f;
// HiDPI (issue 20): the panels' sizes at a content scale (the window's px are device px on X11).
struct PanelSizes {
    float side, timeline, status;
};
inline PanelSizes panel_sizes(float content_scale) {
    const float k = content_scale > 0 ? content_scale : 1.0f;
    return {kSideWidth * k, kTimelineHeight * k, kStatusHeight * k};
}

class WindowHost {
public:
    explicit WindowHost(const WindowOptions& options);
    int run();

    // GLFW callbacks (installed before ImGui's, which chains to them): each becomes commands.
    void on_cursor(double x, double y);
    void on_button(int button, int action, int mods);
    void on_scroll(double dy);
    void on_key(int key, int action, int mods);
    void on_drop(int count, const char** paths);

private:
    bool init_window(std::string& error);
    void frame(double dt);
    core::Commands layout() const; // the window's size and the map's rectangle, if changed
    void update_hover();
    void draw_map();
    void apply_theme();
    void draw_menus(core::Commands& c);
    void draw_panels(core::Commands& c);
    void open_dialogs(core::Commands& c);
    float pixel_ratio() const; // framebuffer px per logical px

    WindowOptions m_options;
    GLFWwindow* m_window = nullptr;
    scene::Engine m_engine;
    render::MapRenderer m_renderer;
    Pointer m_pointer;
    KeyTaps m_key_taps; // releases held back for ImGui until it has seen the key down
    ui::TimelineController m_timeline;
    ui::FileBrowser m_browser;
    ExportDialog m_export;
    struct Hover {
        int index = -1;          // the drawn incident under the pointer, −1 none
        double x = -1, y = -1;   // where it was picked
    } m_hover;
    double m_now = 0;            // seconds since start, steady
    float m_frame_ms = 0;
    bool m_ready_written = false;
    int m_dark_applied = -1;     // the theme the panels and map were last given (−1: none yet)
    std::string m_title;
    BasemapMenu m_basemap; // View > Basemap (issue 16)
    // Analyst's toolkit (issue 17).
    void draw_toolkit_menu(core::Commands& c); // menus.cpp: Bookmarks
    void draw_area_menu(core::Commands& c);    // area_menu.cpp: focus on an area (issue 17)
    std::string m_country_filter;              // Area ▸ Country: the names typed so far
    ui::CompareView compare_view();            // panels.cpp: counts of windows A and B
    ui::SearchBox m_search;
    ui::BookmarksPanel m_bookmarks;
    ui::ComparePanel m_compare; // issue 17: window B's counts and dates
    // Issue 20 (panels), panel_view.cpp: what the side panel's layers, legends and list need.
    void fill_panel_view(ui::PanelView& view, const render::Overlay& overlay) const;
    // Layer choice (issue 15): File > Open's layer dialog; the --ready-file says when it asks
    // ("ASK layers PATH") and, with the count, each time a later load is on screen.
    ui::LayerDialog m_layer_dialog;
    std::size_t m_ready_loads = 0; // engine.loads_finished() when READY was last written
    void write_ready_file();
    // Export playback (issue 18), playback_host.cpp.
    void export_playback_frame(); // the next frame of a running export, after the map's
    ui::PlaybackDialog m_playback;
    std::uint64_t m_playback_reported = 0; // exports ended and said on stdout
};

} // namespace incimap::window
