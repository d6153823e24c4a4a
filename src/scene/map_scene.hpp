#pragma once
// What is on the map: the loaded layers, the projection and the basemap, and how they reach
// the renderer (projected once, uploaded once; re-sent only when the projection, the layers
// or the basemap's level of detail change). Shared by the window and `incimap render`.

#include "scene/raster_view.hpp"
#include "scene/shape_fills.hpp"
#include "scene/worker.hpp"
#include "core/camera.hpp"
#include "core/filters.hpp"
#include "core/incident_list.hpp"
#include "core/incident_table.hpp"
#include "core/palette.hpp"
#include "core/spatial_index.hpp"
#include "core/table_summary.hpp"
#include "core/time_histogram.hpp"
#include "core/sorted_times.hpp"
#include "core/time_extent.hpp"
#include "geo/basemap.hpp"
#include "geo/projection.hpp"
#include "geo/reader.hpp"
#include "render/map_renderer.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::scene {

struct Layer {
    std::string path;
    core::IncidentTable table;
    core::LoadReport report;
    // A layer fetched in parts (a PostGIS table read by region): the whole table's count per
    // category, which the palette ranks by instead of the part's counts.
    std::vector<std::pair<std::string, std::size_t>> category_totals{};
};

class MapScene {
public:
    explicit MapScene(std::string assets_dir);

    bool set_projection(const std::string& crs, std::string& error);
    const geo::Projection& projection() const { return m_projection; }
    void add_layer(Layer layer);
    // The window's way: merging, projecting and indexing a layer take seconds at ten million
    // incidents, so they run on a worker and poll_layers() adds the layer once it is ready
    // (true then, once, also when another change of the layers or the projection, which
    // first waits for it, added it); until then the scene shows what it had.
    void add_layer_async(Layer layer);
    bool poll_layers();
    bool preparing() const { return m_derive_job.busy(); }
    std::string preparing_name() const; // the path of the layer being prepared
    // Swaps a layer's contents (a PostGIS layer re-fetched for a new view or window).
    void replace_layer(std::size_t index, Layer layer);
    // Filters (layers off, categories off, text search): recomputes visibility and the index.
    // With async filters (the window) the work runs on a worker and the map keeps showing the
    // previous result until poll_filters() adopts the new one; the latest change wins.
    void set_filters(const core::Filters& filters);
    const core::Filters& filters() const { return m_filters; }
    void set_async_filters(bool on) { m_async_filters = on; }
    bool filtering() const { return m_filter_job.busy(); }
    // Adopts a finished filter result (and starts the queued change); true when one was adopted.
    bool poll_filters();
    bool visible(std::size_t drawn_index) const {
        return m_visible.empty() || m_visible[drawn_index] != 0;
    }
    // Colour or size a layer by another field of its attributes (−1: none).
    void set_category_field(std::size_t layer, int field);
    void set_size_field(std::size_t layer, int field);
    const std::vector<Layer>& layers() const { return m_layers; }

    // The camera for this projection (world width, y limits) and viewport.
    core::Camera make_camera(double width_px, double height_px) const;
    // Fits the camera to the data (with a margin), or to the world when there is none.
    void fit_to_data(core::Camera& camera, double padding_px = 48) const;
    void fit_to_box(core::Camera& camera, const core::LonLatBox& box) const;
    std::optional<core::LonLatBox> data_bbox() const;

