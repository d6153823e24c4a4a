// The reducer (apply) and the time-driven step (update) of the engine. Loading, the session
// and the derived views are in engine_sources.cpp and engine_session.cpp.

#include "scene/engine.hpp"

#include "scene/basemap_choice.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace incimap::scene {

Engine::Engine(EngineOptions options)
    : m_options(std::move(options)), m_scene(m_options.assets_dir),
      m_loader(with_remote_regions(m_options.read)) {
    m_scene.set_async_filters(true); // a filter change never stalls a frame
    m_scene.set_async_shapes(true);  // nor a polygon GEOS takes seconds to repair
    m_scene.set_async_basemap(true); // nor the offline basemap's triangles (issue 14)
    m_scene.raster().set_async(true); // nor a raster basemap's read (issue 16)
    m_state.allow_network = m_options.read.allow_network;
    m_state.theme = load_theme();
    m_state.camera = m_scene.make_camera(1000, 600);
    m_scene.fit_to_data(m_state.camera);
    m_ctl.reset(m_state.camera);
}

void Engine::mark_changed() { m_session_dirty = true; }

void Engine::apply(const core::Commands& c) {
    const MessageWatch watch = watch_message(); // issue 20: a message's kind
    if (c.undo || c.redo) {
        const Undoable now = undoable_of(m_state);
        if (auto back = c.undo ? m_history.undo(now) : m_history.redo(now))
            restore(*back);
        else
            say(core::MessageKind::Info, c.undo ? "Nothing to undo" : "Nothing to redo");
    }
    const Undoable before = undoable_of(m_state);
    apply_commands(c);
    if (m_recording)
        m_history.record(before, undoable_of(m_state), m_now);
    settle_message(watch);
}

// An earlier state put back by undo or redo, through the same commands (not recorded).
void Engine::restore(const Undoable& u) {
    // Issue 20 (panels): the layers first, as the filters and styles below are by their order.
    if (u.layer_ids != m_state.layer_ids) {
        const bool was = std::exchange(m_recording, false);
        set_layer_order(u.layer_ids);
        m_recording = was;
    }
    if (u.layer_ids == m_state.layer_ids && u.layer_names.size() == m_state.layer_names.size())
        m_state.layer_names = u.layer_names;
    core::Commands c;
    if (!(u.filters == m_state.filters))
        c.set_filters = u.filters;
    const auto& w = m_state.window;
    if (u.window.from != w.from || u.window.to != w.to || u.window.mode != w.mode ||
        u.window.show_undated != w.show_undated)
        c.set_window = u.window;
    if (u.step_ms != m_state.step_ms)
        c.set_step = u.step_ms;
    if (u.heat != m_state.heat)
        c.set_heat = u.heat;
    if (u.selected != m_state.selected)
        c.select = u.selected;
    if (u.fade_ms != m_state.fade_ms) // issue 20
        c.set_fade_length = u.fade_ms;
    // Issue 20: layers whose time fields differ, noted before the styles are copied whole.
    std::vector<std::pair<std::size_t, std::optional<core::TimeFields>>> retimed;
    for (std::size_t i = 0; i < u.styles.size() && i < m_state.styles.size(); ++i)
        if (u.styles[i].time_fields != m_state.styles[i].time_fields)
            retimed.emplace_back(i, m_state.styles[i].time_fields);
    const bool recording = std::exchange(m_recording, false);
    apply_commands(c);
    // Colour and size by: "as detected" is the field the reader chose.
    for (std::size_t i = 0; i < u.styles.size() && i < m_state.styles.size(); ++i) {
        core::Commands styled;
        if (u.styles[i].colour_field != m_state.styles[i].colour_field)
            styled.colour_by = std::pair{i, u.styles[i].colour_field.value_or(detected_field(i, true))};
        if (u.styles[i].size_field != m_state.styles[i].size_field)
            styled.size_by = std::pair{i, u.styles[i].size_field.value_or(detected_field(i, false))};
        if (styled.colour_by || styled.size_by) {
            apply_commands(styled);
            m_state.styles[i] = u.styles[i];
        }
    }
    // Issue 20: the time fields (as read: the fields the reader chose), read again.
    for (const auto& [i, now] : retimed) {
        m_state.styles[i].time_fields = now; // as it is read now
        core::Commands timed;
        timed.set_time_fields = std::pair{i, u.styles[i].time_fields.value_or(read_time_fields(i))};
        apply_commands(timed);
        m_state.styles[i].time_fields = u.styles[i].time_fields;
    }
    m_recording = recording;
    m_state.message.clear();
}

