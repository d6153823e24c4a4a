#include "scene/map_scene.hpp"

#include "core/palette.hpp"
#include "core/table_summary.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <utility>

namespace incimap::scene {

std::string find_assets_dir() {
    if (const char* env = std::getenv("INCIMAP_ASSETS"); env && *env)
        return env;
    // An installed binary (PREFIX/bin) uses its own PREFIX/share/incimap/assets, never the
    // source tree it was built from; a binary in a build folder uses the source tree's.
    std::error_code ec;
    const auto bin = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
    const auto usable = [](const std::filesystem::path& dir) {
        return std::filesystem::exists(dir / "basemap");
    };
    if (!ec && usable(bin / "../share/incimap/assets"))
        return std::filesystem::weakly_canonical(bin / "../share/incimap/assets").string();
#ifdef INCIMAP_SOURCE_ASSETS
    if (usable(INCIMAP_SOURCE_ASSETS))
        return INCIMAP_SOURCE_ASSETS;
#endif
    if (!ec)
        for (const auto& candidate : {bin / "../assets", bin / "assets"})
            if (usable(candidate))
                return std::filesystem::weakly_canonical(candidate).string();
    return "assets";
}

MapScene::MapScene(std::string assets_dir)
    : m_assets_dir(std::move(assets_dir)), m_projection(geo::Projection::web_mercator()),
      m_basemap(m_assets_dir + "/basemap") {}

bool MapScene::set_projection(const std::string& crs, std::string& error) {
    auto p = geo::Projection::create(crs, error);
    if (!p)
        return false;
    finish_derive_job();
    m_projection = *p;
    rebuild_drawn();
    m_uploaded_basemap.clear();
    m_uploaded_places.clear();
    return true;
}

void MapScene::add_layer(Layer layer) {
    layer.table.compact_columns(); // issue 14: memory (core/incident_table.hpp)
    finish_derive_job();
    before_layers_change(); // the jobs read m_layers
    m_layers.push_back(std::move(layer));
    m_layer_ids.push_back(m_next_layer_id++); // issue 20 (panels)
    rebuild_drawn();
}

void MapScene::add_layer_async(Layer layer) {
    layer.table.compact_columns();
    finish_derive_job();
    m_pending_layer = std::make_unique<Layer>(std::move(layer));
    std::vector<const Layer*> layers = layer_pointers();
    layers.push_back(m_pending_layer.get());
    m_pending_id = m_next_layer_id++; // issue 20 (panels)
    std::vector<std::uint64_t> ids = m_layer_ids;
    ids.push_back(m_pending_id);
    // The job reads the layers (none changes before finish_derive_job) and its own copies.
    m_derive_job.request([layers = std::move(layers), projection = m_projection,
                          filters = m_filters, serial = m_filters_serial, ids = std::move(ids),
                          palette = m_palette](JobControl& job) {
        return derive(layers, projection, filters, serial, ids, palette, &job);
    });
}

bool MapScene::poll_layers() {
    if (std::optional<Derived> d = m_derive_job.poll())
        add_prepared_layer(std::move(*d));
    // Also when another change waited for the layer and added it (finish_derive_job).
    return std::exchange(m_layer_added, false);
}

std::string MapScene::preparing_name() const {
    return m_pending_layer ? m_pending_layer->path : std::string();
}

void MapScene::finish_derive_job() {
    if (std::optional<Derived> d = m_derive_job.wait())
        add_prepared_layer(std::move(*d));
}

void MapScene::add_prepared_layer(Derived d) {
    // A filter job reads m_layers and m_layer_starts together: it must end before either
    // changes (adopt() would drop it only after the push: a job then saw two layers and one
    // start, ASan's heap overflow in compute_view_of).
    before_layers_change();
    if (m_pending_replace) { // issue 17: a live file read again
        m_layers.at(*m_pending_replace) = std::move(*m_pending_layer);
        m_replaced = std::exchange(m_pending_replace, std::nullopt);
    } else {
        m_layers.push_back(std::move(*m_pending_layer));
        m_layer_ids.push_back(m_pending_id); // issue 20 (panels); a reloaded layer keeps its id
    }
    m_pending_layer.reset();
    adopt(std::move(d));
    m_layer_added = true;
}

void MapScene::replace_layer(std::size_t index, Layer layer) {
    layer.table.compact_columns();
    finish_derive_job();
    before_layers_change(); // the jobs read m_layers
    m_layers.at(index) = std::move(layer);
    rebuild_drawn();
}

std::size_t MapScene::CategoryTimes::count(const core::TimeWindow& window) const {
    std::size_t n = window.show_undated ? undated : 0;
    if (window.is_all())
        return n + starts.size();
    const auto starting = static_cast<std::size_t>(
        std::lower_bound(starts.begin(), starts.end(), window.to) - starts.begin());
    if (window.mode == core::TimeMode::Cumulative)
        return n + starting;
    if (window.from >= window.to)
        return n; // start < to ≤ from < end: only intervals spanning the gap; none in practice
    // Every interval over by `from` (end ≤ from) started before `to`.
    const auto over = static_cast<std::size_t>(
        std::upper_bound(ends.begin(), ends.end(), window.from) - ends.begin());
    return n + (starting > over ? starting - over : 0);
}

void MapScene::adopt_view(FilteredView view) {
    m_list_job.interrupt(); // it reads the index
    m_visible = std::move(view.visible);
    m_index = std::move(view.index); // the renderer keeps pointing at m_index
    m_category_times = std::move(view.category_times);
    m_legend_times = std::move(view.legend_times); // issue 20 (panels)
    m_legend_is_shown = view.legend_is_shown;
    m_visibility_dirty = true;
    ++m_view_generation;
}

core::TimeHistogram MapScene::histogram(core::UnixMs first, core::UnixMs bin,
                                        std::size_t bins) const {
    core::TimeHistogram h;
    h.first = first;
    h.bin = bin;
    h.bins = bins;
    // The legend's groups: categories with a colour of their own by total, then the others
    // together, then no category.
    const std::vector<std::uint8_t>& slots = m_category_slots; // kept per value (issue 20)
    std::vector<std::size_t> order(m_category_counts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_category_counts[a] > m_category_counts[b];
    });
    const std::size_t none = m_category_counts.size(); // CategoryTimes' last entry
    std::vector<std::size_t> group_of(m_category_times.size(), 0);
    std::size_t other_group = SIZE_MAX;
    for (std::size_t c : order) {
        if (slots[c] < core::kCategoryPalette.size()) {
            group_of[c] = h.groups.size();
            h.groups.push_back({m_drawn->categories[c], core::slot_colour(slots[c])});
        }
    }
    for (std::size_t c : order) {
        if (slots[c] >= core::kCategoryPalette.size()) {
            if (other_group == SIZE_MAX) {
                other_group = h.groups.size();
                h.groups.push_back({"other categories", core::kOtherCategory});
            }
            group_of[c] = other_group;
        }
    }
    if (none < group_of.size() &&
        (!m_category_times[none].starts.empty() || m_category_times[none].undated > 0)) {
        group_of[none] = h.groups.size();
        h.groups.push_back({m_drawn->categories.empty() ? "incidents" : "(no category)",
                            core::kNoCategoryColour});
    }
    h.counts.assign(bins * h.groups.size(), 0);
    for (std::size_t c = 0; c < m_category_times.size() && !h.groups.empty(); ++c) {
        const CategoryTimes& ct = m_category_times[c];
        h.undated += ct.undated;
        if (ct.starts.empty())
            continue; // (an empty "no category" has no group)
        core::count_into_bins(ct.starts, first, bin, bins, h.counts.data() + group_of[c],
                              h.groups.size());
        // Incidents with an end: also in every later bin they overlap (issue 20).
        core::count_carried_into_bins(ct.span_starts, ct.span_ends, first, bin, bins,
                                      h.counts.data() + group_of[c], h.groups.size());
        h.spanning += ct.span_starts.size();
    }
    return h;
}

