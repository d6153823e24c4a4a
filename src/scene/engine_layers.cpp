// Issue 20 (panels): the side panel's layer commands — remove, move up or down, rename, zoom
// to a layer — and the one operation behind remove, reorder and their undo: putting the
// layers in an order of ids (a removed layer's id left out; an undone removal's id back).
// A removed layer is kept (with its style, switch and name) while undo may bring it back.

#include "scene/engine.hpp"

#include "scene/paths.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace incimap::scene {

void Engine::say(core::MessageKind kind, std::string text) {
    m_state.message = std::move(text);
    m_state.message_kind = kind;
    m_message_said = true;
}

Engine::MessageWatch Engine::watch_message() {
    MessageWatch w{m_state.message, m_watching};
    if (!m_watching)
        m_message_said = false;
    m_watching = true;
    return w;
}

void Engine::settle_message(const MessageWatch& watch) {
    if (watch.nested)
        return; // apply() inside update(): the outer call settles
    m_watching = false;
    if (m_state.message != watch.text && !m_message_said && !m_state.message.empty())
        m_state.message_kind = core::MessageKind::Warning;
}

std::vector<std::pair<std::string, std::size_t>> Engine::cluster_split_at(core::ScreenPx at) {
    refresh_clusters();
    for (const auto& b : m_clusters) // as click() finds a badge
        if (std::hypot(b.at.x - at.x, b.at.y - at.y) <= 11.0)
            return m_scene.cluster_split(m_state.camera, m_state.window, b.at);
    return {};
}

void Engine::sync_layer_state() {
    m_state.layer_ids = m_scene.layer_ids();
    m_state.layer_names.resize(m_state.layer_ids.size());
    m_state.filters.hidden_layers.resize(
        std::max(m_state.filters.hidden_layers.size(), m_state.layer_ids.size()), false);
}

void Engine::apply_layers(const core::Commands& c) {
    const std::size_t n = m_state.layer_ids.size();
    const auto name_of = [this](std::size_t i) {
        return i < m_state.layer_names.size() && !m_state.layer_names[i].empty()
                   ? m_state.layer_names[i]
                   : source_name(m_scene.layers()[i].path);
    };
    if (c.rename_layer && c.rename_layer->first < n) {
        std::string name = c.rename_layer->second.substr(0, 200);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name == source_name(m_scene.layers()[c.rename_layer->first].path))
            name.clear(); // the file's own name: nothing to keep
        m_state.layer_names[c.rename_layer->first] = name;
        mark_changed();
    }
    if (c.zoom_to_layer && *c.zoom_to_layer < n) {
        if (const auto box = m_scene.layer_bbox(*c.zoom_to_layer)) {
            core::Camera cam = m_state.camera;
            cam.fit(m_scene.projection().project_box(*box), 48);
            cam.set_zoom(std::min(cam.zoom(), 11.0)); // one place: not street level
            set_camera(cam);
        }
    }
    if (c.move_layer && c.move_layer->first < n) {
        const std::size_t i = c.move_layer->first;
        const long j = static_cast<long>(i) + (c.move_layer->second < 0 ? -1 : 1);
        if (j >= 0 && static_cast<std::size_t>(j) < n) {
            std::vector<std::uint64_t> ids = m_state.layer_ids;
            std::swap(ids[i], ids[static_cast<std::size_t>(j)]);
            set_layer_order(ids);
        }
    }
    if (c.remove_layer && *c.remove_layer < n) {
        const std::string name = name_of(*c.remove_layer);
        std::vector<std::uint64_t> ids = m_state.layer_ids;
        ids.erase(ids.begin() + static_cast<long>(*c.remove_layer));
        set_layer_order(ids);
        if (m_state.layer_ids == ids)
            say(core::MessageKind::Success, "Removed layer " + name + " (Ctrl+Z brings it back)");
    }
    if (c.set_layer_order)
        set_layer_order(*c.set_layer_order);
    if (c.set_list_columns) {
        std::vector<core::ListColumn> columns;
        for (const core::ListColumn col : *c.set_list_columns)
            if (std::find(columns.begin(), columns.end(), col) == columns.end())
                columns.push_back(col);
        if (columns.empty())
            columns = core::default_list_columns();
        if (columns != m_state.list_columns) {
            m_state.list_columns = std::move(columns);
            mark_changed();
        }
    }
}

