// What MapScene derives from its layers, projection and filters — the merged drawn table,
// projected points, palette slots, summary, time index, and (per filters) visibility, the
// spatial index and the legend's times — built from those alone, so that the window can
// prepare a large layer on a worker while the map keeps showing what it had.

#include "scene/map_scene.hpp"

#include "core/palette.hpp"
#include "core/parallel.hpp"
#include "core/time_span.hpp"

#include <algorithm>

namespace incimap::scene {

namespace {

// Whether a job on a worker was asked to stop (checked between steps and every so many rows;
// what is derived so far is then dropped by the caller).
bool stopping(const JobControl* job) { return job && job->cancelled(); }
constexpr std::size_t kRowsBetweenChecks = std::size_t{1} << 16;

} // namespace

std::vector<const Layer*> MapScene::layer_pointers() const {
    std::vector<const Layer*> out;
    out.reserve(m_layers.size());
    for (const Layer& l : m_layers)
        out.push_back(&l);
    return out;
}

MapScene::Derived MapScene::derive(const std::vector<const Layer*>& layers,
                                   const geo::Projection& projection,
                                   const core::Filters& filters, std::uint64_t filters_serial,
                                   const JobControl* job) {
    Derived d;
    d.filters_serial = filters_serial;
    core::IncidentTable& t = d.drawn;
    std::size_t total = 0;
    for (const Layer* l : layers)
        total += l->table.count();
    // The drawn table holds the columns the renderer, the filters' view and the lists read;
    // its provenance columns (z, feature index, FID, attribute row: 20 B per incident) stay
    // empty: they are asked of each incident's own layer table (source_of).
    t.lon.reserve(total);
    t.lat.reserve(total);
    t.t_start.reserve(total);
    t.t_end.reserve(total);
    t.t_precision.reserve(total);
    t.t_zone.reserve(total);
    t.category.reserve(total);
    t.size.reserve(total);
    t.geo_precision.reserve(total);
    d.layer_starts.reserve(layers.size());
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    for (std::size_t li = 0; li < layers.size(); ++li) {
        if (stopping(job))
            return d;
        const core::IncidentTable& lt = layers[li]->table;
        d.layer_starts.push_back(t.count());
        std::vector<core::CategoryId> remap(lt.categories.size());
        for (std::size_t c = 0; c < remap.size(); ++c)
            remap[c] = t.intern_category(lt.categories[c]);
        append(t.lon, lt.lon);
        append(t.lat, lt.lat);
        append(t.t_start, lt.t_start);
        append(t.t_end, lt.t_end);
        append(t.t_precision, lt.t_precision);
        append(t.t_zone, lt.t_zone);
        append(t.size, lt.size);
        append(t.geo_precision, lt.geo_precision);
        for (const core::CategoryId c : lt.category)
            t.category.push_back(c < remap.size() ? remap[c] : core::kNoCategory);
    }
    {
        // Scoped: the lon/lat copy (16 B per incident) is gone before the index is built.
        std::vector<core::LonLat> ll(t.count());
        for (std::size_t i = 0; i < ll.size(); ++i)
            ll[i] = {t.lon[i], t.lat[i]};
        d.projected.assign(ll.size(), {});
        projection.forward(ll, d.projected);
    }
    if (stopping(job))
        return d;
    d.category_counts.assign(t.categories.size(), 0);
    for (std::size_t li = 0; li < layers.size(); ++li) {
        if (!layers[li]->category_totals.empty())
            continue;
        const std::size_t end = li + 1 < layers.size() ? d.layer_starts[li + 1] : t.count();
        for (std::size_t i = d.layer_starts[li]; i < end; ++i)
            if (const core::CategoryId c = t.category[i]; c < d.category_counts.size())
                ++d.category_counts[c];
    }
    // A layer fetched in parts (PostGIS by region) counts by its whole table, so that the
    // colours (by frequency) stay put as the part changes.
    for (const Layer* l : layers)
        for (const auto& [name, n] : l->category_totals)
            if (auto it = t.category_lookup.find(name); it != t.category_lookup.end())
                d.category_counts[it->second] += n;
    const std::vector<std::uint8_t> by_category = core::palette_slots(d.category_counts);
    d.slots.resize(t.count());
    for (std::size_t i = 0; i < t.count(); ++i) {
        const core::CategoryId c = t.category[i];
        d.slots[i] = c < by_category.size() ? by_category[c] : core::kNoneSlot;
    }
    d.summary = core::summarize(t);
    d.has_coarse = std::any_of(t.geo_precision.begin(), t.geo_precision.end(),
                               [](core::GeoPrecision p) { return p >= core::GeoPrecision::Near; });
    if (stopping(job))
        return d;
    // Loading on every core: the time index (from the table) is built beside the view and its
    // spatial index (from the projected points), each from inputs the other does not change.
    core::run_parts(core::thread_count() > 1 ? 2 : 1, [&](std::size_t part) {
        if (part == 1 || core::thread_count() == 1)
            d.time_index.build(t);
        if (part == 0)
            d.view =
                compute_view_of({t, d.layer_starts, layers, d.projected, d.slots}, filters, job);
    });
    return d;
}

void MapScene::adopt(Derived d) {
    finish_filter_job(); // a filter job on the old table: its result is stale
    m_list_job.interrupt(); // it reads the drawn table and the index
    m_drawn = std::move(d.drawn);
    m_layer_starts = std::move(d.layer_starts);
    m_projected = std::move(d.projected);
    m_category_counts = std::move(d.category_counts);
    m_slots = std::move(d.slots);
    m_summary = d.summary;
    m_has_coarse = d.has_coarse;
    m_time_index = std::move(d.time_index);
    m_data_dirty = true;
    adopt_view(std::move(d.view));
    if (d.filters_serial != m_filters_serial)
        set_filters(m_filters); // changed while the layer was being prepared
}

void MapScene::rebuild_drawn() {
    adopt(derive(layer_pointers(), m_projection, m_filters, m_filters_serial));
}

MapScene::FilteredView MapScene::compute_view(const core::Filters& filters,
                                              const JobControl* job) const {
    return compute_view_of({m_drawn, m_layer_starts, layer_pointers(), m_projected, m_slots}, filters,
                           job);
}

MapScene::FilteredView MapScene::compute_view_of(const ViewInputs& in,
                                                 const core::Filters& filters,
                                                 const JobControl* job) {
    const core::IncidentTable& drawn = in.drawn;
    FilteredView v;
    if (!filters.empty()) {
        // Asked of each incident's own layer table (the drawn one has no attributes; its
        // categories are the layers' by name). No time window: the frame applies that.
        const core::RowFilter filter(filters);
        std::vector<core::RowPredicate> passes;
        passes.reserve(in.layers.size());
        for (std::size_t li = 0; li < in.layers.size(); ++li)
            passes.emplace_back(filter, in.layers[li]->table, li);
        v.visible.assign(drawn.count(), 1);
        for (std::size_t layer = 0; layer < in.layers.size(); ++layer) {
            const std::size_t begin = in.layer_starts[layer];
            const std::size_t end =
                layer + 1 < in.layers.size() ? in.layer_starts[layer + 1] : drawn.count();
            for (std::size_t i = begin; i < end; ++i) {
                if (i % kRowsBetweenChecks == 0 && stopping(job))
                    return v;
                v.visible[i] = passes[layer](i - begin) ? 1 : 0;
            }
        }
    }
    if (stopping(job))
        return v;
    v.index.build(in.projected, drawn, in.slots, v.visible);
    v.category_times.assign(drawn.categories.size() + 1, {});
    for (std::size_t i = 0; i < drawn.count(); ++i) {
        if (!v.visible.empty() && v.visible[i] == 0)
            continue;
        const core::CategoryId c = drawn.category[i];
        CategoryTimes& ct =
            v.category_times[c < drawn.categories.size() ? c : drawn.categories.size()];
        if (drawn.t_precision[i] == core::TimePrecision::None) {
            ++ct.undated;
            continue;
        }
        ct.starts.push_back(drawn.t_start[i]);
        ct.ends.push_back(std::max(drawn.t_start[i], drawn.t_end[i]));
        if (core::has_own_end(drawn.time(i))) {
            ct.span_starts.push_back(drawn.t_start[i]);
            ct.span_ends.push_back(drawn.t_end[i]);
        }
    }
    for (CategoryTimes& ct : v.category_times) {
        std::sort(ct.starts.begin(), ct.starts.end());
        std::sort(ct.ends.begin(), ct.ends.end());
        std::sort(ct.span_starts.begin(), ct.span_starts.end());
        std::sort(ct.span_ends.begin(), ct.span_ends.end());
    }
    return v;
}

} // namespace incimap::scene