void MapScene::set_filters(const core::Filters& filters) {
    m_filters = filters;
    ++m_filters_serial; // a layer being prepared with the previous filters applies these after
    if (!m_async_filters) {
        adopt_view(compute_view(m_filters));
        return;
    }
    m_filter_job.request([this, f = filters](JobControl& job) { return compute_view(f, &job); });
}

bool MapScene::poll_filters() {
    std::optional<FilteredView> view = m_filter_job.poll();
    if (!view)
        return false;
    adopt_view(std::move(*view));
    return true;
}

void MapScene::finish_filter_job() {
    m_filter_job.drop(); // the drawn table is about to change: the result is stale anyway
}

void MapScene::before_layers_change() {
    finish_filter_job();
    // With one layer the drawn table is that layer's (memory, issue 14): a list being made
    // reads it, so it ends before the layers move or change (it runs again after adopt()).
    m_list_job.interrupt();
}

void MapScene::set_category_field(std::size_t layer, int field) {
    finish_derive_job();
    before_layers_change(); // the jobs read the layer's categories and attributes
    if (layer >= m_layers.size())
        return;
    Layer& l = m_layers[layer];
    core::recategorise(l.table, field);
    m_palette.release(m_layer_ids[layer]); // issue 20: its new values take colours afresh
    const auto& fields = l.table.attributes.fields();
    l.report.category_field = field >= 0 && static_cast<std::size_t>(field) < fields.size()
                                  ? fields[static_cast<std::size_t>(field)].name
                                  : "";
    m_filters.hidden_categories.clear();
    rebuild_drawn();
}

