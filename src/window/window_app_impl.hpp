#pragma once
// The window application's pieces, shared by its source files (not a public header):
// window_app.cpp (window, frame loop), window_input.cpp (pointer and keys → camera and
// selection), window_ui.cpp (panels and commands), window_session.cpp (loading, session).

#include "scene/loader.hpp"
#include "scene/map_scene.hpp"
#include "scene/remote_query.hpp"
#include "scene/session.hpp"
#include "window/window_app.hpp"
#include "core/app_state.hpp"
#include "core/map_controller.hpp"
#include "core/time_index.hpp"
#include "render/map_renderer.hpp"
#include "ui/file_browser.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace incimap::window {
using namespace scene; // TEMP during the move


inline constexpr float kSideWidth = 340.0f;
inline constexpr std::size_t kSearchDebounceAbove = 100000; // incidents
inline constexpr float kTimelineHeight = 120.0f;
inline constexpr float kStatusHeight = 24.0f;
inline constexpr core::UnixMs kDefaultWindowLength = 7 * core::kMsPerDay;

struct MapRect {
    float x = 0, y = 0, w = 1, h = 1; // logical px, origin top-left of the window
    bool contains(double px, double py) const {
        return px >= x && px < x + w && py >= y && py < y + h;
    }
};

class WindowApp {
public:
    explicit WindowApp(const WindowOptions& options)
        : m_options(options), m_scene(find_assets_dir()),
          m_loader(with_remote_regions(options.read)) {
        m_scene.set_async_filters(true); // a filter change never stalls a frame
    }

    int run();

    // GLFW callbacks (installed before ImGui's, which chains to them).
    void on_cursor(double x, double y);
    void on_button(int button, int action, int mods);
    void on_scroll(double dy);
    void on_key(int key, int action, int mods);
    void on_drop(int count, const char** paths);

private:
    bool init_window(std::string& error);
    void frame(double dt);
    void apply_filters(core::Filters filters); // now, clearing any pending search
    void after_filter_change();
    void apply(const core::Commands& c);
    void on_loaded(geo::ReadResult result);
    void on_layer_added();
    void on_refetched(RemoteQuery::Fetched fetched); // a PostGIS layer's new region
    void layout();
    void draw_map();
    void draw_ui(core::Commands& c);
    void select(int drawn_index);
    void fit_data();
    void step_window(int direction);
    void ensure_window_set();
    void maybe_write_session(bool force);
    Session current_session() const;
    void apply_session_view();
    void update_title();
    void draw_export_dialog(); // File ▸ Export…: the file name box, then the export itself
    void mark_changed() { m_changed_at = m_now; m_session_dirty = true; }

    WindowOptions m_options;
    GLFWwindow* m_window = nullptr;
    MapScene m_scene;
    render::MapRenderer m_renderer;
    core::MapController m_ctl;
    core::AppState m_state;
    // A loaded layer being prepared by the scene (MapScene::add_layer_async): what
    // on_layer_added needs to finish adding it.
    struct Adding {
        bool first = false; // the first layer: fit the view to it
        std::optional<geo::QueryRegion> fetched; // a PostGIS region fetch
    };
    std::optional<Adding> m_adding;
    BackgroundLoader m_loader;
    RemoteQuery m_remote; // PostGIS layers over budget: re-fetched as the view moves
    MapRect m_map;
    std::optional<Session> m_session; // loaded at start, applied once files are in
    bool m_session_applied = false;
    bool m_session_dirty = false;
    double m_now = 0, m_changed_at = 0, m_written_at = -10;
    double m_cursor_x = 0, m_cursor_y = 0;
    bool m_pressed = false, m_dragging = false;
    double m_press_x = 0, m_press_y = 0, m_last_click = -10;
    double m_last_click_x = 0, m_last_click_y = 0;
    int m_hover = -1;
    double m_hover_x = -1, m_hover_y = -1;
    render::Overlay m_overlay; // legend counts and scale for the current view and window
    bool m_ready_written = false;
    std::size_t m_initial_files = 0, m_loaded_files = 0;
    float m_frame_ms = 0;
    std::string m_basemap_error;
    std::vector<int> m_listed; // the side panel's list, as last computed (MapScene::request_list)
    std::optional<core::Filters> m_pending_filters; // a search still being typed
    double m_pending_since = 0;
    bool m_listed_dirty = true;
    std::vector<render::ClusterBadge> m_clusters;
    ui::FileBrowser m_browser;
    bool m_open_browser = false;
    bool m_clusters_dirty = true;
    // File ▸ Export (window_export_dialog.cpp): what the dialog exports, and its file name.
    enum class ExportKind { None, Incidents, MapPng };
    ExportKind m_export_request = ExportKind::None; // menu or keys: open the dialog
    ExportKind m_export_kind = ExportKind::None;    // what the open dialog exports
    char m_export_path[1024] = "";
    std::string m_export_dir;   // the folder last exported to ("" = the working directory)
    std::string m_export_error; // shown in the dialog, which stays open
    std::size_t m_export_count = 0; // incidents the open dialog would write
};

} // namespace incimap::window
