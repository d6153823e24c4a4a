// The engine's sources and what derives from them: opening and reading (the loader), a read
// layer prepared on a worker, PostGIS re-fetches, the filters and the layers' style.

#include "scene/engine.hpp"

#include "geo/gdal/postgis_source.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

namespace incimap::scene {

void Engine::apply_data(const core::Commands& c) {
    for (const auto& f : c.open_files) {
        if (std::find(m_state.sources.begin(), m_state.sources.end(), f) == m_state.sources.end())
            m_state.sources.push_back(f);
        note_first_read(f); // p17k: a change during the read is read again
        m_loader.enqueue(f, chosen_layers(f)); // issue 15: the layers chosen for it, if any
        mark_changed();
    }
    if (c.cancel_load) {
        m_loader.cancel(); // a read stuck connecting is left behind within kDetachAfter
        m_remote.cancel();
    }
    if (c.allow_network) {
        m_state.allow_network = *c.allow_network;
        m_loader.set_allow_network(*c.allow_network);
        say(core::MessageKind::Info, *c.allow_network
                                         ? "Network access on: URLs opened now are fetched"
                                         : "Network access off"); // issue 20: a notice
        if (*c.allow_network) // the session's databases, held until now
            for (const std::string& f : std::exchange(m_held_sources, {}))
                m_loader.enqueue(f);
    }
    if (c.list_order) {
        m_state.list_order = *c.list_order;
        m_list_dirty = true;
    }
    if (c.set_heat) {
        m_state.heat = *c.set_heat;
        mark_changed();
    }
    // Typing a search over a big table would rebuild the visibility per keystroke: wait until
    // the typing pauses (the box shows the pending text meanwhile).
    bool send = false;
    if (c.set_filters) {
        core::Filters same_but_search = m_scene.filters();
        same_but_search.search = c.set_filters->search;
        const bool defer = m_scene.drawn().count() > kSearchDebounceAbove &&
                           same_but_search == *c.set_filters;
        m_state.filters = *c.set_filters;
        m_filters_pending = defer;
        m_filters_asked_at = m_now;
        send = !defer;
        mark_changed();
    }
    // Filters and colouring change what is drawn and picked; the selection may go.
    if (c.colour_by) {
        m_scene.set_category_field(c.colour_by->first, c.colour_by->second);
        if (c.colour_by->first < m_state.styles.size())
            m_state.styles[c.colour_by->first].colour_field = c.colour_by->second;
        mark_changed();
    }
    if (c.size_by) {
        m_scene.set_size_field(c.size_by->first, c.size_by->second);
        if (c.size_by->first < m_state.styles.size())
            m_state.styles[c.size_by->first].size_field = c.size_by->second;
        mark_changed();
    }
    if (send)
        send_filters();
    else if (c.colour_by || c.size_by)
        after_filter_change();
}

void Engine::send_filters() {
    m_filters_pending = false;
    m_scene.set_filters(m_state.filters);
    after_filter_change();
}

void Engine::after_filter_change() {
    // What is drawn and picked changed; a selection that is now hidden goes.
    if (m_state.selected >= 0 && !m_scene.visible(static_cast<std::size_t>(m_state.selected)))
        select(-1);
    m_list_dirty = true;
}

void Engine::poll_workers() {
    poll_layer_listing(); // issue 15: first, so that a source it opens starts loading now
    if (m_scene.poll_layers()) {
        if (const auto replaced = m_scene.take_replaced()) // issue 17: a live file read again
            on_layer_reloaded(*replaced);
        else
            on_layer_added();
    }
    if (!m_scene.preparing()) // one layer prepared at a time; the next file waits its turn
        if (auto r = m_loader.poll())
            on_loaded(std::move(*r));
    if (m_remote.active())
        if (auto f = m_remote.update(visible_lonlat(m_scene, m_state.camera, 0), m_state.window,
                                     m_now))
            on_refetched(std::move(*f));
    if (m_scene.poll_filters())
        after_filter_change(); // a filter change applied on the worker is ready
    m_scene.poll_basemap(); // issue 14: a basemap made on the worker joins the cache
}

void Engine::on_loaded(geo::ReadResult result) {
    if (!result.ok) {
        ++m_finished_sources;
        m_state.message = result.error;
        return;
    }
    const std::string path = result.report.source;
    if (result.report.cancelled) {
        ++m_finished_sources;
        m_state.message = path + ": loading cancelled; nothing was added";
        return;
    }
    // Merged, projected and indexed on a worker; on_layer_added finishes once it is in.
    m_adding = Adding{m_scene.layers().empty(), result.fetched_region};
    m_scene.add_layer_async({path, std::move(result.table), std::move(result.report),
                             std::move(result.category_totals)});
}

void Engine::on_layer_added() {
    ++m_finished_sources;
    const Adding added = m_adding.value_or(Adding{});
    m_adding.reset();
    m_state.styles.resize(m_scene.layers().size());
    const std::string path = m_scene.layers().back().path;
    m_read_time_fields.push_back( // issue 20: the fields the reader chose, for undo
        {m_scene.layers().back().report.time_field, m_scene.layers().back().report.end_field});
    if (added.fetched) {
        // A PostGIS table over budget: its region is what is shown; the window starts there.
        m_remote.track(m_scene.layers().size() - 1, path, with_remote_regions(m_options.read),
                       *added.fetched);
        if (added.fetched->time && m_state.window.is_all()) {
            m_state.window.from = added.fetched->time->start_ms;
            m_state.window.to = added.fetched->time->end_ms;
        }
    }
    reset_timeline_view(true);
    m_history.clear(); // recorded selections and styles were of the tables before this one
    m_removed_layers.clear(); // issue 20: no undo brings them back now
    sync_layer_state();
    if (added.first)
        fit_data();
    remember_recent(path);
    m_list_dirty = true;
    mark_changed();
}

void Engine::on_refetched(RemoteQuery::Fetched fetched) {
    Layer layer{m_scene.layers().at(fetched.layer).path, std::move(fetched.read.table),
                std::move(fetched.read.report), std::move(fetched.read.category_totals)};
    if (m_state.selected >= 0)
        select(-1); // drawn indices change with the table
    m_scene.replace_layer(fetched.layer, std::move(layer));
    m_list_dirty = true;
}

// The recent files (most recent first, ten at most), for File ▸ Open recent.
void Engine::remember_recent(const std::string& path) const {
    std::vector<std::string> recent{
        geo::is_postgis_connection(path) ? path : std::filesystem::absolute(path).string()};
    if (std::ifstream in(state_dir() + "/recent-files"); in)
        for (std::string line; std::getline(in, line) && recent.size() < 10;)
            if (!line.empty() && line != recent.front())
                recent.push_back(line);
    std::string text;
    for (const auto& r : recent)
        text += r + "\n";
    write_file_atomically(state_dir() + "/recent-files", text);
}

std::string Engine::loading_name() const {
    return source_name(m_scene.preparing() ? m_scene.preparing_name() : m_loader.current());
}

void Engine::cancel_work() {
    m_loader.cancel();
    m_remote.cancel();
    m_live.job.cancel(); // issue 17: a live file being read again
}

bool Engine::connecting() const {
    return m_loader.starting() && geo::is_postgis_connection(m_loader.current());
}

std::string Engine::title() const {
    std::string title = "incimap";
    if (!m_scene.layers().empty()) {
        title += " — " + source_name(m_scene.layers().front().path);
        if (m_scene.layers().size() > 1)
            title += " + " + std::to_string(m_scene.layers().size() - 1) + " more";
    }
    return title;
}

} // namespace incimap::scene