void MapScene::set_size_field(std::size_t layer, int field) {
    finish_derive_job();
    before_layers_change();
    if (layer >= m_layers.size())
        return;
    Layer& l = m_layers[layer];
    core::resize_by(l.table, field);
    l.table.compact_columns(); // a field that gives no sizes: held as the rule again
    const auto& fields = l.table.attributes.fields();
    l.report.size_field = field >= 0 && static_cast<std::size_t>(field) < fields.size()
                              ? fields[static_cast<std::size_t>(field)].name
                              : "";
    rebuild_drawn();
}

core::Camera MapScene::make_camera(double width_px, double height_px) const {
    core::Camera cam(m_projection.world_width());
    cam.set_viewport(width_px, height_px);
    const auto [lo, hi] = m_projection.y_limits();
    cam.set_y_limits(lo, hi);
    return cam;
}

std::optional<core::LonLatBox> MapScene::data_bbox() const {
    core::LonLatBox box;
    for (std::size_t i = 0; i < m_drawn->count(); ++i)
        box.extend({m_drawn->lon[i], m_drawn->lat[i]});
    if (box.empty)
        return std::nullopt;
    return box;
}

void MapScene::fit_to_box(core::Camera& camera, const core::LonLatBox& box) const {
    camera.fit(m_projection.project_box(box), 0.0);
}

void MapScene::fit_to_data(core::Camera& camera, double padding_px) const {
    if (auto box = data_bbox()) {
        camera.fit(m_projection.project_box(*box), padding_px);
        // A single place (or a tight cluster) should not fill the screen at street level.
        camera.set_zoom(std::min(camera.zoom(), 11.0));
    } else {
        core::LonLatBox world;
        world.extend({-170, -60});
        world.extend({170, 75});
        camera.fit(m_projection.project_box(world), 0.0);
    }
}

