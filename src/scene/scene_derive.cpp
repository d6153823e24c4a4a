// What MapScene derives from its layers, projection and filters — the merged drawn table,
// projected points, palette slots, summary, time index, and (per filters) visibility, the
// spatial index and the legend's times — built from those alone, so that the window can
// prepare a large layer on a worker while the map keeps showing what it had.

#include "scene/map_scene.hpp"

#include "core/palette.hpp"
#include "core/parallel.hpp"
#include "core/sort_times.hpp"
#include "core/time_span.hpp"

#include <algorithm>

namespace incimap::scene {

namespace {

// Whether a job on a worker was asked to stop (checked between steps and every so many rows;
// what is derived so far is then dropped by the caller).
bool stopping(const JobControl* job) { return job && job->cancelled(); }
constexpr std::size_t kRowsBetweenChecks = std::size_t{1} << 16;

// Several layers: their columns appended into `t` in layer order, categories merged by name.
// The drawn table holds the columns the renderer, the filters' view and the lists read; its
// provenance columns (z, feature index, FID, attribute row: 20 B per incident) stay empty:
// they are asked of each incident's own layer table (source_of).
void merge_layers(const std::vector<const Layer*>& layers, core::IncidentTable& t,
                  std::vector<std::size_t>& starts, const JobControl* job) {
    std::size_t total = 0;
    for (const Layer* l : layers)
        total += l->table.count();
    t.lon.reserve(total);
    t.lat.reserve(total);
    t.t_start.reserve(total);
    t.t_end.reserve(total);
    t.t_precision.reserve(total);
    t.t_zone.reserve(total);
    t.category.reserve(total);
    t.size.reserve(total);
    t.geo_precision.reserve(total);
    starts.reserve(layers.size());
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    for (std::size_t li = 0; li < layers.size(); ++li) {
        if (stopping(job))
            return;
        const core::IncidentTable& lt = layers[li]->table;
        starts.push_back(t.count());
        std::vector<core::CategoryId> remap(lt.categories.size());
        for (std::size_t c = 0; c < remap.size(); ++c)
            remap[c] = t.intern_category(lt.categories[c]);
        append(t.lon, lt.lon);
        append(t.lat, lt.lat);
        append(t.t_start, lt.t_start);
        for (std::size_t i = 0; i < lt.count(); ++i) // the layer's may be compacted
            t.t_end.push_back(lt.end_at(i));
        append(t.t_precision, lt.t_precision);
        append(t.t_zone, lt.t_zone);
        for (std::size_t i = 0; i < lt.count(); ++i)
            t.size.push_back(lt.size_at(i));
        append(t.geo_precision, lt.geo_precision);
        for (const core::CategoryId c : lt.category)
            t.category.push_back(c < remap.size() ? remap[c] : core::kNoCategory);
    }
}

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
                                   const std::vector<std::uint64_t>& ids,
                                   core::CategoryPalette palette, const JobControl* job) {
    Derived d;
    d.filters_serial = filters_serial;
    // One layer: its table is the drawn one as it is (its categories intern to the same ids
    // in the same order), so nothing is copied (memory, issue 14: 41 B per incident).
    d.shares_layer = layers.size() == 1;
    if (d.shares_layer)
        d.layer_starts.push_back(0);
    else {
        merge_layers(layers, d.drawn, d.layer_starts, job);
        d.drawn.compact_columns(); // ends and sizes by their rules where they follow them
    }
    if (stopping(job))
        return d;
    const core::IncidentTable& t = d.shares_layer ? layers.front()->table : d.drawn;
    {
        // Scoped: the points in doubles (16 B per incident), projected where they lie, are gone
        // before the index is built; the points are kept in 8 (core/packed_points.hpp).
        std::vector<core::MapPoint> points(t.count());
        for (std::size_t i = 0; i < points.size(); ++i)
            points[i] = {t.lon[i], t.lat[i]};
        projection.forward_in_place(points);
        d.projected.assign(points);
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
    // Issue 20 (panels): each layer's colours from its own counts, kept as layers come and go
    // (core::CategoryPalette); a value has one colour on the whole map.
    d.palette = std::move(palette);
    d.layer_counts.assign(layers.size(), std::vector<std::size_t>(t.categories.size(), 0));
    d.slots.resize(t.count());
    for (std::size_t li = 0; li < layers.size(); ++li) {
        const core::IncidentTable& lt = layers[li]->table;
        std::vector<std::size_t> counts(lt.categories.size(), 0);
        if (layers[li]->category_totals.empty()) {
            for (const core::CategoryId c : lt.category)
                if (c < counts.size())
                    ++counts[c];
        } else {
            for (const auto& [name, n] : layers[li]->category_totals)
                if (auto it = lt.category_lookup.find(name); it != lt.category_lookup.end())
                    counts[it->second] += n;
        }
        const std::vector<std::uint8_t> slots =
            d.palette.assign(li < ids.size() ? ids[li] : li, lt.categories, counts);
        for (std::size_t c = 0; c < counts.size(); ++c)
            if (auto it = t.category_lookup.find(lt.categories[c]); it != t.category_lookup.end())
                d.layer_counts[li][it->second] += counts[c];
        const std::size_t start = d.layer_starts[li];
        for (std::size_t row = 0; row < lt.count(); ++row) {
            const core::CategoryId c = lt.category[row];
            d.slots[start + row] = c < slots.size() ? slots[c] : core::kNoneSlot;
        }
    }
    d.category_slots.resize(t.categories.size());
    for (std::size_t c = 0; c < t.categories.size(); ++c)
        d.category_slots[c] = d.palette.slot_of(t.categories[c]).value_or(core::kOtherSlot);
    d.summary = core::summarize(t);
    d.has_coarse = std::any_of(t.geo_precision.begin(), t.geo_precision.end(),
                               [](core::GeoPrecision p) { return p >= core::GeoPrecision::Near; });
    if (stopping(job))
        return d;
    // Loading on every core: the time index (from the table) is built beside the view and its
    // spatial index (from the projected points), each from inputs the other does not change.
    core::run_parts(core::thread_count() > 1 ? 2 : 1, [&](std::size_t part) {
        if (part == 1 || core::thread_count() == 1)
            d.time_extent.build(t);
        if (part == 0)
            d.view =
                compute_view_of({t, d.layer_starts, layers, d.projected, d.slots}, filters, job);
    });
    return d;
}

void MapScene::adopt(Derived d) {
    finish_filter_job(); // a filter job on the old table: its result is stale
    m_list_job.interrupt(); // it reads the drawn table and the index
    m_merged = std::move(d.drawn);
    // One layer: the drawn table is that layer's own (the layer was added before adopt()).
    m_drawn = d.shares_layer && !m_layers.empty() ? &m_layers.front().table : &m_merged;
    m_layer_starts = std::move(d.layer_starts);
    m_projected = std::move(d.projected);
    m_category_counts = std::move(d.category_counts);
    m_slots = std::move(d.slots);
    m_palette = std::move(d.palette); // issue 20 (panels)
    m_category_slots = std::move(d.category_slots);
    m_layer_counts = std::move(d.layer_counts);
    m_summary = d.summary;
    m_has_coarse = d.has_coarse;
    m_time_extent = std::move(d.time_extent);
    m_data_dirty = true;
    adopt_view(std::move(d.view));
    if (d.filters_serial != m_filters_serial)
        set_filters(m_filters); // changed while the layer was being prepared
}

void MapScene::rebuild_drawn() {
    m_palette.retain({m_layer_ids.begin(), m_layer_ids.end()}); // removed layers' colours go
    adopt(derive(layer_pointers(), m_projection, m_filters, m_filters_serial, m_layer_ids,
                 m_palette));
}

MapScene::FilteredView MapScene::compute_view(const core::Filters& filters,
                                              const JobControl* job) const {
    return compute_view_of({*m_drawn, m_layer_starts, layer_pointers(), m_projected, m_slots}, filters,
                           job);
}

MapScene::FilteredView MapScene::compute_view_of(const ViewInputs& in,
                                                 const core::Filters& filters,
                                                 const JobControl* job) {
    const core::IncidentTable& drawn = in.drawn;
    FilteredView v;
    // Issue 20 (panels): the legend counts a hidden category as if shown (greyed, not 0), so
    // visibility is worked out as every filter but the category toggles (`base`), then those.
    core::Filters base_filters = filters;
    base_filters.hidden_categories.clear();
    std::vector<std::uint8_t> base; // empty = all
    if (!base_filters.empty()) {
        // Asked of each incident's own layer table (the drawn one has no attributes; its
        // categories are the layers' by name). No time window: the frame applies that.
        const core::RowFilter filter(base_filters);
        std::vector<core::RowPredicate> passes;
        passes.reserve(in.layers.size());
        for (std::size_t li = 0; li < in.layers.size(); ++li)
            passes.emplace_back(filter, in.layers[li]->table, li);
        base.assign(drawn.count(), 1);
        for (std::size_t layer = 0; layer < in.layers.size(); ++layer) {
            const std::size_t begin = in.layer_starts[layer];
            const std::size_t end =
                layer + 1 < in.layers.size() ? in.layer_starts[layer + 1] : drawn.count();
            for (std::size_t i = begin; i < end; ++i) {
                if (i % kRowsBetweenChecks == 0 && stopping(job))
                    return v;
                base[i] = passes[layer](i - begin) ? 1 : 0;
            }
        }
    }
    const std::size_t none = drawn.categories.size(); // "no category": the times' last entry
    const auto group = [&](std::size_t i) {
        const core::CategoryId c = drawn.category[i];
        return c < none ? static_cast<std::size_t>(c) : none;
    };
    std::vector<std::uint8_t> hidden(none + 1, 0); // by merged category (names, as the legend)
    for (std::size_t c = 0; c < none; ++c)
        hidden[c] = filters.hidden_categories.count(drawn.categories[c]) ? 1 : 0;
    hidden[none] = filters.hidden_categories.count("") ? 1 : 0;
    const bool any_hidden =
        std::any_of(hidden.begin(), hidden.end(), [](std::uint8_t h) { return h != 0; });
    if (any_hidden) {
        v.visible.assign(drawn.count(), 1);
        for (std::size_t i = 0; i < drawn.count(); ++i)
            v.visible[i] = (base.empty() || base[i] != 0) && hidden[group(i)] == 0 ? 1 : 0;
    } else {
        v.visible = base;
    }
    if (stopping(job))
        return v;
    // One layer and no category hidden (the usual case): the shown times are the layer's
    // legend times, sorted once and copied.
    const bool same_times = in.layers.size() == 1 && !any_hidden;
    // Loading on every core (issue 14): the category times (sorted per category) are worked
    // out beside the spatial index; each reads only what the other does not write.
    const auto category_times = [&] {
        // Counted first, so that each list is allocated once at its size (1M incidents: the
        // growing lists were copied ~20 times over); the distinct times gathered on the way,
        // so that the lists hold 2-byte ranks (core/sorted_times.hpp; issue 14: memory).
        auto ranks = std::make_shared<core::TimeRanks>();
        std::vector<std::vector<std::size_t>> n(in.layers.size(), std::vector<std::size_t>(none + 1, 0));
        for (std::size_t layer = 0; layer < in.layers.size(); ++layer) {
            const std::size_t begin = in.layer_starts[layer];
            const std::size_t end =
                layer + 1 < in.layers.size() ? in.layer_starts[layer + 1] : drawn.count();
            for (std::size_t i = begin; i < end; ++i)
                if (base.empty() || base[i] != 0) {
                    ++n[layer][group(i)];
                    if (drawn.t_precision[i] != core::TimePrecision::None && ranks->usable()) {
                        ranks->add(drawn.t_start[i]);
                        ranks->add(std::max(drawn.t_start[i], drawn.end_at(i)));
                    }
                }
        }
        ranks->finish();
        CategoryTimes fresh;
        fresh.starts = core::SortedTimes(ranks);
        fresh.ends = core::SortedTimes(ranks);
        v.category_times.assign(none + 1, fresh);
        v.legend_times.assign(in.layers.size(), std::vector<CategoryTimes>(none + 1, fresh));
        for (std::size_t c = 0; c <= none; ++c) {
            std::size_t shown = 0;
            for (std::size_t layer = 0; layer < in.layers.size(); ++layer) {
                v.legend_times[layer][c].starts.reserve(n[layer][c]);
                v.legend_times[layer][c].ends.reserve(n[layer][c]);
                shown += n[layer][c];
            }
            if (!same_times && !hidden[c]) {
                v.category_times[c].starts.reserve(shown);
                v.category_times[c].ends.reserve(shown);
            }
        }
        for (std::size_t layer = 0; layer < in.layers.size(); ++layer) {
            const std::size_t begin = in.layer_starts[layer];
            const std::size_t end =
                layer + 1 < in.layers.size() ? in.layer_starts[layer + 1] : drawn.count();
            for (std::size_t i = begin; i < end; ++i) {
                if (!base.empty() && base[i] == 0)
                    continue;
                const std::size_t c = group(i);
                CategoryTimes& lt = v.legend_times[layer][c];
                CategoryTimes* shown = hidden[c] ? nullptr : &v.category_times[c];
                if (drawn.t_precision[i] == core::TimePrecision::None) {
                    ++lt.undated;
                    if (shown)
                        ++shown->undated;
                    continue;
                }
                const core::UnixMs to = std::max(drawn.t_start[i], drawn.end_at(i));
                lt.starts.push_back(drawn.t_start[i]);
                lt.ends.push_back(to);
                if (shown) {
                    if (!same_times) {
                        shown->starts.push_back(drawn.t_start[i]);
                        shown->ends.push_back(to);
                    }
                    if (core::has_own_end(drawn.time(i))) { // issue 20: durations on the histogram
                        shown->span_starts.push_back(drawn.t_start[i]);
                        shown->span_ends.push_back(drawn.end_at(i));
                    }
                }
            }
        }
        for (auto& by_category : v.legend_times)
            for (CategoryTimes& ct : by_category) {
                ct.starts.sort();
                ct.ends.sort();
            }
        v.legend_is_shown = same_times;
        for (std::size_t c = 0; c < v.category_times.size(); ++c) {
            CategoryTimes& ct = v.category_times[c];
            if (same_times) { // held once: MapScene::legend_times reads these for the legend
                ct.starts = std::move(v.legend_times[0][c].starts);
                ct.ends = std::move(v.legend_times[0][c].ends);
                v.legend_times[0][c].starts = {};
                v.legend_times[0][c].ends = {};
            } else { // sorted above when moved
                ct.starts.sort();
                ct.ends.sort();
            }
            core::sort_times(ct.span_starts);
            core::sort_times(ct.span_ends);
        }
    };
    core::run_parts(core::thread_count() > 1 ? 2 : 1, [&](std::size_t part) {
        if (part == 0)
            v.index.build(in.projected, drawn, in.slots, v.visible);
        if (part == 1 || core::thread_count() == 1)
            category_times();
    });
    return v;
}

} // namespace incimap::scene
