// Issue 20, the engine's part: a layer's time and end fields chosen in its panel, and fade
// mode's trail. A new choice reads the layer again on a worker with the fields given (like a
// reload: the view, the window and the selection stay), then swaps its table in.

#include "scene/engine.hpp"

#include "geo/gdal/postgis_source.hpp"

#include <algorithm>
#include <utility>

namespace incimap::scene {

namespace {

// The reader's overrides for a choice: a name, or "(none)" ("").
geo::ReadOptions retime_options(geo::ReadOptions options, const core::TimeFields& f) {
    options.fields.time = f.start;
    options.fields.no_time = f.start.empty();
    options.fields.end = f.start.empty() ? std::string() : f.end;
    options.fields.no_end = f.end.empty();
    options.progress = nullptr;
    options.cancel = nullptr;
    return options;
}

} // namespace

core::TimeFields Engine::read_time_fields(std::size_t layer) const {
    if (layer < m_read_time_fields.size())
        return m_read_time_fields[layer];
    return {};
}

void Engine::apply_timeline(const core::Commands& c) {
    if (c.set_fade_length) {
        m_state.fade_ms = std::clamp<core::UnixMs>(*c.set_fade_length, 0, 3650 * core::kMsPerDay);
        mark_changed();
    }
    if (c.set_loop || c.set_step || c.set_theme) // in the session too
        mark_changed();
    if (!c.set_time_fields)
        return;
    const auto& [layer, fields] = *c.set_time_fields;
    const auto& layers = m_scene.layers();
    if (layer >= layers.size() || layer >= m_state.styles.size())
        return;
    if (geo::is_postgis_connection(layers[layer].path)) {
        m_state.message = "A database layer's time field is chosen when it is opened";
        return;
    }
    const core::TimeFields now =
        m_state.styles[layer].time_fields.value_or(read_time_fields(layer));
    if (now == fields)
        return;
    m_state.styles[layer].time_fields = fields;
    mark_changed();
    request_retime(layer);
}

void Engine::request_retime(std::size_t layer) {
    const auto& chosen = m_state.styles[layer].time_fields;
    geo::ReadOptions options = retime_options(m_options.read, chosen.value_or(read_time_fields(layer)));
    options.allow_network = m_state.allow_network;
    // Coloured and sized as now (a field chosen in the panel included).
    const core::LoadReport& report = m_scene.layers()[layer].report;
    if (!report.category_field.empty())
        options.fields.category = report.category_field;
    if (!report.size_field.empty())
        options.fields.size = report.size_field;
    // One read at a time; a new choice waits behind the running read (replacing a waiting one).
    m_state.retiming = true;
    m_retime_job.request([layer, path = m_scene.layers()[layer].path,
                          options = std::move(options)](JobControl& job) mutable {
        options.cancel = &job.cancel_flag();
        return std::pair{layer, geo::read_incidents(path, options)};
    });
}

void Engine::poll_retime() {
    auto done = m_retime_job.poll();
    if (done) {
        auto& [layer, read] = *done;
        if (layer < m_scene.layers().size() && !read.report.cancelled) {
            if (!read.ok) {
                m_state.message = read.error;
            } else {
                // The same file in the same order: the drawn indices stay, and so does the
                // selection, unless the file changed meanwhile.
                const std::size_t before = m_scene.drawn().count();
                Layer l{m_scene.layers()[layer].path, std::move(read.table),
                        std::move(read.report), std::move(read.category_totals)};
                m_scene.replace_layer(layer, std::move(l));
                if (m_scene.drawn().count() != before)
                    select(-1);
                const core::LayerStyle& style = m_state.styles[layer];
                if (style.colour_field == -1) // none: the read would detect one
                    m_scene.set_category_field(layer, -1);
                if (style.size_field == -1)
                    m_scene.set_size_field(layer, -1);
                send_filters(); // the scene's own (a field of none clears its hidden categories)
                reset_timeline_view(false);
            }
        }
    }
    m_state.retiming = m_retime_job.busy();
}

} // namespace incimap::scene