// The basemap at the detail this zoom deserves; High detail is cut to the region in view.
const geo::BasemapGeometry* MapScene::basemap_for(const core::Camera& camera, std::string& error) {
    const geo::BasemapDetail detail = geo::detail_for_zoom(camera.zoom());
    const core::MapBox v = camera.visible_box();
    bool cut = detail == geo::BasemapDetail::High;
    if (detail == geo::BasemapDetail::Medium && m_basemap_one_view &&
        m_projection.is_web_mercator()) {
        // Only a view wholly on the map: no antimeridian and no edge of the world in it.
        const double half = m_projection.world_width() / 2;
        const auto [y_min, y_max] = m_projection.y_limits();
        cut = v.min_x >= -half && v.max_x <= half && v.min_y >= y_min && v.max_y <= y_max;
    }
    std::optional<core::LonLatBox> region;
    if (cut) {
        core::LonLatBox r;
        for (double fx : {0.0, 0.5, 1.0})
            for (double fy : {0.0, 0.5, 1.0})
                if (auto ll = m_projection.inverse({v.min_x + fx * v.width(),
                                                    v.min_y + fy * v.height()}))
                    r.extend(*ll);
        if (!r.empty)
            region = r;
    }
    if (!m_async_basemap || m_uploaded_basemap.empty()) // render; the window's first frame
        return m_basemap.geometry(detail, m_projection, region, error);
    if (const geo::BasemapGeometry* g = m_basemap.cached(detail, m_projection, region))
        return g;
    // Made on the worker; meanwhile the uploaded one stays (nullptr, no error).
    ask_basemap(detail, region, error);
    return nullptr;
}

void MapScene::ask_basemap(geo::BasemapDetail detail, const std::optional<core::LonLatBox>& region,
                           std::string& error) {
    std::string asked = m_projection.name() + "/" + std::to_string(static_cast<int>(detail));
    if (region)
        asked += "/" + std::to_string(region->min_lon) + "," + std::to_string(region->min_lat) +
                 "," + std::to_string(region->max_lon) + "," + std::to_string(region->max_lat);
    if (asked == m_basemap_failed) {
        error = m_basemap_failed_why;
        return;
    }
    if (asked == m_basemap_asked && m_basemap_job.busy())
        return;
    m_basemap_asked = asked;
    m_basemap_job.request([asked, detail, region, dir = m_basemap.directory(),
                           projection = m_projection] {
        MadeBasemap made{asked, detail, region, nullptr, {}};
        made.geometry = geo::Basemap::build(dir, detail, projection, region, made.error);
        return made;
    });
}

void MapScene::prepare_basemap_ahead(geo::BasemapDetail detail) {
    if (!m_async_basemap || m_basemap.cached(detail, m_projection, std::nullopt))
        return;
    std::string error; // a failure shows again, and is reported, when a sync needs it
    ask_basemap(detail, std::nullopt, error);
}

// Where the projection is still the one it was made for.
void MapScene::poll_basemap() {
    std::optional<MadeBasemap> made = m_basemap_job.poll();
    if (!made)
        return;
    if (!made->geometry) {
        m_basemap_failed = made->asked;
        m_basemap_failed_why = made->error;
    } else if (made->asked.starts_with(m_projection.name() + "/")) {
        m_basemap.adopt(made->detail, m_projection, made->region, std::move(made->geometry));
    }
}

void MapScene::prepare_basemap(const core::Camera& camera) {
    std::string error; // a failure shows again, and is reported, in sync()
    (void)basemap_for(camera, error); // as sync() asks for it
    (void)m_basemap.places(m_projection, error);
}