// The field a layer was coloured (or sized) by as read, −1 for none.
int Engine::detected_field(std::size_t layer, bool colour) const {
    const auto& layers = m_scene.layers();
    if (layer >= layers.size())
        return -1;
    const std::string& name =
        colour ? layers[layer].report.category_field : layers[layer].report.size_field;
    const auto& fields = layers[layer].table.attributes.fields();
    for (std::size_t k = 0; !name.empty() && k < fields.size(); ++k)
        if (fields[k].name == name)
            return static_cast<int>(k);
    return -1;
}

void Engine::apply_commands(const core::Commands& c) {
    if (c.set_layout) {
        const auto [size, map] = *c.set_layout;
        if (size != std::pair{m_state.window_w, m_state.window_h} || !(map == m_state.map)) {
            std::tie(m_state.window_w, m_state.window_h) = size;
            m_state.map = map;
            m_state.camera.set_viewport(map.w, map.h);
            m_list_dirty = true;
            mark_changed(); // a script clicks where the session says the map is
        }
    }
    if (c.set_content_scale && std::isfinite(*c.set_content_scale) &&
        *c.set_content_scale != m_state.content_scale) {
        m_state.content_scale = std::clamp(*c.set_content_scale, 0.5f, 4.0f);
        mark_changed();
    }
    if (c.set_theme && *c.set_theme != m_state.theme) {
        m_state.theme = *c.set_theme;
        save_theme(m_state.theme);
    }
    apply_data(c);
    apply_layers(c);  // issue 20 (panels)
    apply_basemap(c); // issue 16
    apply_time(c);
    apply_view(c);
    if (c.step_stack && !m_state.stack.empty()) {
        const int n = static_cast<int>(m_state.stack.size());
        const int pos = ((m_state.stack_pos + c.step_stack) % n + n) % n;
        select(m_state.stack[static_cast<std::size_t>(pos)]);
    }
    if (c.select)
        select(*c.select);
    if (c.select_feature) {
        const auto& [file, index] = *c.select_feature;
        for (std::size_t i = 0; i < m_scene.drawn().count(); ++i) {
            const auto [layer, row] = m_scene.source_of(i);
            const Layer& l = m_scene.layers()[layer];
            if (l.path == file && l.table.feature_at(row) == index) {
                select(static_cast<int>(i));
                break;
            }
        }
    }
    if (c.click_at)
        click(*c.click_at);
    if (c.open_dialog)
        m_dialog = *c.open_dialog;
    if (c.message) {
        say(c.message_kind.value_or(core::MessageKind::Info), *c.message); // issue 20
    }
    if (c.quit)
        m_quit = true;
    apply_toolkit(c); // issue 17: search, flights, bookmarks
    apply_live(c);    // issue 17: follow a live file
    apply_layer_choice(c); // issue 15: File > Open's layer dialog
    apply_area(c);    // issue 17: focus on an area
    apply_timeline(c); // issue 20: time fields, fade length
    apply_playback(c); // issue 18: export playback
}

void Engine::apply_view(const core::Commands& c) {
    const bool before = m_session_dirty;
    if (c.set_projection && *c.set_projection != m_scene.projection().name()) {
        std::string error;
        if (m_scene.set_projection(*c.set_projection, error)) {
            core::Camera cam = m_scene.make_camera(m_state.map.w, m_state.map.h);
            cam.set_centre(m_state.camera.centre());
            cam.set_zoom(m_state.camera.zoom());
            set_camera(cam);
        } else {
            m_state.message = "session: " + error;
        }
    }
    if (c.set_centre_zoom) {
        core::Camera cam = m_state.camera;
        cam.set_centre(m_scene.projection().forward(c.set_centre_zoom->first));
        cam.set_zoom(c.set_centre_zoom->second);
        set_camera(cam);
    }
    if (c.fit_data)
        fit_data();
    if (c.reset_view) { // Home and View ▸ Reset view and time: the map, the window and the timeline
        fit_data();
        m_state.window = core::TimeWindow{};
        m_state.playing = false;
        reset_timeline_view();
    }
    if (c.fly_to && *c.fly_to >= 0) {
        core::Camera cam = m_state.camera;
        cam.set_centre(m_scene.projected()[static_cast<std::size_t>(*c.fly_to)]);
        cam.set_zoom(std::max(cam.zoom(), 8.0));
        set_camera(cam);
    }
    if (c.pan_px) {
        m_state.camera.pan_by(*c.pan_px);
        mark_changed();
    }
    if (c.scroll) {
        m_ctl.scroll(c.scroll->first, c.scroll->second);
        mark_changed();
    }
    if (c.zoom_at) {
        m_ctl.zoom_by(c.zoom_at->first, c.zoom_at->second);
        mark_changed();
    }
    if (c.zoom_centre) {
        m_ctl.zoom_by({m_state.map.w / 2.0, m_state.map.h / 2.0}, *c.zoom_centre);
        mark_changed();
    }
    if (m_session_dirty != before || c.fit_data || c.reset_view || c.fly_to)
        m_list_dirty = true;
}