    // Brings the renderer up to date for `camera` (basemap detail/region, places, data).
    // Returns false with `error` when the basemap cannot be read (the map still draws data).
    bool sync(render::MapRenderer& renderer, const core::Camera& camera, std::string& error);
    // The part of sync() that needs no GL: the offline basemap's triangles for `camera` and
    // the places, read and kept for the next sync(). Lets `render` do it on a thread while
    // the GL context is being made (issue 14); nothing else may use the scene meanwhile.
    void prepare_basemap(const core::Camera& camera);
    // A view drawn once (incimap render): the basemap at Medium detail is cut to the view too,
    // as High always is, where the view lies wholly on a Web Mercator map. A third of the
    // triangulation (1M first map: 0.29-0.33 -> 0.10-0.11 s, now under the GL context's
    // 0.16-0.22 s beside it), the same pixels. Off (the window): Medium covers the world,
    // made once for every pan.
    void set_basemap_for_one_view(bool on) { m_basemap_one_view = on; }
    // Data polygons the last sync drew as outlines only: GEOS could not triangulate them, or
    // not repair them within geo::RepairBudget (a ring crossing itself thousands of times).
    std::size_t unfilled_polygons() const { return m_unfilled_polygons; }
    // The window's way: polygons are triangulated (and invalid ones repaired, under
    // geo::RepairBudget) on a worker; sync() uploads the outlines at once and the fills in the
    // first sync after they are ready. Off (incimap render): sync() fills before it returns.
    void set_async_shapes(bool on) { m_async_shapes = on; }
    bool filling() const { return m_fill_job.busy(); }
    // The window's way: a basemap the view needs and the cache lacks (High detail at a new
    // region, Medium the first time) is made on a worker, and the one uploaded stays on
    // screen until it is ready (issue 14: no frame waits for GEOS; the zoom into High detail
    // took a 0.4 s frame). The first one is made before the first frame. Off (render,
    // animate): sync() makes it before it returns.
    void set_async_basemap(bool on) { m_async_basemap = on; }
    bool drawing_basemap() const { return m_basemap_job.busy(); }
    // The window at its start: the world's basemap at `detail` made on the worker ahead of
    // need, while the data loads (the view fitted to it is most often Medium detail).
    void prepare_basemap_ahead(geo::BasemapDetail detail);
    // A basemap the worker has made joins the cache (sync() looks too; the engine every
    // update, so that a host that draws nothing, or not yet, is not kept waiting).
    void poll_basemap();

    // Legend entries, counts and the time caption for the overlay.
    render::Overlay overlay(const core::Camera& camera, const render::TimeWindow& window) const;
    // The combined incident table the renderer draws (categories merged by name). With
    // several layers its provenance columns (z, feature_index, fid, attr_row) are empty: see
    // source_of(). With one layer it is that layer's own table, not a copy (memory, issue 14).
    const core::IncidentTable& drawn() const { return *m_drawn; }
    // Start times of the drawn incidents (the timeline's histogram, first and last).
    const core::TimeExtent& time_extent() const { return m_time_extent; }
    // The timeline's histogram of the incidents the filters leave, by legend group (the
    // legend's colours and order); `view_generation()` changes whenever its counts may.
    core::TimeHistogram histogram(core::UnixMs first, core::UnixMs bin, std::size_t bins) const;
    std::uint64_t view_generation() const { return m_view_generation; }
    // Which layer and row a drawn incident comes from.
    std::pair<std::size_t, std::size_t> source_of(std::size_t drawn_index) const;
    // Drawn incidents under a screen point (within their marker radius + `slop_px`), the
    // topmost (drawn last) first; only those the window shows.
    std::vector<int> pick(const core::Camera& camera, core::ScreenPx at,
                          const core::TimeWindow& window, double slop_px = 2.0) const;
    // Drawn incidents within `radius_px` of incident `i` on screen (the "same spot" stack),
    // in time order.
    std::vector<int> stack_at(const core::Camera& camera, int i, const core::TimeWindow& window,
                              double radius_px = 3.0) const;
    // Drawn incidents in view and in the window, in table order (for the list and the counts).
    std::vector<int> in_view(const core::Camera& camera, const core::TimeWindow& window) const;
    // The same in the list's `order`, computed on a worker (scene/worker.hpp): poll_list()
    // gives it when ready. A change of the drawn table or the filters reruns the request.
    void request_list(const core::Camera& camera, const core::TimeWindow& window,
                      core::ListOrder order);
    std::optional<std::vector<int>> poll_list() { return m_list_job.poll(); }
    bool listing() const { return m_list_job.busy(); }
    // Dense spots when zoomed out: screen cells of `cell_px` holding ≥ `min_count` incidents
    // shown now, badged at their members' mean position. None from zoom 10 in.
    std::vector<render::ClusterBadge> clusters(const core::Camera& camera,
                                               const core::TimeWindow& window,
                                               double cell_px = 64, std::size_t min_count = 5) const;
    const core::PackedPoints& projected() const { return m_projected; }
    // The index of the drawn incidents that pass the filters (picking, lists, clusters and the
    // renderer's frame plan).
    const core::SpatialIndex& index() const { return m_index; }
    // Whether the renderer drew the incidents from the index's frame plan (aggregates where
    // they crowd) rather than one instance each, as of the last sync(): picking follows it.
    bool aggregated() const { return m_drew_plan; }
    const std::vector<std::uint8_t>& slots() const { return m_slots; }