bool MapScene::sync(render::MapRenderer& renderer, const core::Camera& camera,
                    std::string& error) {
    bool ok = true;
    // Basemaps (issue 16): a raster file under the data; the offline map on or off.
    renderer.set_offline_basemap(m_offline_basemap);
    if (!m_raster.sync(renderer, camera, m_projection.name(), error))
        ok = false;
    poll_basemap();
    std::string basemap_error;
    const geo::BasemapGeometry* g = basemap_for(camera, basemap_error);
    if (g == nullptr) {
        if (!basemap_error.empty()) { // else the window's worker is making it
            error = basemap_error;
            ok = false;
        }
    } else {
        const std::string key = m_projection.name() + "/" + std::to_string(reinterpret_cast<std::uintptr_t>(g)) +
                                "/" + std::to_string(g->land_triangles.size());
        if (key != m_uploaded_basemap) {
            renderer.set_basemap(g->land_triangles, g->coastline_segments, g->border_segments);
            renderer.set_rivers(g->river_segments); // issue 16: High detail only, else none
            renderer.set_lakes(g->lake_triangles);  // issue 16: Medium (the largest) and High
            m_uploaded_basemap = key;
        }
    }
    if (m_uploaded_places != m_projection.name()) {
        std::string places_error;
        if (const auto* places = m_basemap.places(m_projection, places_error)) {
            std::vector<render::PlaceLabel> labels;
            labels.reserve(places->size());
            for (const auto& p : *places)
                labels.push_back({p.map, p.name, static_cast<double>(p.population)});
            renderer.set_places(std::move(labels));
        } else if (ok) {
            error = places_error;
            ok = false;
        }
        m_uploaded_places = m_projection.name();
    }
    // One instance per incident only where this GPU could draw them all in a frame's budget
    // (render/draw_costs.hpp); the frame plan from the index is always there.
    const bool instances = renderer.wants_instances(m_drawn->count());
    if (m_data_dirty || instances != m_instances_uploaded) {
        if (instances)
            renderer.incidents().upload(*m_drawn, m_projected, m_slots);
        else
            renderer.incidents().upload(core::IncidentTable{}, {}, {}); // frees the instances
        renderer.set_aggregate_source(&m_index);
        m_instances_uploaded = instances;
        m_visibility_dirty = true;
    }
    switch (renderer.draw_mode()) {
    case render::MapRenderer::DrawMode::Plan:
        m_drew_plan = true;
        break;
    case render::MapRenderer::DrawMode::Instanced:
        m_drew_plan = !instances;
        break;
    case render::MapRenderer::DrawMode::Auto:
        m_drew_plan = !instances || renderer.aggregated();
        break;
    }
    if (m_data_dirty) {
        // The data's own lines and polygons: outlines now; fills on a worker in the window.
        sync_shapes(renderer, true);
        m_data_dirty = false;
    } else {
        sync_shapes(renderer, false);
    }
    if (m_visibility_dirty) {
        renderer.incidents().set_visibility(m_visible);
        m_visibility_dirty = false;
    }
    return ok;
}

std::pair<std::size_t, std::size_t> MapScene::source_of(std::size_t drawn_index) const {
    if (drawn_index >= m_drawn->count() || m_layer_starts.empty())
        return {0, 0};
    const auto after = std::upper_bound(m_layer_starts.begin(), m_layer_starts.end(), drawn_index);
    const auto layer = static_cast<std::size_t>(after - m_layer_starts.begin()) - 1;
    return {layer, drawn_index - m_layer_starts[layer]};
}

std::vector<int> MapScene::pick(const core::Camera& camera, core::ScreenPx at,
                                const core::TimeWindow& window, double slop_px) const {
    const double upp = camera.units_per_px();
    const core::MapPoint m = camera.to_map(at);
    if (aggregated())
        // What the aggregated frame draws: incidents in sparse cells, aggregates in dense ones.
        return m_index.pick(m, upp, window, slop_px);
    std::vector<int> hits;
    const double reach = (core::kMaxMarkerRadiusPx * 1.5 + slop_px) * upp;
    m_index.for_each_in(
        {m.x - reach, m.y - reach, m.x + reach, m.y + reach},
        [&](std::uint32_t i, core::MapPoint p) {
            if (!window.shows(m_drawn->t_start[i], m_drawn->end_at(i), m_drawn->t_precision[i]))
                return;
            double r = core::marker_radius_px(m_drawn->size_at(i));
            if (m_drawn->geo_precision[i] >= core::GeoPrecision::Region)
                r *= 1.5;
            const double d = std::hypot(p.x - m.x, p.y - m.y) / upp;
            if (d <= r + slop_px)
                hits.push_back(static_cast<int>(i));
        });
    std::sort(hits.begin(), hits.end(), std::greater<>()); // drawn last = on top
    return hits;
}