void Engine::set_layer_order(const std::vector<std::uint64_t>& ids) {
    if (ids == m_state.layer_ids)
        return;
    if (m_loader.busy() || m_scene.preparing() || m_remote.active()) {
        // The loader and the PostGIS re-fetch name layers by their place in the list.
        say(core::MessageKind::Warning,
            m_remote.active() ? "Layers read from PostGIS by region cannot be removed or moved"
                              : "Wait until loading finishes to remove or move a layer");
        return;
    }
    // The selected incident, by layer id and row, to select it again where it lands.
    std::optional<std::pair<std::uint64_t, std::size_t>> selected;
    if (m_state.selected >= 0) {
        const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
        selected = std::pair{m_state.layer_ids.at(layer), row};
    }
    std::map<std::uint64_t, RemovedLayer> pool;
    std::set<std::string> paths; // every layer's source, before and after
    for (auto& [id, layer] : m_scene.take_layers()) {
        const std::size_t i = pool.size();
        RemovedLayer r{id, std::move(layer), {}, false, {}};
        if (i < m_state.styles.size())
            r.style = m_state.styles[i];
        r.hidden = i < m_state.filters.hidden_layers.size() && m_state.filters.hidden_layers[i];
        if (i < m_state.layer_names.size())
            r.name = m_state.layer_names[i];
        paths.insert(r.layer.path);
        pool.emplace(id, std::move(r));
    }
    for (RemovedLayer& r : m_removed_layers) {
        paths.insert(r.layer.path);
        pool.emplace(r.id, std::move(r));
    }
    m_removed_layers.clear();
    std::vector<std::pair<std::uint64_t, Layer>> layers;
    std::vector<core::LayerStyle> styles;
    std::vector<bool> hidden;
    std::vector<std::string> names;
    std::vector<std::string> sources;
    for (const std::uint64_t id : ids) {
        auto it = pool.find(id);
        if (it == pool.end())
            continue; // an id no longer known: left out
        sources.push_back(it->second.layer.path);
        styles.push_back(it->second.style);
        hidden.push_back(it->second.hidden);
        names.push_back(it->second.name);
        layers.emplace_back(id, std::move(it->second.layer));
        pool.erase(it);
    }
    for (auto& [id, r] : pool)
        m_removed_layers.push_back(std::move(r));
    // Sources not (or not yet) loaded stay listed after the layers, in their order.
    for (const std::string& s : m_state.sources)
        if (!paths.count(s) && std::find(sources.begin(), sources.end(), s) == sources.end())
            sources.push_back(s);
    m_state.sources = std::move(sources);
    m_state.styles = std::move(styles);
    m_state.layer_names = std::move(names);
    m_state.filters.hidden_layers = std::move(hidden);
    std::vector<std::size_t> counts;
    for (const auto& l : layers)
        counts.push_back(l.second.table.count());
    m_scene.put_layers(std::move(layers), m_state.filters);
    m_state.layer_ids = m_scene.layer_ids();
    m_filters_pending = false;
    // The selection follows its incident, or goes with its layer.
    int drawn = -1;
    if (selected) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < m_state.layer_ids.size(); ++i) {
            if (m_state.layer_ids[i] == selected->first) {
                drawn = static_cast<int>(start + selected->second);
                break;
            }
            start += counts[i];
        }
    }
    m_state.selected = -1;
    m_state.stack.clear();
    if (drawn >= 0)
        select(drawn);
    m_list_dirty = true;
    m_clusters_dirty = true;
    mark_changed();
}

} // namespace incimap::scene
