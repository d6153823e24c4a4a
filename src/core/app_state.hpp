#pragma once
// The interactive application's state, and the commands that change it. Panels, keys, menus
// and pointer gestures read the state and fill a Commands; the engine (scene/engine.hpp) is
// the one reducer that applies them, and its update(dt) the one place where time changes the
// state (playback, eased zoom). This keeps the UI thin, and the session file and e2e tests
// simple: the state is all there is.

#include "core/bookmark.hpp"
#include "core/camera.hpp"
#include "core/filters.hpp"
#include "core/geometry.hpp"
#include "core/incident_list.hpp"
#include "core/layer_choice.hpp"
#include "core/measure.hpp"
#include "core/panel_state.hpp"
#include "core/playback_request.hpp"
#include "core/search_hit.hpp"
#include "core/time.hpp"
#include "core/time_fields.hpp"
#include "core/time_window.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::core {

// Where the map sits in the host's window, in logical px (origin: the window's top left).
struct MapRect {
    float x = 0, y = 0, w = 1, h = 1;
    bool contains(double px, double py) const {
        return px >= x && px < x + w && py >= y && py < y + h;
    }
    friend bool operator==(const MapRect&, const MapRect&) = default;
};

// A layer coloured or sized by a field the user chose (nullopt: as detected; −1: none).
struct LayerStyle {
    std::optional<int> colour_field;
    std::optional<int> size_field;
    // Issue 20: the time and end fields chosen in the layer's panel (nullopt: as detected).
    std::optional<TimeFields> time_fields;
    friend bool operator==(const LayerStyle&, const LayerStyle&) = default;
};

// View ▸ Theme. System follows the desktop where it can be told (GTK_THEME ending in ":dark";
// GLFW 3.3 itself cannot tell), else light.
enum class ThemeChoice : std::uint8_t { Light, Dark, System };

// A dialog the host opens (menus and keys ask for it; the host owns the dialog's own text).
enum class Dialog { None, Open, ExportIncidents, ExportMapPng, ExportPlayback /* issue 18 */ };

struct AppState {
    // What the session file records (scene/session.hpp).
    std::vector<std::string> sources;  // every source the user listed, loaded or not yet
    Camera camera;                     // the map's view; its viewport is map.w × map.h
    int window_w = 0, window_h = 0;    // the host's window, in its screen coordinates
    float content_scale = 1;           // the monitor's (HiDPI): the saved size is window / this
    MapRect map;                       // the map inside it
    TimeWindow window;                 // what the map shows
    bool playing = false;              // the window advances by speed × elapsed time
    double speed_days_per_s = 1.0;     // playback rate
    bool loop = false;                 // playback restarts at the first day after the last
    Filters filters;                   // as asked (a search being typed reaches the map later)
    int selected = -1;                 // index into the drawn incidents, −1 for none
    std::vector<LayerStyle> styles;    // per loaded layer: colour and size by
    bool heat = false;                 // a heat map of the window's incidents, not markers

    // The rest of what the user sees.
    UnixMs step_ms = 0;                // ← → step; 0: the window's length (the default)
    UnixMs view_from = 0, view_to = 0; // the timeline's visible range (eases to its target)
    std::vector<int> stack;            // incidents at the selected spot (for "3 of 14")
    int stack_pos = 0;
    ListOrder list_order;              // the side panel's list: by date, category or size
    std::string message;               // last error or notice for the status bar
    bool allow_network = false;        // File ▸ Allow network access (off at every start)
    ThemeChoice theme = ThemeChoice::Light; // kept in the config folder, not the session
    // Basemaps (issue 16): View ▸ Basemap. "offline", "none" or a raster file (GeoTIFF,
    // MBTiles); the file's opacity and its quiet look (greyscale, dimmed). In the session.
    std::string basemap = "offline";
    double basemap_opacity = 1.0;
    bool basemap_quiet = false;

    // Analyst's toolkit (issue 17): place search, bookmarks, compare two periods.
    bool search_open = false;           // the search box (Ctrl+F or /)
    std::string find_text;              // what it holds (not the incidents' filter)
    std::vector<SearchHit> search_hits; // places, then incidents, best first
    std::vector<Bookmark> bookmarks;    // named views: keys 1–9 recall the first nine
    std::optional<TimeWindow> compare;  // window B beside `window` (A): open rings on the map
    Measure measure;                    // path, area and range rings (M, R)

