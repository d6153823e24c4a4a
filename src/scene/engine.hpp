#pragma once
// The engine: what the user sees, as one state (core::AppState), changed through one door.
// Every change — keys, menus, panels, the timeline, pointer gestures, session restore — is a
// core::Commands applied by apply(); every change that time makes — playback, eased zoom of
// the map and the timeline, a finished load, filter or list, a PostGIS re-fetch — happens in
// update(). The host (the GLFW window, or a test) only turns its events into commands, asks
// for the views below, and draws. Owns the scene, the loader, the remote query and the
// session file. Knows nothing of windows or UI toolkits.

#include "core/app_state.hpp"
#include "core/flight.hpp"
#include "core/gazetteer.hpp"
#include "core/map_controller.hpp"
#include "geo/layer_list.hpp"
#include "geo/reader.hpp"
#include "render/map_renderer.hpp"
#include "scene/history.hpp"
#include "scene/live_files.hpp"
#include "scene/loader.hpp"
#include "scene/map_scene.hpp"
#include "scene/playback_export.hpp"
#include "scene/remote_query.hpp"
#include "scene/session.hpp"

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::scene {

inline constexpr std::size_t kSearchDebounceAbove = 100000; // incidents
inline constexpr double kSearchDebounce_s = 0.3;
inline constexpr core::UnixMs kDefaultWindowLength = 7 * core::kMsPerDay;

struct EngineOptions {
    geo::ReadOptions read;
    std::string session_path; // --session: loaded at start, written within a second of a change
    std::string assets_dir = find_assets_dir();
};

class Engine {
public:
    explicit Engine(EngineOptions options);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Loads the session (if its file exists) and lists the sources: `files`, else the
    // session's, else the bundled sample. Without a session, reopening the same files restores
    // their last view. Reading starts at the next update().
    void start(std::vector<std::string> files);
    // The host's window size to open with: the session's, else the last one, else 1280×800.
    std::pair<int, int> initial_window_size() const; // logical px (HiDPI: × the content scale)
    std::pair<int, int> logical_window_size() const;

    // The one door: applies a batch of commands to the state.
    void apply(const core::Commands& c);
    // Time-driven change, `dt_s` since the last call, `now_s` on a steady clock.
    void update(double dt_s, double now_s);
    // At exit, first: cancels the reads and fetches, so that the grace a stuck one gets
    // (kDetachAfter) runs while the host cleans up, not after it.
    void cancel_work();
    // At exit: the session, the last view of these files and the window size.
    void finish();

    const core::AppState& state() const { return m_state; }
    const History& history() const { return m_history; } // Edit ▸ Undo / Redo
    const MapScene& scene() const { return m_scene; }
    const core::Camera& camera() const { return m_state.camera; }

    // Brings `renderer` up to date (data, basemap, heat, cluster badges) before a draw.
    void sync(render::MapRenderer& renderer);
    // Drawn incidents under a point of the map, topmost first.
    std::vector<int> pick(core::ScreenPx at) const;
    // The legend with counts, scale and caption for the view and window.
    const render::Overlay& overlay();
    // The side panel's list: drawn indices in view and window, in the list's order.
    const std::vector<int>& listed() const { return m_listed; }

    // For the side panel and the status bar.
    bool loading() const { return m_loader.busy(); }
    float load_progress() const { return m_loader.progress(); }
    std::string loading_name() const; // what is being read or prepared
    // A database being read that has said nothing yet: still connecting (a server that
    // accepts and never answers stays here until Cancel, or libpq's connect_timeout).
    bool connecting() const;
    bool fetching() const { return m_remote.busy(); } // a PostGIS region for the view
    std::string status_message() const;
    std::string title() const; // "incimap — file + 2 more"

    // For the host's event wait and its READY line.
    bool moving() const; // playing or easing: draw every frame
    bool reading() const { return m_loader.busy() || m_scene.preparing(); }
    bool waiting() const; // a worker runs or a search waits: look again soon
    bool ready() const;   // every listed source read, prepared, filtered and listed
    // A dialog asked for since the last call (menus and keys), and Quit.
    std::optional<core::Dialog> take_dialog();
    bool quit_requested() const { return m_quit; }
    // Writes the session now if it changed (`force`: even if not) — the host calls it once the
    // first files are on screen; update() writes within a second of any change.
    void write_session(bool force);

    // Analyst's toolkit (issue 17): the gazetteer (read on first use) and where the
    // bookmarks file is (default: the XDG config folder's bookmarks.json).
    const core::Gazetteer& gazetteer();
    void set_bookmarks_file(std::string path) { m_bookmarks_path = std::move(path); }
    // Compare two periods: the legend and counts of window B (empty without one).
    const render::Overlay& compare_overlay() { refresh_list(); return m_compare_overlay; }
    // Measuring (engine_measure.cpp): "path 827.8 km (514.4 mi) · area …" for the status bar,
    // and the numbers to write on the map beside the path's end and each ring.
    std::string measure_summary() const;
    std::vector<std::pair<core::LonLat, std::string>> measure_labels() const;

    // Export playback (issue 18), engine_playback.cpp: the next frame of a running export,
    // drawn with `renderer` (the window's, after its own frame; its GL context current), and
    // the dialog's defaults (the view at the map's size in px, the window's length, step,
    // mode and speed, the data's range).
    void export_frame(render::MapRenderer& renderer);
    core::PlaybackRequest playback_defaults(float pixel_ratio) const;

private:
    void prepare_basemap_ahead(const std::vector<std::string>& files);
    void mark_changed();
    void apply_commands(const core::Commands& c); // apply() without recording for undo
    void restore(const Undoable& state);
    int detected_field(std::size_t layer, bool colour) const;
    void apply_view(const core::Commands& c);
    void apply_time(const core::Commands& c);
    void apply_basemap(const core::Commands& c); // issue 16 (engine_basemap.cpp)
    void apply_data(const core::Commands& c);
    void select(int drawn_index);
    void click(core::ScreenPx at);
    void fit_data();
    void set_camera(const core::Camera& camera);
    void ensure_window_set();
    void step_window(int direction);
    bool at_end() const;
    void restart_window();
    void reset_timeline_view(bool at_once = false);
    void follow_window();
    void send_filters();
    void after_filter_change();
    void advance_playback(double dt_s);
    void ease_timeline(double dt_s);
    void poll_workers();
    void on_loaded(geo::ReadResult result);
    void on_layer_added();
    void on_refetched(RemoteQuery::Fetched fetched);
    void refresh_list();
    void refresh_clusters(); // the badges, when the view, window or data changed
    void remember_recent(const std::string& path) const;
    Session current_session() const;
    std::vector<core::Commands> restore_commands(const Session& s) const;

    EngineOptions m_options;
    core::AppState m_state;
    History m_history;        // undo and redo
    bool m_recording = true;  // off while a session or an undo is applied
    MapScene m_scene;
    core::MapController m_ctl;
    BackgroundLoader m_loader;
    RemoteQuery m_remote; // PostGIS layers over budget: re-fetched as the view moves
    // A loaded layer being prepared by the scene (MapScene::add_layer_async).
    struct Adding {
        bool first = false;                      // the first layer: fit the view to it
        std::optional<geo::QueryRegion> fetched; // a PostGIS region fetch
    };
    std::optional<Adding> m_adding;
    std::size_t m_initial_sources = 0, m_finished_sources = 0;
    std::vector<std::string> m_held_sources; // a session's databases, until network is allowed
    // The session: restored once the first sources are in, then written on change.
    std::optional<Session> m_session;
    bool m_session_applied = false, m_session_dirty = false;
    double m_now = 0, m_written_at = -10;
    // A search typed over a big table reaches the scene once typing pauses.
    bool m_filters_pending = false;
    double m_filters_asked_at = 0;
    // The timeline's zoom eases toward this range.
    std::pair<core::UnixMs, core::UnixMs> m_view_target{0, 0};
    // Views derived from the state, recomputed when the view, window or data change.
    bool m_list_dirty = true, m_clusters_dirty = true;
    render::Overlay m_overlay;
    std::vector<int> m_listed;
    std::vector<render::ClusterBadge> m_clusters;
    std::string m_basemap_error;
    std::optional<core::Dialog> m_dialog;
    bool m_quit = false;

    // Analyst's toolkit (issue 17), engine_toolkit.cpp: search, flights, bookmarks.
    void apply_toolkit(const core::Commands& c);
    void apply_compare(const core::Commands& c);
    bool update_flight(double dt_s); // true while a flight moves the camera
    void find(const std::string& text);
    void load_bookmarks_file(); // at start: the file's bookmarks, then the session's
    void save_bookmarks_file();
    std::optional<core::Gazetteer> m_gazetteer;
    core::Flight m_flight;
    std::string m_bookmarks_path;
    render::Overlay m_compare_overlay;
    void apply_measure(const core::Commands& c);
    bool measure_click(core::ScreenPx at); // true: the click was the measuring tool's
    void sync_measure(render::MapRenderer& renderer);
    bool m_measure_dirty = true;
    std::string m_measure_projection;

    // Follow a live file (issue 17, item 6), engine_live.cpp: the loaded files are watched and
    // a changed one read again on a worker; its layer is swapped in with the view, the time
    // window, the selection (by feature id or number), filters and styles kept.
    void apply_live(const core::Commands& c);
    void update_live();                        // after poll_workers(), each update
    void start_reload();                       // the next queued file, when the worker is free
    void swap_in_reload();                     // a finished read, when the scene's worker is
    void on_layer_reloaded(std::size_t layer); // the new table is on the map
    void set_live_note(const std::string& path, std::string note);
    void move_window_to_newest();
    // p17k: undo survives a reload; a file changed during its first read is read again.
    void note_first_read(const std::string& path); // before the loader reads `path`
    void take_history_keys();                      // the old table's keys of undo's selections
    void keep_history_over_reload(std::size_t layer);
    LiveFiles m_live;
    // Issue 20 (panels), engine_layers.cpp: remove, reorder, rename and zoom to a layer; the
    // layers' ids and names in the state; removed layers kept for undo.
    void apply_layers(const core::Commands& c);
    void set_layer_order(const std::vector<std::uint64_t>& ids);
    void sync_layer_state(); // after a layer was added
    void say(core::MessageKind kind, std::string text);
    // A message the engine sets without say() is a warning (load errors, refusals).
    struct MessageWatch {
        std::string text;
        bool nested = false;
    };
    MessageWatch watch_message();
    void settle_message(const MessageWatch& watch);
    bool m_message_said = false, m_watching = false;
    struct RemovedLayer {
        std::uint64_t id = 0;
        Layer layer;
        core::LayerStyle style;
        bool hidden = false;
        std::string name;
    };
    std::vector<RemovedLayer> m_removed_layers; // until the history forgets them

public:
    // Issue 20 (panels): the cluster badge within its radius of `at` (map px): its count by
    // category, most first; empty when there is none.
    std::vector<std::pair<std::string, std::size_t>> cluster_split_at(core::ScreenPx at);
    // Layer choice (issue 15), engine_layer_choice.cpp: File > Open lists a source's layers first and
    // asks (state.layer_choice) when several hold points.
public:
    bool listing_layers() const; // a source's layers being listed, or waiting to be
    // Sources read (or failed) so far: the host says READY again when this grows.
    std::size_t loads_finished() const { return m_finished_sources; }

private:
    void apply_layer_choice(const core::Commands& c);
    void poll_layer_listing();
    void list_next_source();
    void open_source(const std::string& path, std::vector<std::string> layers);
    std::vector<std::string> chosen_layers(const std::string& source) const; // none: as detected
    Worker<geo::LayerListing> m_lister;
    std::deque<std::string> m_asking; // File > Open's sources, listed one at a time
    std::string m_listing;            // the source being listed
    // Focus on an area (issue 17, item 4), engine_area.cpp.
public:
    // "within Iraq", "drawing an area: 3 corner(s)…" for the status bar; "" when none.
    std::string area_summary() const;
    // The basemap's country names (Area ▸ Country), read on first use.
    const std::vector<std::string>& country_names();
private:
    void apply_area(const core::Commands& c);
    void set_area_filter(core::SharedArea area); // through set_filters (undo, worker, session)
    bool area_click(core::ScreenPx at);          // true: the click was a corner of the draft
    void sync_area(render::MapRenderer& renderer);
    void note_area_counts(); // the session rewritten when the area's count changes
    std::size_t m_area_shown_written = 0;
    bool m_area_dirty = true;
    core::SharedArea m_area_synced; // the outline the renderer holds
    std::string m_area_projection;
    std::optional<std::vector<std::string>> m_country_names;
    // Timeline, durations and session (issue 20), engine_timeline.cpp: a layer read again with
    // the time and end fields chosen in its panel; fade mode's trail.
    void apply_timeline(const core::Commands& c);
    void request_retime(std::size_t layer);
    void poll_retime();
    core::TimeFields read_time_fields(std::size_t layer) const; // as first read
    std::vector<core::TimeFields> m_read_time_fields;
    Worker<std::pair<std::size_t, geo::ReadResult>> m_retime_job;
    // Export playback (issue 18), engine_playback.cpp.
    void apply_playback(const core::Commands& c);
    void publish_playback(); // the job's progress into m_state.playback
    PlaybackExport m_playback;
    std::optional<core::PlaybackRequest> m_playback_pending; // started at the next frame
};

} // namespace incimap::scene