    // Issue 20 (panels): layers removed and reordered, each layer's own legend, the split of a
    // cluster badge by category (scene/layer_ops.cpp).
    std::uint64_t layer_id(std::size_t layer) const { return m_layer_ids.at(layer); }
    const std::vector<std::uint64_t>& layer_ids() const { return m_layer_ids; }
    // Takes every layer out with its id (the scene is then empty), and puts layers back in the
    // order given (the drawn table rebuilt at once). Waits for a layer being prepared first.
    std::vector<std::pair<std::uint64_t, Layer>> take_layers();
    void put_layers(std::vector<std::pair<std::uint64_t, Layer>> layers,
                    const core::Filters& filters);
    // Each merged category's palette slot (the legend's colours).
    const std::vector<std::uint8_t>& category_slots() const { return m_category_slots; }
    struct LayerLegend {
        std::string field;                     // coloured by ("" none)
        std::vector<render::LegendEntry> entries; // most frequent in the layer first
    };
    // The legend of layer `layer` for `window`: each of its categories with the count the
    // window shows (a hidden category's too), in the layer's order of frequency.
    LayerLegend layer_legend(std::size_t layer, const core::TimeWindow& window) const;
    // How many incidents of each category a cluster badge at `badge` (screen px, as
    // clusters() placed it) holds in `window`, most first; empty when no badge is there.
    std::vector<std::pair<std::string, std::size_t>>
    cluster_split(const core::Camera& camera, const core::TimeWindow& window,
                  core::ScreenPx badge, double cell_px = 64) const;
    // The layer's extent (lon/lat), for "zoom to layer".
    std::optional<core::LonLatBox> layer_bbox(std::size_t layer) const;

    // Basemaps (issue 16): a raster file under the data (sync() keeps its image right for the
    // view), and whether the offline land, borders and places are drawn (View > Basemap).
    RasterView& raster() { return m_raster; }
    const RasterView& raster() const { return m_raster; }
    void set_offline_basemap(bool on) { m_offline_basemap = on; }
    bool offline_basemap() const { return m_offline_basemap; }

    // Follow a live file (issue 17, map_scene_live.cpp): layer `index` swapped for a re-read
    // of its file, prepared on the worker like add_layer_async (the map keeps showing the old
    // one meanwhile); poll_layers() then says true, and take_replaced() which layer it was.
    void replace_layer_async(std::size_t index, Layer layer);
    std::optional<std::size_t> take_replaced() { return std::exchange(m_replaced, std::nullopt); }

private:
    void rebuild_drawn();
    // The data's outlines and fills to the renderer (map_shapes.cpp): `changed` after the
    // layers or the projection did; else only a finished fill job's triangles.
    void sync_shapes(render::MapRenderer& renderer, bool changed);
    // Waits for a running filter job and drops its result (before the drawn table or layers
    // change).
    void finish_filter_job();
    // Waits for a layer being prepared and adds it (before the layers or projection change).
    void finish_derive_job();
    struct Derived;
    void add_prepared_layer(Derived d); // the prepared layer and what was derived with it
    std::vector<const Layer*> layer_pointers() const;