    // Follow a live file (issue 17, item 6): a loaded file that changes on disk is read again
    // in the background, the view, window, selection and filters kept. In the session.
    bool watch_files = true;    // File > Watch files for changes
    bool follow_newest = false; // Time > Follow newest: the window moves to the newest incident
    // Per source that shows its last good state: why ("the file is gone", …); else absent.
    std::vector<std::pair<std::string, std::string>> live_notes;
    // Issue 20, the panels: each loaded layer's id (kept through reorder, remove and undo) and
    // the name the user gave it ("" = the file's), by layer; the list's columns; the kind of
    // `message` (the status bar's colour).
    std::vector<std::uint64_t> layer_ids;
    std::vector<std::string> layer_names;
    std::vector<ListColumn> list_columns = default_list_columns();
    MessageKind message_kind = MessageKind::Info;
    // Layer choice (issue 15): File > Open of a source with several point layers asks which
    // to read (core/layer_choice.hpp); the answer per source is kept in the session.
    std::optional<LayerChoice> layer_choice; // the question the layer dialog shows now
    std::vector<SourceLayers> source_layers; // the layers chosen per source (else as detected)
    // Focus on an area (issue 17, item 4). The area itself is filters.area (undone, saved and
    // exported with the other filters); this is the polygon being drawn (A, clicks, Enter).
    bool area_drawing = false;
    std::vector<LonLat> area_draft;
    // Timeline, durations and session (issue 20).
    UnixMs fade_ms = 0;     // fade mode: how long an incident stays, fading, after it leaves
    bool retiming = false;  // a layer being read again with new time fields
    // Export playback (issue 18): the export the engine runs, and how far it has got.
    PlaybackProgress playback;
};

struct Commands {
    // Time.
    std::optional<TimeWindow> set_window;
    std::optional<std::pair<UnixMs, UnixMs>> set_view; // timeline zoom/pan, at once
    std::optional<std::pair<UnixMs, double>> zoom_timeline; // about a time, by a factor; eased
    std::optional<bool> set_playing;
    std::optional<double> set_speed;
    std::optional<bool> set_loop;
    std::optional<TimeMode> set_mode;
    int step_window = 0;            // ±1: move the window by one step
    std::optional<UnixMs> set_window_length; // keeps the start (all dates: from the first day)
    std::optional<UnixMs> set_step;          // ← → step; 0: the window's length
    // The map view (pointer and keys: logical px in the map).
    std::optional<ScreenPx> pan_px;                      // drag by this much
    std::optional<std::pair<ScreenPx, double>> scroll;   // wheel notches about a point; eased
    std::optional<std::pair<ScreenPx, double>> zoom_at;  // zoom levels about a point; eased
    std::optional<double> zoom_centre;                   // zoom levels about the map's centre
    std::optional<ScreenPx> click_at;                    // a cluster zooms in, else select
    std::optional<std::pair<LonLat, double>> set_centre_zoom; // session restore
    std::optional<std::string> set_projection;                // session restore
    bool fit_data = false;
    bool reset_view = false;        // fit the data, all dates, playback stopped (Home)
    std::optional<int> fly_to;      // drawn index to centre on
    // Selection.
    std::optional<int> select;      // −1 clears
    std::optional<std::pair<std::string, std::int64_t>> select_feature; // file, feature order
    int step_stack = 0;             // ±1: next/previous incident at the same spot
    // The host's window and the map in it (a resize).
    std::optional<std::pair<std::pair<int, int>, MapRect>> set_layout;
    std::optional<float> set_content_scale;                // the window moved to a HiDPI monitor
    // Sources, filters and style.
    std::vector<std::string> open_files;
    bool cancel_load = false;
    std::optional<Filters> set_filters;
    std::optional<std::pair<std::size_t, int>> colour_by; // layer, field (−1 none)
    std::optional<std::pair<std::size_t, int>> size_by;   // layer, field (−1 none)
    std::optional<bool> set_heat;                          // heat map on or off
    std::optional<ListOrder> list_order;                   // a list column header clicked
    std::optional<bool> allow_network;                     // File > Allow network access
    std::optional<ThemeChoice> set_theme;                  // View > Theme
    // Undo and redo (Edit menu, Ctrl+Z / Ctrl+Shift+Z): scene/history.hpp says what is covered.
    bool undo = false;
    bool redo = false;
    // Basemaps (issue 16).
    std::optional<std::string> set_basemap;       // "offline", "none" or a raster file
    std::optional<double> set_basemap_opacity;    // 0…1
    std::optional<bool> set_basemap_quiet;
    // The host.
    std::optional<Dialog> open_dialog;
    std::optional<std::string> message;                    // for the status bar
    bool quit = false;

