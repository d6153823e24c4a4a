// Follow a live file (issue 17, item 6): the engine's side. The loaded files are watched
// (scene/file_watch.hpp); a changed one is read again on a worker (scene/live_read.hpp: up to
// its last complete line) and its layer swapped in on the scene's worker, so no frame waits.
// What the user looks at stays: the camera, the time window, filters and category toggles
// (by name), colour and size by (by field name), and the selection, found again by its
// feature id or number. A file that goes or cannot be read keeps its last good state on the
// map, with a note in the layer list and the status bar, until it comes back.

#include "scene/engine.hpp"

#include "geo/gdal/postgis_source.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <utility>

namespace incimap::scene {

namespace {

// Local files only: a database or a URL is not watched (a PostGIS layer re-fetches anyway).
bool watchable(const std::string& path) {
    if (geo::is_postgis_connection(path) || path.rfind("/vsi", 0) == 0 ||
        path.find("://") != std::string::npos)
        return false;
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

std::optional<std::size_t> layer_of(const std::vector<Layer>& layers, const std::string& path) {
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].path == path)
            return i;
    return std::nullopt;
}

// The user's choice of field for a layer, by name: nullopt as read, nullopt inside for none.
std::optional<std::optional<std::string>> field_choice(const Layer& layer,
                                                       const std::optional<int>& field) {
    if (!field)
        return std::nullopt;
    const auto& fields = layer.table.attributes.fields();
    if (*field >= 0 && static_cast<std::size_t>(*field) < fields.size())
        return std::optional<std::string>(fields[static_cast<std::size_t>(*field)].name);
    return std::optional<std::string>();
}

std::optional<int> field_index(const Layer& layer,
                               const std::optional<std::optional<std::string>>& choice,
                               std::optional<int> unchanged) {
    if (!choice)
        return unchanged;
    const auto& fields = layer.table.attributes.fields();
    for (std::size_t k = 0; *choice && k < fields.size(); ++k)
        if (fields[k].name == **choice)
            return static_cast<int>(k);
    return -1;
}

FeatureKey key_of(const MapScene& scene, int drawn_index) {
    const auto [layer, row] = scene.source_of(static_cast<std::size_t>(drawn_index));
    const Layer& l = scene.layers()[layer];
    FeatureKey k;
    k.path = l.path;
    k.feature = l.table.feature_at(row);
    // As the session keeps it: GDAL keeps a string id as an "id" field, an integer one as FID.
    if (const int f = l.table.attributes.field_index("id"); f >= 0) {
        if (auto v = l.table.attributes.value(l.table.attr_row_at(row), static_cast<std::size_t>(f)))
            k.id_text = std::string(*v);
    }
    if (!k.id_text)
        k.fid = l.table.fid_at(row);
    return k;
}

int find_key(const MapScene& scene, const FeatureKey& k) {
    const auto& layers = scene.layers();
    const auto li = layer_of(layers, k.path);
    if (!li)
        return -1;
    const Layer& l = layers[*li];
    const int id_field = l.table.attributes.field_index("id");
    for (std::size_t i = 0; i < scene.drawn().count(); ++i) {
        const auto [layer, row] = scene.source_of(i);
        if (layer != *li)
            continue;
        bool same = false;
        if (k.id_text && id_field >= 0) {
            const auto v = l.table.attributes.value(l.table.attr_row_at(row),
                                                    static_cast<std::size_t>(id_field));
            same = v && std::string(*v) == *k.id_text;
        } else if (!k.id_text && k.fid >= 0) {
            same = l.table.fid_at(row) == k.fid;
        } else {
            same = static_cast<std::int64_t>(l.table.feature_at(row)) == k.feature;
        }
        if (same)
            return static_cast<int>(i);
    }
    return -1; // the row is no longer there
}

bool same_key(const FeatureKey& a, const FeatureKey& b) {
    return a.path == b.path && a.id_text == b.id_text && a.fid == b.fid && a.feature == b.feature;
}

// find_key, first trying `hint` (rows appended to a file keep their drawn indices).
int find_key_from(const MapScene& scene, const FeatureKey& k, int hint) {
    if (hint >= 0 && static_cast<std::size_t>(hint) < scene.drawn().count() &&
        same_key(key_of(scene, hint), k))
        return hint;
    return find_key(scene, k);
}

std::vector<std::string> field_names(const Layer& layer) {
    std::vector<std::string> names;
    for (const auto& f : layer.table.attributes.fields())
        names.push_back(f.name);
    return names;
}

std::string count_text(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

void Engine::apply_live(const core::Commands& c) {
    if (c.set_watch_files && *c.set_watch_files != m_state.watch_files) {
        m_state.watch_files = *c.set_watch_files;
        if (m_state.watch_files) {
            // What changed meanwhile is read now.
            for (const std::string& p : std::exchange(m_live.stale, {}))
                if (std::find(m_live.queue.begin(), m_live.queue.end(), p) == m_live.queue.end())
                    m_live.queue.push_back(p);
            m_state.message = "Watching the loaded files: a file that changes is read again";
        } else {
            m_state.message = "Not watching the loaded files for changes";
        }
        mark_changed();
    }
    if (c.set_follow_newest && *c.set_follow_newest != m_state.follow_newest) {
        m_state.follow_newest = *c.set_follow_newest;
        if (m_state.follow_newest)
            move_window_to_newest();
        mark_changed();
    }
}

void Engine::update_live() {
    // The watch list follows the loaded layers.
    const auto& layers = m_scene.layers();
    for (const Layer& l : layers)
        if (!m_live.watch.watching(l.path) && watchable(l.path)) {
            // p17k: from the state its first read began in, so a change during it is seen.
            const auto since = m_live.first_read_sig.find(l.path);
            if (since != m_live.first_read_sig.end())
                m_live.watch.watch(l.path, since->second);
            else
                m_live.watch.watch(l.path);
        }
    for (const Layer& l : layers)
        m_live.first_read_sig.erase(l.path);
    for (const auto& change : m_live.watch.poll(m_now)) {
        const std::string& path = change.path;
        if (!change.sig.exists) {
            set_live_note(path, "the file is gone");
            m_state.message = source_name(path) +
                              " is gone: the map shows its last good state until it comes back";
            continue;
        }
        if (!m_state.watch_files) {
            m_live.stale.insert(path);
            continue;
        }
        if (std::find(m_live.queue.begin(), m_live.queue.end(), path) == m_live.queue.end())
            m_live.queue.push_back(path); // again if being read: the read may predate the change
    }
    if (auto read = m_live.job.poll()) {
        m_live.ready = std::move(*read);
        m_live.reading.clear();
    }
    swap_in_reload();
    start_reload();
    // While the new table is prepared, the selection may change: its key is taken again.
    if (m_live.replacing) {
        m_live.selected = m_state.selected >= 0
                              ? std::optional<FeatureKey>(key_of(m_scene, m_state.selected))
                              : std::nullopt;
        take_history_keys(); // p17k: and those of undo's selections
    }
}

void Engine::start_reload() {
    if (m_live.job.busy() || m_live.ready || m_live.queue.empty() || !m_state.watch_files)
        return;
    const std::string path = m_live.queue.front();
    m_live.queue.pop_front();
    const auto i = layer_of(m_scene.layers(), path);
    if (!i)
        return;
    const Layer& l = m_scene.layers()[*i];
    const core::LayerStyle style =
        *i < m_state.styles.size() ? m_state.styles[*i] : core::LayerStyle{};
    auto colour_by = field_choice(l, style.colour_field);
    auto size_by = field_choice(l, style.size_field);
    m_live.reading = path;
    m_live.job.request([path, options = m_options.read, colour_by,
                        size_by](JobControl& job) mutable {
        options.cancel = &job.cancel_flag();
        LiveRead r;
        try {
            r = read_complete_lines(path, options);
        } catch (const std::exception& e) { // out of memory for the snapshot: a calm note
            r.path = path;
            r.read.error = path + ": " + e.what();
            return r;
        }
        if (r.read.ok && !r.nothing_complete) { // the user's colour and size by, off the UI thread
            if (colour_by)
                apply_field_choice(r, true, *colour_by);
            if (size_by)
                apply_field_choice(r, false, *size_by);
        }
        r.colour_by = std::move(colour_by);
        r.size_by = std::move(size_by);
        return r;
    });
}

void Engine::swap_in_reload() {
    // One layer prepared at a time: a file being opened, or a swap not yet on the map, first.
    if (!m_live.ready || m_scene.preparing() || m_adding || m_live.replacing)
        return;
    LiveRead r = std::move(*m_live.ready);
    m_live.ready.reset();
    const auto i = layer_of(m_scene.layers(), r.path);
    if (!i || r.read.report.cancelled || r.nothing_complete)
        return; // nothing whole to show yet: the next change brings it
    if (!r.read.ok) {
        set_live_note(r.path, "the file cannot be read: " + r.read.error);
        m_state.message = source_name(r.path) +
                          " cannot be read again: the map shows its last good state (" +
                          r.read.error + ")";
        return;
    }
    set_live_note(r.path, "");
    const core::TimeExtent& times = m_scene.time_extent();
    const core::UnixMs pad =
        std::max<core::UnixMs>(core::kMsPerDay, (times.last_end() - times.first()) / 20);
    m_live.view_was_whole =
        times.dated() == 0 ||
        m_view_target == std::pair{core::floor_days(times.first() - pad) * core::kMsPerDay,
                                   core::floor_days(times.last_end() + pad) * core::kMsPerDay};
    m_live.selected = m_state.selected >= 0
                          ? std::optional<FeatureKey>(key_of(m_scene, m_state.selected))
                          : std::nullopt;
    m_live.count_before = m_scene.layers()[*i].table.count();
    m_live.fields_before = field_names(m_scene.layers()[*i]); // p17k
    take_history_keys();
    m_live.held_bytes = r.held_bytes;
    m_live.replacing = *i;
    m_scene.replace_layer_async(*i, {r.path, std::move(r.read.table), std::move(r.read.report),
                                     std::move(r.read.category_totals)});
    m_live.colour_by = std::move(r.colour_by);
    m_live.size_by = std::move(r.size_by);
}

void Engine::on_layer_reloaded(std::size_t layer) {
    m_live.replacing.reset();
    const Layer& l = m_scene.layers().at(layer);
    ++m_live.reloads[l.path];
    if (layer < m_state.styles.size()) {
        core::LayerStyle& style = m_state.styles[layer];
        style.colour_field = field_index(l, m_live.colour_by, style.colour_field);
        style.size_field = field_index(l, m_live.size_by, style.size_field);
    }
    // The same incident selected, at its new drawn index (none when its row went).
    const std::optional<FeatureKey> key = std::exchange(m_live.selected, std::nullopt);
    select(key ? find_key(m_scene, *key) : -1);
    keep_history_over_reload(layer); // p17k: recorded selections found again by key
    if (m_live.view_was_whole)
        reset_timeline_view(); // eased to the data's new range
    if (m_state.follow_newest)
        move_window_to_newest();
    const std::size_t now = l.table.count(), before = m_live.count_before;
    std::string message = source_name(l.path) + " read again: " + count_text(now) + " incidents";
    if (now != before)
        message += now > before ? " (+" + count_text(now - before) + ")"
                                : " (−" + count_text(before - now) + ")";
    if (m_live.held_bytes > 0)
        message += "; a partly written last line waits for the rest";
    m_state.message = message;
    m_list_dirty = true;
    m_clusters_dirty = true;
    mark_changed();
}

void Engine::set_live_note(const std::string& path, std::string note) {
    auto& notes = m_state.live_notes;
    const auto it = std::find_if(notes.begin(), notes.end(),
                                 [&](const auto& n) { return n.first == path; });
    if (note.empty()) {
        if (it != notes.end()) {
            notes.erase(it);
            mark_changed();
        }
        return;
    }
    if (it == notes.end())
        notes.emplace_back(path, std::move(note));
    else
        it->second = std::move(note);
    mark_changed();
}

// The window, as long as it is, ending with the newest incident (Time > Follow newest).
void Engine::move_window_to_newest() {
    const core::TimeExtent& times = m_scene.time_extent();
    if (times.dated() == 0 || m_state.window.is_all())
        return; // all dates: the newest is already shown
    const core::UnixMs length = m_state.window.to - m_state.window.from;
    m_state.window.to = times.last_end();
    m_state.window.from = m_state.window.to - length;
    m_list_dirty = true;
    follow_window();
    mark_changed();
}

// p17k: undo survives a reload of a watched file.
void Engine::note_first_read(const std::string& path) {
    if (watchable(path) && !m_live.watch.watching(path))
        m_live.first_read_sig[path] = file_sig(path);
}

void Engine::take_history_keys() {
    m_live.history_keys.clear();
    for (const int i : m_history.selections())
        if (static_cast<std::size_t>(i) < m_scene.drawn().count())
            m_live.history_keys.emplace(i, key_of(m_scene, i));
}

// The undo steps stay when the layer read again has the fields it had (the styles recorded
// name fields by index): their selections, drawn indices of the table before, are found again
// by key (−1 for a row that went). A layer whose fields changed clears undo, as before.
void Engine::keep_history_over_reload(std::size_t layer) {
    const auto keys = std::exchange(m_live.history_keys, {});
    if (field_names(m_scene.layers().at(layer)) != m_live.fields_before) {
        m_history.clear();
        return;
    }
    m_history.remap_selections([&](int i) {
        const auto k = keys.find(i);
        return k == keys.end() ? -1 : find_key_from(m_scene, k->second, i);
    });
}

} // namespace incimap::scene