void Engine::apply_time(const core::Commands& c) {
    if (c.set_window) {
        m_state.window = *c.set_window;
        m_list_dirty = true;
        mark_changed();
    }
    if (c.set_view) {
        std::tie(m_state.view_from, m_state.view_to) = *c.set_view;
        m_view_target = *c.set_view;
    }
    if (c.zoom_timeline) {
        // From the target, so that a quick run of wheel notches adds up while the zoom eases.
        auto [v0, v1] = m_view_target.second > m_view_target.first
                            ? m_view_target
                            : std::pair{m_state.view_from, m_state.view_to};
        const auto [at, f] = *c.zoom_timeline;
        const auto nv0 = at - static_cast<core::UnixMs>(static_cast<double>(at - v0) * f);
        const auto nv1 = at + static_cast<core::UnixMs>(static_cast<double>(v1 - at) * f);
        if (nv1 - nv0 > core::kMsPerHour * 6)
            m_view_target = {nv0, nv1};
    }
    if (c.set_window_length && *c.set_window_length > 0) {
        ensure_window_set();
        if (!m_state.window.is_all())
            m_state.window.to = m_state.window.from + *c.set_window_length;
        m_list_dirty = true;
        mark_changed();
    }
    if (c.set_step)
        m_state.step_ms = std::max<core::UnixMs>(0, *c.set_step);
    if (c.set_playing) {
        ensure_window_set();
        m_state.playing = *c.set_playing;
        if (m_state.playing && at_end()) // Play at the end: again from the first day
            restart_window();
        m_list_dirty = true;
        mark_changed();
    }
    if (c.set_speed) {
        // NaN and infinities too: a session file may hold anything.
        const double v = *c.set_speed;
        m_state.speed_days_per_s = std::isfinite(v) ? std::clamp(v, kMinSpeedDaysPerS, kMaxSpeedDaysPerS)
                                   : v > 0          ? kMaxSpeedDaysPerS
                                                    : kMinSpeedDaysPerS;
        mark_changed();
    }
    if (c.set_loop)
        m_state.loop = *c.set_loop;
    if (c.set_mode) {
        ensure_window_set();
        m_state.window.mode = *c.set_mode;
        m_list_dirty = true;
        mark_changed();
    }
    if (c.step_window) {
        step_window(c.step_window);
        mark_changed();
    }
}

void Engine::select(int drawn_index) {
    mark_changed();
    if (drawn_index < 0) {
        m_state.selected = -1;
        m_state.stack.clear();
        m_state.stack_pos = 0;
        return;
    }
    const bool in_stack = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index) !=
                          m_state.stack.end();
    if (!in_stack)
        m_state.stack = m_scene.stack_at(m_state.camera, drawn_index, m_state.window);
    const auto it = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index);
    m_state.stack_pos =
        it == m_state.stack.end() ? 0 : static_cast<int>(it - m_state.stack.begin());
    m_state.selected = drawn_index;
}

// A click on the map: a cluster badge zooms into it, anything else selects what is under the
// pointer (or clears the selection).
void Engine::click(core::ScreenPx at) {
    if (measure_click(at)) // issue 17: a point for the measuring tool
        return;
    if (area_click(at)) // issue 17: a corner of the area being drawn
        return;
    refresh_clusters();
    for (const auto& b : m_clusters) {
        if (std::hypot(b.at.x - at.x, b.at.y - at.y) <= 11.0) {
            m_ctl.zoom_by(b.at, 2.0); // into the cluster, about its centre
            mark_changed();
            return;
        }
    }
    const std::vector<int> hits = pick(at);
    select(hits.empty() ? -1 : hits.front());
}

void Engine::refresh_clusters() {
    if (!m_clusters_dirty)
        return;
    m_clusters = m_scene.clusters(m_state.camera, m_state.window);
    m_clusters_dirty = false;
}

std::vector<int> Engine::pick(core::ScreenPx at) const {
    return m_scene.pick(m_state.camera, at, m_state.window);
}