    std::string m_assets_dir;
    geo::Projection m_projection;
    const geo::BasemapGeometry* basemap_for(const core::Camera& camera, std::string& error);
    bool m_basemap_one_view = false;
    geo::Basemap m_basemap;
    std::vector<Layer> m_layers;
    // The drawn table: m_merged (columns of all layers, no attributes), or with one layer
    // that layer's table (memory, issue 14: its columns are not copied).
    core::IncidentTable m_merged;
    const core::IncidentTable* m_drawn = &m_merged;
    // Before m_layers changes: the jobs that read the drawn table (it may be a layer's) end.
    void before_layers_change();
    std::vector<std::uint8_t> m_slots;
    core::PackedPoints m_projected;
    core::Filters m_filters;
    std::vector<std::uint8_t> m_visible; // per drawn incident; empty = all
    bool m_visibility_dirty = true;
    // Where each layer's rows start in the drawn table (they follow in layer order): which
    // layer and row a drawn incident comes from is a binary search, not 16 bytes each.
    std::vector<std::size_t> m_layer_starts;
    std::vector<std::size_t> m_category_counts;
    bool m_data_dirty = true;
    std::size_t m_unfilled_polygons = 0;
    bool m_async_shapes = false;
    std::uint64_t m_shapes_generation = 0;       // counts shape changes sent to the renderer
    std::vector<core::MapPoint> m_shape_segments; // the outlines, sent again with the fills
    core::SpatialIndex m_index;
    bool m_instances_uploaded = false; // the renderer's instanced layer holds m_drawn
    bool m_drew_plan = true;           // the renderer's last frame drew the plan
    // Per category id (the last entry: no category), the filtered incidents' sorted start and
    // end times, so that the legend's counts for a window are binary searches.
    struct CategoryTimes {
        core::SortedTimes starts, ends; // as ranks into the view's distinct times (2 B each)
        std::size_t undated = 0;
        // Those with an end of their own (core/time_span.hpp), also in starts/ends: the
        // histogram counts them in every bin they overlap (issue 20).
        std::vector<core::UnixMs> span_starts, span_ends;
        std::size_t count(const core::TimeWindow& window) const;
    };
    std::vector<CategoryTimes> m_category_times;
    std::uint64_t m_view_generation = 0; // counts adopt_view()
    // What the filters leave: visibility, the index over the visible incidents and the
    // legend's times. Computed from the drawn table only, so it can run on a worker.
    struct FilteredView {
        std::vector<std::uint8_t> visible; // empty = all
        core::SpatialIndex index;
        std::vector<CategoryTimes> category_times;
        // Issue 20 (panels): per layer, per category, every filter but the category toggles
        // (a hidden category keeps its count in the legend).
        std::vector<std::vector<CategoryTimes>> legend_times;
        // One layer, no category hidden: the legend's times are the shown ones, held once
        // in `category_times` (legend_times keeps only the undated counts). Issue 14: memory.
        bool legend_is_shown = false;
    };
    struct ViewInputs {
        const core::IncidentTable& drawn;
        const std::vector<std::size_t>& layer_starts;
        const std::vector<const Layer*>& layers;
        const core::PackedPoints& projected;
        const std::vector<std::uint8_t>& slots;
    };
    // On a worker, `job` says when to stop early (the result is then partial, and dropped).
    static FilteredView compute_view_of(const ViewInputs& in, const core::Filters& filters,
                                        const JobControl* job = nullptr);
    FilteredView compute_view(const core::Filters& filters, const JobControl* job = nullptr) const;
    void adopt_view(FilteredView view);
    // Everything derived from the layers, projection and filters (scene_derive.cpp): built
    // from those alone, so a large layer can be prepared on a worker.
    struct Derived {
        core::IncidentTable drawn; // empty when `shares_layer`
        bool shares_layer = false; // one layer: its own table is the drawn one
        std::vector<std::size_t> layer_starts;
        core::PackedPoints projected;
        std::vector<std::size_t> category_counts;
        std::vector<std::uint8_t> slots;
        core::TableSummary summary;
        bool has_coarse = false;
        core::TimeExtent time_extent;
        FilteredView view;
        std::uint64_t filters_serial = 0; // m_filters_serial when it started
        // Issue 20 (panels): the kept colours, each merged category's slot, and each layer's
        // count per merged category (its legend's order).
        core::CategoryPalette palette;
        std::vector<std::uint8_t> category_slots;
        std::vector<std::vector<std::size_t>> layer_counts;
    };
    static Derived derive(const std::vector<const Layer*>& layers,
                          const geo::Projection& projection, const core::Filters& filters,
                          std::uint64_t filters_serial, const std::vector<std::uint64_t>& ids,
                          core::CategoryPalette palette, const JobControl* job = nullptr);
    void adopt(Derived d);
    core::TimeExtent m_time_extent;
    std::uint64_t m_filters_serial = 0; // counts set_filters calls
    core::TableSummary m_summary;
    bool m_has_coarse = false;
    std::string m_uploaded_basemap; // key of what the renderer holds
    std::string m_uploaded_places;
    // Basemaps (issue 16).
    RasterView m_raster;
    bool m_offline_basemap = true;
    bool m_async_filters = false;
    // Issue 20 (panels): layer ids (parallel to m_layers), the kept colours and legends.
    std::vector<std::uint64_t> m_layer_ids;
    std::uint64_t m_next_layer_id = 1, m_pending_id = 0;
    core::CategoryPalette m_palette;
    std::vector<std::uint8_t> m_category_slots;
    std::vector<std::vector<std::size_t>> m_layer_counts;
    std::vector<std::vector<CategoryTimes>> m_legend_times;
    bool m_legend_is_shown = false; // FilteredView::legend_is_shown
    // A layer's times of category `c` for its legend (every filter but the toggles).
    const CategoryTimes& legend_times(std::size_t layer, std::size_t c) const;
    bool m_layer_added = false; // by finish_derive_job, until poll_layers() says so
    std::unique_ptr<Layer> m_pending_layer; // being prepared by m_derive_job
    // Issue 17: the layer m_pending_layer replaces (none: it is added), and the one replaced.
    std::optional<std::size_t> m_pending_replace, m_replaced;
    // Last members: destroyed first, while what the jobs read is still alive. The jobs borrow
    // the scene's tables, so they are never left behind (kNeverDetach): the destructor cancels
    // them and waits; the derive step and the filters stop early when cancelled.
    Worker<FilteredView> m_filter_job{kNeverDetach};
    Worker<std::vector<int>> m_list_job{kNeverDetach};
    Worker<Derived> m_derive_job{kNeverDetach};
    // Owns its polygons; GEOS watches its cancel flag (geo::RepairBudget::cancel).
    Worker<ShapeFills> m_fill_job;
    // The window's basemap (set_async_basemap): owns what it reads (the folder, the
    // projection's shared state), so it may be left behind at close.
    struct MadeBasemap {
        std::string asked; // ask_basemap()'s key
        geo::BasemapDetail detail{};
        std::optional<core::LonLatBox> region;
        std::unique_ptr<geo::BasemapGeometry> geometry; // nullptr: `error`
        std::string error;
    };
    Worker<MadeBasemap> m_basemap_job;
    bool m_async_basemap = false;
    std::string m_basemap_asked;  // what m_basemap_job was last asked for
    std::string m_basemap_failed; // … and what failed, with why: not asked again
    std::string m_basemap_failed_why;
    void ask_basemap(geo::BasemapDetail detail, const std::optional<core::LonLatBox>& region,
                     std::string& error);
};

// The side panel's list: drawn incident indices in view and window, in the list's order.
using ListJob = Worker<std::vector<int>>;

// Where assets live: $INCIMAP_ASSETS, else <prefix>/share/incimap/assets beside an installed
// binary (<prefix>/bin), else the source tree's assets/ (a development build).
std::string find_assets_dir();

} // namespace incimap::scene
