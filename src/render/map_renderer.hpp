#pragma once
// Draws one map frame into the bound framebuffer, back to front: water, land, coastlines,
// rivers, borders, place labels, the data's own lines and polygons, the incidents, and (on request)
// the overlay: legend, time-window caption, scale bar and attribution. Used by the window and
// by `incimap render`; it knows map units and pixels, not files or projections.

#include "core/camera.hpp"
#include "core/draw_plan.hpp"
#include "core/spatial_index.hpp"
#include "render/aggregate_layer.hpp"
#include "render/font_atlas.hpp"
#include "render/geometry_layer.hpp"
#include "render/heat_layer.hpp"
#include "render/incident_layer.hpp"
#include "render/map_style.hpp"
#include "render/raster_layer.hpp"
#include "render/screen_batch.hpp"
#include "render/wide_line_layer.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace incimap::render {

// Issue 16: the offline rivers' classes (GSHHG WDBII 0-3) and the width, in logical px, a
// class is drawn at this zoom: 0 = not drawn. The major classes come first as one zooms in.
inline constexpr std::size_t kRiverLayers = 4;
float river_width_px(std::size_t river_class, double zoom);

struct PlaceLabel {
    core::MapPoint at;
    std::string name;
    double population = 0;
};

// A measured number written on the map (issue 17): e.g. "300 km" at a range ring's north.
struct MeasureLabel {
    core::MapPoint at;
    std::string text;
};

// A count drawn over a dense spot when zoomed out (the incidents stay drawn beneath).
struct ClusterBadge {
    core::ScreenPx at;
    std::size_t count = 0;
};

struct LegendEntry {
    std::string label;
    core::Rgba8 colour;
    std::size_t count = 0;
};

// What the overlay says; every string is ready to print.
struct Overlay {
    std::string title;                // e.g. "event_type"
    std::vector<LegendEntry> entries; // most frequent first
    std::string size_field;           // "" when markers are not sized
    bool has_coarse = false;          // some locations are town/region level
    bool fade = false;
    std::string caption;              // the time window, e.g. "2024-01-01 – 2024-01-08 UTC"
    std::string attribution;
    double metres_per_px = 0;         // at the view centre, for the scale bar; 0 = none
    std::size_t in_window = 0;        // incidents the time window shows (anywhere)
    // false: no legend (nor the heat map's): the credit line (and caption, scale) only, as a
    // PNG without --legend credits the basemap file or tiles drawn (issue 16).
    bool legend = true;
};

// `o` with only its attribution line (legend false): what a map without a legend shows of
// the overlay when a basemap file or tile URL is drawn (issue 16).
inline Overlay credit_only(const Overlay& o) {
    Overlay credit;
    credit.legend = false;
    credit.attribution = o.attribution;
    return credit;
}

class MapRenderer {
public:
    bool init(std::string& error); // shaders and font; needs a current GL context

    void set_basemap(std::span<const core::MapPoint> land_triangles,
                     std::span<const core::MapPoint> coastline_segments,
                     std::span<const core::MapPoint> border_segments);
    // Issue 16: the offline basemap's lakes, triangles drawn in the water's colour over the
    // land (and under the coastlines, rivers and borders).
    void set_lakes(std::span<const core::MapPoint> lake_triangles);
    std::size_t lake_vertices() const { return m_lakes.vertex_count(); }
    // Issue 16: the offline basemap's rivers, segments (2 points each) by class, 0 the most
    // important (river_width_px says which classes a zoom shows, and how wide).
    void set_rivers(std::span<const std::vector<core::MapPoint>> segments_by_class);
    std::size_t river_segments() const;
    void set_data_shapes(std::span<const core::MapPoint> polygon_triangles,
                         std::span<const core::MapPoint> line_segments);
    void set_places(std::vector<PlaceLabel> places); // most populous first
    // A vector basemap's place names (issue 16), heaviest first: drawn instead of the
    // offline places while there are any.
    void set_basemap_places(std::vector<PlaceLabel> places) { m_basemap_places = std::move(places); }
    const std::vector<PlaceLabel>& basemap_places() const { return m_basemap_places; }
    void set_clusters(std::vector<ClusterBadge> clusters) { m_clusters = std::move(clusters); }
    // The index the frame plan draws from (MapScene's, over the incidents the filters leave).
    // Each frame draws the incidents either as the instanced layer (when it holds them) or
    // as this index's plan, whichever core::choose_draw_path says costs less on this GPU for
    // what the view and window show; nullptr: the instanced layer only. The index must
    // outlive its use here (MapScene owns it and sets it in sync()).
    void set_aggregate_source(const core::SpatialIndex* index) { m_aggregate_source = index; }
    // Auto: per frame by cost; the others force a path (tests, benches; INCIMAP_DRAW_PATH=
    // instanced|plan at init). Instanced still needs the layer to hold the table.
    enum class DrawMode { Auto, Instanced, Plan };
    void set_draw_mode(DrawMode mode) { m_mode = mode; }
    DrawMode draw_mode() const { return m_mode; }
    // Per-primitive costs measured at init() (render/draw_costs.hpp).
    const core::DrawCosts& draw_costs() const { return m_costs; }
    void set_draw_costs(const core::DrawCosts& costs) { m_costs = costs; }
    // Whether a table of `instances` should be uploaded to the instanced layer here.
    bool wants_instances(std::size_t instances) const;
    // How the last frame drew its incidents (the plan also when there was nothing to draw).
    core::DrawPath last_path() const { return m_frame.path; }
    bool aggregated() const { return m_frame.path == core::DrawPath::Plan; }
    const core::FrameDraw& last_frame() const { return m_frame; }
    // What the last plan drew (level, cells, aggregates, individuals).
    const core::FramePlanStats& last_plan() const { return m_frame.plan; }
    const AggregateLayer& aggregates() const { return m_aggregates; }
    // Heat map: draw the incidents as the density of what the window shows of this index
    // instead of markers (the selected one keeps its marker and ring); nullptr: markers. The
    // index must outlive its use here (MapScene::index(), which stays the same object).
    void set_heat(const core::SpatialIndex* index) { m_heat_source = index; }
    // Compare two periods (issue 17): the incidents of window B drawn as open rings under
    // those of the main window (filled); nullopt: no comparison. Instanced frames only (a
    // frame drawn as the index's plan shows window A).
    void set_compare(std::optional<TimeWindow> b) { m_compare = b; }
    // Measuring (issue 17): the path and range rings as map segments (2 points each), drawn
    // over the incidents in one strong colour.
    void set_measure(std::span<const core::MapPoint> segments) { m_measure.upload(segments, GL_LINES); }
    // The measured numbers (p17k): each ring's radius at its north point, a path's length at
    // its end (render/measure_labels.cpp); in priority order, overlapping ones left out.
    void set_measure_labels(std::vector<MeasureLabel> labels) { m_measure_labels = std::move(labels); }
    const std::vector<MeasureLabel>& measure_labels() const { return m_measure_labels; }
    // Focus on an area (issue 17): the area's outline (and a polygon being drawn) as segments.
    void set_area(std::span<const core::MapPoint> segments) { m_area.upload(segments, GL_LINES); }
    bool heat() const { return m_heat_source != nullptr; }
    const HeatLayer& heat_layer() const { return m_heat; }
    IncidentLayer& incidents() { return m_incidents; }
    const IncidentLayer& incidents() const { return m_incidents; }
    MapStyle& style() { return m_style; }
    const FontAtlas& font() const { return m_font; }