void Engine::set_camera(const core::Camera& camera) {
    m_state.camera = camera;
    m_ctl.reset(m_state.camera);
    m_list_dirty = true;
    mark_changed();
}

void Engine::fit_data() {
    core::Camera cam = m_state.camera;
    m_scene.fit_to_data(cam);
    set_camera(cam);
}

void Engine::ensure_window_set() {
    if (!m_state.window.is_all() || m_scene.time_extent().dated() == 0)
        return;
    const core::UnixMs first = core::floor_days(m_scene.time_extent().first()) * core::kMsPerDay;
    m_state.window.from = first;
    m_state.window.to = first + kDefaultWindowLength;
}

void Engine::step_window(int direction) {
    ensure_window_set();
    if (m_state.window.is_all())
        return;
    const core::UnixMs length = m_state.window.to - m_state.window.from;
    const core::UnixMs step = m_state.step_ms > 0 ? m_state.step_ms : std::max<core::UnixMs>(1, length);
    m_state.window.from += direction * step;
    m_state.window.to += direction * step;
    m_list_dirty = true;
    follow_window();
}

// Whether the window already shows the last incident's end: playing on would empty the map.
bool Engine::at_end() const {
    const core::TimeExtent& times = m_scene.time_extent();
    return times.dated() > 0 && !m_state.window.is_all() && m_state.window.to >= times.last_end();
}

// The window back at the first day, as long as it was.
void Engine::restart_window() {
    const core::TimeExtent& times = m_scene.time_extent();
    const core::UnixMs length = m_state.window.to - m_state.window.from;
    m_state.window.from = core::floor_days(times.first()) * core::kMsPerDay;
    m_state.window.to = m_state.window.from + length;
}

// The timeline's whole view: the data's range with a margin; eased, or at once.
void Engine::reset_timeline_view(bool at_once) {
    const core::TimeExtent& times = m_scene.time_extent();
    if (times.dated() == 0)
        return;
    const core::UnixMs pad =
        std::max<core::UnixMs>(core::kMsPerDay, (times.last_end() - times.first()) / 20);
    m_view_target = {core::floor_days(times.first() - pad) * core::kMsPerDay,
                     core::floor_days(times.last_end() + pad) * core::kMsPerDay};
    if (at_once)
        std::tie(m_state.view_from, m_state.view_to) = m_view_target;
}

// A zoomed timeline keeps the window on screen: when the window leaves the visible range (it
// plays or steps past an edge), the view pages to show it, its length kept.
void Engine::follow_window() {
    if (m_state.window.is_all())
        return;
    auto [v0, v1] = m_view_target.second > m_view_target.first
                        ? m_view_target
                        : std::pair{m_state.view_from, m_state.view_to};
    const core::UnixMs span = v1 - v0;
    const core::UnixMs from = m_state.window.from, to = m_state.window.to;
    if (span <= 0 || (from >= v0 && to <= v1))
        return;
    if (to - from >= span) // a window longer than the view: show its start
        v0 = from - span / 20;
    else if (to > v1) // off the right edge: its end a twentieth in from the right
        v0 = to + span / 20 - span;
    else // off the left edge
        v0 = from - span / 20;
    m_view_target = {v0, v0 + span};
}

void Engine::update(double dt_s, double now_s) {
    const MessageWatch watch = watch_message(); // issue 20: a message's kind
    m_now = now_s;
    poll_workers();
    update_live(); // issue 17: watched files read again when they change
    poll_retime(); // issue 20
    if (m_filters_pending && m_now - m_filters_asked_at >= kSearchDebounce_s)
        send_filters(); // the search typed so far, once typing paused
    if (m_finished_sources >= m_initial_sources && !m_session_applied && m_session) {
        m_session_applied = true;
        m_recording = false; // the session is where the user starts, not a step to undo
        for (const core::Commands& c : restore_commands(*m_session))
            apply(c);
        m_recording = true;
        m_history.clear();
    }
    advance_playback(dt_s);
    if (update_flight(dt_s)) { // issue 17: an eased flight owns the camera while it lasts
        m_list_dirty = true;
        mark_changed();
    } else if (m_ctl.update(m_state.camera, dt_s)) {
        m_list_dirty = true;
        mark_changed();
    }
    ease_timeline(dt_s);
    refresh_list();
    note_area_counts(); // issue 17: the session's count follows a finished area filter
    // Within a second of a change, but not every frame while something moves.
    if (m_session_dirty && m_now - m_written_at >= 0.5)
        write_session(false);
    settle_message(watch);
}