std::vector<int> MapScene::stack_at(const core::Camera& camera, int i,
                                    const core::TimeWindow& window, double radius_px) const {
    std::vector<int> out;
    if (i < 0 || static_cast<std::size_t>(i) >= m_projected.size())
        return out;
    const core::MapPoint c = m_projected[static_cast<std::size_t>(i)];
    const double reach = radius_px * camera.units_per_px();
    m_index.for_each_in(
        {c.x - reach, c.y - reach, c.x + reach, c.y + reach}, [&](std::uint32_t k, core::MapPoint) {
            if (window.shows(m_drawn->t_start[k], m_drawn->end_at(k), m_drawn->t_precision[k]))
                out.push_back(static_cast<int>(k));
        });
    std::sort(out.begin(), out.end());
    std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
        return m_drawn->t_start[static_cast<std::size_t>(a)] <
               m_drawn->t_start[static_cast<std::size_t>(b)];
    });
    return out;
}

std::vector<int> MapScene::in_view(const core::Camera& camera,
                                   const core::TimeWindow& window) const {
    std::vector<int> out;
    m_index.for_each_in(camera.visible_box(), [&](std::uint32_t i, core::MapPoint) {
        if (window.shows(m_drawn->t_start[i], m_drawn->end_at(i), m_drawn->t_precision[i]))
            out.push_back(static_cast<int>(i));
    });
    // In table order, as before: a sort when few, a sweep over a bitmap when many.
    if (out.size() < m_drawn->count() / 16) {
        std::sort(out.begin(), out.end());
    } else {
        std::vector<std::uint8_t> in(m_drawn->count(), 0);
        for (int i : out)
            in[static_cast<std::size_t>(i)] = 1;
        out.clear();
        for (std::size_t i = 0; i < in.size(); ++i)
            if (in[i])
                out.push_back(static_cast<int>(i));
    }
    return out;
}

void MapScene::request_list(const core::Camera& camera, const core::TimeWindow& window,
                            core::ListOrder order) {
    m_list_job.request([this, camera, window, order] {
        std::vector<int> rows = in_view(camera, window);
        core::sort_list(rows, *m_drawn, order);
        return rows;
    });
}

std::vector<render::ClusterBadge> MapScene::clusters(const core::Camera& camera,
                                                     const core::TimeWindow& window,
                                                     double cell_px, std::size_t min_count) const {
    std::vector<render::ClusterBadge> out;
    if (camera.zoom() >= 10.0 || m_projected.empty())
        return out;
    const core::MapBox v = camera.visible_box();
    // Cells of the index about `cell_px` wide (between half and all of it): counts by binary
    // search in dense cells, so any table costs the cells on screen. Badged up and to the
    // right of the members' mean, so their colours stay visible beneath.
    const int level = std::max(0, m_index.level_for(camera.units_per_px(), cell_px));
    m_index.walk(level, v, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
        const core::CellSummary c = m_index.summarize(level, b, e, window);
        if (c.shown < min_count || !(c.mean.x >= v.min_x && c.mean.x <= v.max_x &&
                                     c.mean.y >= v.min_y && c.mean.y <= v.max_y))
            return;
        const core::ScreenPx s = camera.to_screen(c.mean);
        out.push_back({{s.x + 11, s.y - 11}, c.shown});
    });
    return out;
}