    // Analyst's toolkit (issue 17): place search, bookmarks, compare two periods.
    std::optional<bool> show_search;             // open (true) or close the search box
    std::optional<std::string> find;             // search places and incidents for this text
    std::optional<int> go_to_hit;                // fly to search_hits[i] (eased)
    std::optional<std::pair<LonLat, double>> fly_to_lonlat; // eased flight to a place, zoom
    std::optional<std::string> add_bookmark;     // the view as a bookmark ("" = "View N")
    std::optional<int> recall_bookmark;          // bookmarks[i]: camera (eased), window, filters
    std::optional<int> remove_bookmark;          // bookmarks[i]
    std::optional<std::optional<TimeWindow>> set_compare; // window B (nullopt inside: off)
    bool compare_before = false;                 // B = the same length just before A
    std::optional<MeasureMode> set_measure_mode; // Path (M), Rings (R) or Off
    std::optional<LonLat> measure_at;            // a point for the tool on (a map click)
    bool measure_cancel = false;                 // Esc: the tool off, the path dropped
    bool clear_rings = false;                    // the range rings removed
    std::optional<std::vector<double>> set_ring_radii_km;
    std::optional<std::vector<LonLat>> set_ring_centres; // session restore

    // Follow a live file (issue 17, item 6).
    std::optional<bool> set_watch_files;
    std::optional<bool> set_follow_newest; // on: the window moves to the newest incident now
    // Issue 20, the panels: layers (the side panel's context menu), list columns, message kind.
    std::optional<std::size_t> remove_layer;                    // layer index
    std::optional<std::pair<std::size_t, int>> move_layer;      // layer, −1 up / +1 down
    std::optional<std::pair<std::size_t, std::string>> rename_layer; // "" = the file's name
    std::optional<std::size_t> zoom_to_layer;                   // fit the camera to it
    std::optional<std::vector<std::uint64_t>> set_layer_order;  // by id (undo, redo)
    std::optional<std::vector<ListColumn>> set_list_columns;
    std::optional<MessageKind> message_kind;                    // of `message` (default Info)
    // Layer choice (issue 15).
    std::vector<std::string> open_asking;    // File > Open: asks which layers when several hold points
    std::optional<SourceLayers> open_layers; // the dialog's OK: read these layers of the source
    bool cancel_layer_choice = false;        // the dialog's Cancel: the source is not opened
    // Focus on an area (issue 17, item 4): draw a polygon, or pick a country of the basemap.
    std::optional<bool> area_draw;          // start drawing (true) or cancel the draft (false)
    std::optional<LonLat> area_vertex;      // a vertex for the draft (a map click while drawing)
    bool area_close = false;                // Enter, a double-click: the draft becomes the area
    std::optional<std::string> area_country;   // the basemap's country of this name
    std::optional<ScreenPx> area_country_at;   // the country under this map point (Alt+click)
    std::optional<SharedArea> set_area;        // an area as it is (session, tests; {} clears)
    bool clear_area = false;                   // Shift+A: incidents anywhere again
    // Timeline, durations and session (issue 20).
    std::optional<std::pair<std::size_t, TimeFields>> set_time_fields; // layer: read its times again
    std::optional<UnixMs> set_fade_length; // fade mode's trail after the window (0: none)
    // Export playback (issue 18): File > Export playback… starts one; Cancel stops it.
    std::optional<PlaybackRequest> export_playback;
    bool cancel_playback = false;
};

} // namespace incimap::core