void Engine::advance_playback(double dt_s) {
    if (!m_state.playing || m_state.window.is_all())
        return;
    const auto advance = static_cast<core::UnixMs>(m_state.speed_days_per_s * dt_s *
                                                   static_cast<double>(core::kMsPerDay));
    m_state.window.from += advance;
    m_state.window.to += advance;
    const core::TimeExtent& times = m_scene.time_extent();
    if (times.dated() > 0 && m_state.window.to >= times.last_end()) {
        if (m_state.loop && m_state.window.to - advance >= times.last_end()) {
            restart_window(); // the end was shown for a frame at least: again from the start
        } else if (!m_state.loop) {
            // The end of the data: stop with the last incident in the window, not past it.
            const core::UnixMs length = m_state.window.to - m_state.window.from;
            m_state.window.to = times.last_end();
            m_state.window.from = m_state.window.to - length;
            m_state.playing = false;
        }
    }
    follow_window();
    m_list_dirty = true;
    mark_changed();
}

// The timeline's view glides to its target like the map's zoom (~60 ms time constant).
void Engine::ease_timeline(double dt_s) {
    auto& [t0, t1] = m_view_target;
    if (t1 <= t0 || (t0 == m_state.view_from && t1 == m_state.view_to))
        return;
    const double k = 1.0 - std::exp(-dt_s / 0.06);
    const auto step = [k](core::UnixMs from, core::UnixMs to) {
        const double d = static_cast<double>(to - from);
        return std::abs(d) < static_cast<double>(core::kMsPerMinute)
                   ? to
                   : from + static_cast<core::UnixMs>(d * k);
    };
    m_state.view_from = step(m_state.view_from, t0);
    m_state.view_to = step(m_state.view_to, t1);
}

bool Engine::moving() const {
    const auto [t0, t1] = m_view_target;
    return m_state.playing || m_ctl.animating(m_state.camera) || m_flight.active() ||
           (t1 > t0 && (t0 != m_state.view_from || t1 != m_state.view_to)) ||
           m_playback.running() || m_playback_pending.has_value(); // issue 18: a frame each
}

bool Engine::waiting() const {
    return m_scene.filtering() || m_scene.listing() || m_scene.filling() ||
           m_scene.drawing_basemap() || m_remote.busy() || m_filters_pending || !ready();
}

bool Engine::ready() const {
    return m_finished_sources >= m_initial_sources && !m_loader.busy() &&
           !m_scene.preparing() && !m_scene.filtering() && !m_scene.listing() &&
           !m_scene.filling() && !m_scene.drawing_basemap() &&
           (!m_session || m_session_applied) &&
           !listing_layers() /* issue 15 */ &&
           !m_retime_job.busy(); // issue 20
}

std::optional<core::Dialog> Engine::take_dialog() {
    auto d = m_dialog;
    m_dialog.reset();
    return d;
}

void Engine::sync(render::MapRenderer& renderer) {
    std::string error;
    if (!m_scene.sync(renderer, m_state.camera, error))
        m_basemap_error = error;
    refresh_clusters();
    renderer.set_clusters(m_clusters);
    // m_scene.index() stays the same object when filters or files change it.
    renderer.set_heat(m_state.heat ? &m_scene.index() : nullptr);
    renderer.raster_look() = basemap_look(m_state.basemap_opacity, m_state.basemap_quiet);
    renderer.set_compare(m_state.compare); // issue 17: window B
    sync_measure(renderer);                // issue 17: path and range rings
    sync_area(renderer);                   // issue 17: the area's outline
}

const render::Overlay& Engine::overlay() {
    refresh_list();
    return m_overlay;
}

void Engine::refresh_list() {
    if (auto listed = m_scene.poll_list())
        m_listed = std::move(*listed);
    if (!m_list_dirty)
        return;
    m_overlay = m_scene.overlay(m_state.camera, m_state.window);
    m_compare_overlay = m_state.compare ? m_scene.overlay(m_state.camera, *m_state.compare)
                                        : render::Overlay{}; // issue 17
    m_scene.request_list(m_state.camera, m_state.window, m_state.list_order);
    m_clusters_dirty = true;
    m_list_dirty = false;
}

std::string Engine::status_message() const {
    std::string s = !m_state.message.empty() ? m_state.message : m_basemap_error;
    if (connecting())
        s = "connecting to " + loading_name() + "… (Cancel in the side panel)" +
            (s.empty() ? "" : " · " + s);
    if (m_remote.active()) // the counts are of what was fetched: say so
        s = m_remote.status() + (s.empty() ? "" : " · " + s);
    return s;
}

} // namespace incimap::scene