render::Overlay MapScene::overlay(const core::Camera& camera,
                                  const render::TimeWindow& window) const {
    render::Overlay o;
    o.title = "incidents";
    if (!m_layers.empty() && !m_layers.front().report.category_field.empty())
        o.title = m_layers.front().report.category_field;
    const std::vector<std::uint8_t>& slots = m_category_slots; // kept per value (issue 20)
    // Counts in the legend are what the window shows (the palette order stays by total):
    // binary searches per category, never a loop over the incidents.
    const bool all = window.is_all();
    std::vector<std::size_t> shown(m_category_counts.size(), 0);
    std::size_t shown_none = 0, shown_total = 0;
    for (std::size_t c = 0; c < m_category_times.size(); ++c) {
        const std::size_t n = m_category_times[c].count(window);
        shown_total += n;
        (c < shown.size() ? shown[c] : shown_none) += n;
    }
    o.in_window = shown_total;
    // Issue 20 (panels): a hidden category keeps its count (the legend greys it).
    for (std::size_t c = 0; c < shown.size(); ++c) {
        std::size_t n = 0;
        for (std::size_t layer = 0; layer < m_legend_times.size(); ++layer)
            n += legend_times(layer, c).count(window);
        shown[c] = n;
    }
    shown_none = 0;
    for (std::size_t layer = 0; layer < m_legend_times.size(); ++layer)
        shown_none += legend_times(layer, shown.size()).count(window);
    if (!all)
        o.title += "  (" + std::to_string(shown_total) + " of " +
                   std::to_string(m_drawn->count()) + ")";
    std::vector<std::size_t> order(m_category_counts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_category_counts[a] > m_category_counts[b];
    });
    std::size_t other = 0, others_n = 0;
    for (std::size_t c : order) {
        if (slots[c] < core::kCategoryPalette.size())
            o.entries.push_back({m_drawn->categories[c], core::slot_colour(slots[c]), shown[c]});
        else {
            other += shown[c];
            ++others_n;
        }
    }
    if (others_n > 0)
        o.entries.push_back({std::to_string(others_n) + " other categories",
                             core::kOtherCategory, other});
    if (shown_none > 0)
        o.entries.push_back({m_drawn->categories.empty() ? "incidents" : "(no category)",
                             core::kNoCategoryColour, shown_none});
    if (!m_layers.empty())
        o.size_field = m_layers.front().report.size_field;
    o.has_coarse = m_has_coarse;
    o.fade = window.mode == render::TimeMode::Fade;
    // Caption: the window in UTC, or the data's whole range.
    const core::TableSummary& sum = m_summary;
    auto day_or_time = [](core::UnixMs t) {
        return core::format_iso(t, t % core::kMsPerDay == 0 ? core::TimePrecision::Day
                                                            : core::TimePrecision::Minute);
    };
    if (all && sum.dated > 0)
        o.caption = "all dates: " + core::format_iso(sum.first_start, core::TimePrecision::Day) +
                    " – " + core::format_iso(sum.last_end - 1, core::TimePrecision::Day) + " UTC";
    else if (!all)
        o.caption = (window.mode == render::TimeMode::Cumulative ? "until " : day_or_time(window.from) + " – ") +
                    day_or_time(window.to) + " UTC" +
                    (window.mode == render::TimeMode::Cumulative ? " (cumulative)" : "");
    // Each basemap drawn is credited (issue 16).
    o.attribution = m_offline_basemap ? "Natural Earth · GeoNames (CC BY 4.0) · incimap"
                                      : "incimap";
    if (!m_raster.attribution().empty())
        o.attribution = m_raster.attribution() + " · " + o.attribution;
    // Scale: metres per pixel at the centre, measured on the ground.
    const core::ScreenPx c{camera.viewport_width() / 2, camera.viewport_height() / 2};
    const auto a = m_projection.inverse(camera.to_map({c.x - 50, c.y}));
    const auto b = m_projection.inverse(camera.to_map({c.x + 50, c.y}));
    if (a && b)
        o.metres_per_px = core::great_circle_m(*a, *b) / 100.0;
    return o;
}

} // namespace incimap::scene