    // Basemaps (issue 16): a raster under the data (its image in map units, see
    // raster_layer.hpp) and whether the offline land, borders and places are drawn.
    RasterLayer& raster() { return m_raster; }
    const RasterLayer& raster() const { return m_raster; }
    RasterLook& raster_look() { return m_raster_look; }
    void set_offline_basemap(bool on) { m_offline_basemap = on; }
    bool offline_basemap() const { return m_offline_basemap; }

    // HiDPI (issue 20): markers, place labels and cluster badges drawn `scale` times larger
    // (the monitor's content scale where the window's px are device px, as on X11); labels
    // and badge counts in the baked font size nearest to 11 px × scale.
    void set_ui_scale(float scale);
    float ui_scale() const { return m_ui_scale; }

    // Draws into the bound framebuffer of the camera's viewport size (logical px ×
    // `pixel_ratio` device px).
    void draw(const core::Camera& camera, const TimeWindow& window, int selected,
              const Overlay* overlay, float pixel_ratio = 1.0f);

private:
    void draw_rivers(const core::Camera& camera, const MapTransform& t, float pixel_ratio);
    void draw_labels(const core::Camera& camera, const std::vector<PlaceLabel>& places);
    void draw_overlay(const core::Camera& camera, const Overlay& overlay);
    void draw_clusters(const core::Camera& camera);
    void draw_selected_over_heat(const core::Camera& camera, const TimeWindow& window,
                                 int selected, float pixel_ratio);
    void draw_heat_legend(const Overlay& overlay, float viewport_w);
    void draw_compare(const MapTransform& t, int selected, float pixel_ratio); // issue 17
    void draw_measure_labels(const core::Camera& camera);                       // p17k
    void draw_incidents(const core::Camera& camera, const TimeWindow& window, int selected,
                        float pixel_ratio);

    MapStyle m_style;
    GeometryProgram m_geometry;
    GeometryLayer m_land, m_lakes, m_coastline, m_borders, m_data_polygons, m_data_lines;
    IncidentLayer m_incidents;
    AggregateLayer m_aggregates;
    const core::SpatialIndex* m_aggregate_source = nullptr;
    HeatLayer m_heat;
    const core::SpatialIndex* m_heat_source = nullptr;
    std::vector<core::FramePoint> m_plan;
    DrawMode m_mode = DrawMode::Auto;
    core::DrawCosts m_costs;
    core::FrameDraw m_frame;
    FontAtlas m_font;
    ScreenBatch m_screen;
    std::vector<PlaceLabel> m_places;
    std::vector<PlaceLabel> m_basemap_places;
    std::vector<ClusterBadge> m_clusters;
    std::size_t m_small = 0, m_normal = 0; // font size indices
    // Basemaps (issue 16).
    RasterLayer m_raster;
    RasterLook m_raster_look;
    bool m_offline_basemap = true;
    std::optional<TimeWindow> m_compare; // issue 17: window B
    GeometryLayer m_measure;             // issue 17: path and range rings
    GeometryLayer m_area;                // issue 17: the area filter's outline
    std::vector<MeasureLabel> m_measure_labels; // p17k: the numbers beside the measure lines
    // Issue 16: the offline rivers, one layer per class, drawn as antialiased wide lines.
    WideLineProgram m_wide_lines;
    std::array<WideLineLayer, kRiverLayers> m_rivers;
    // HiDPI (issue 20): the scale of markers, labels and badges; the labels' font size.
    float m_ui_scale = 1;
    std::size_t m_label = 0;
};

} // namespace incimap::render
