#include "render/map_renderer.hpp"

#include "core/label_placement.hpp"
#include "core/panel_state.hpp"
#include "render/draw_costs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace incimap::render {

namespace {

void set_clear(core::Rgba8 c) {
    glClearColor(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

// A round length for the scale bar: 1, 2 or 5 × 10^k metres, at most `max_m`.
double nice_length(double max_m) {
    const double p = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double f : {5.0, 2.0, 1.0})
        if (f * p <= max_m)
            return f * p;
    return p;
}

std::string format_length(double m) {
    char buf[32];
    if (m >= 1000)
        std::snprintf(buf, sizeof buf, "%g km", m / 1000);
    else
        std::snprintf(buf, sizeof buf, "%g m", m);
    return buf;
}

std::string format_count(std::size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

} // namespace

float river_width_px(std::size_t river_class, double zoom) {
    // Double-lined and permanent major rivers (the Tigris, the Euphrates) from zoom 5.5 (where
    // the basemap's High detail, which carries them, begins), additional major rivers from
    // 6.5, additional rivers from 7.5; each a little wider as one zooms in, at most 1.5 px.
    static constexpr double k_from[kRiverLayers] = {5.5, 5.5, 6.5, 7.5};
    static constexpr float k_widest[kRiverLayers] = {1.5f, 1.5f, 1.25f, 1.0f};
    if (river_class >= kRiverLayers || !(zoom >= k_from[river_class]))
        return 0.0f;
    const double t = std::clamp((zoom - k_from[river_class]) / 2.0, 0.0, 1.0);
    const float narrowest = std::min(1.0f, k_widest[river_class]);
    return narrowest + static_cast<float>(t) * (k_widest[river_class] - narrowest);
}

bool MapRenderer::init(std::string& error) {
    if (!m_geometry.init(error) || !m_wide_lines.init(error) || !m_incidents.init(error) ||
        !m_aggregates.init(error) || !m_heat.init(error) || !m_screen.init(error) ||
        !m_raster.init(error))
        return false;
    // The overlay's two sizes first (packed first, so their glyphs are the same texels as
    // when they were the only ones), then the labels' at content scales 1.5 and 2 (issue 20).
    if (!m_font.load(FontAtlas::default_font_file(), {11.0f, 13.0f, 16.5f, 22.0f}, error))
        return false;
    m_font.upload();
    m_small = 0;
    m_normal = 1;
    m_label = m_small;
    m_costs = measure_draw_costs(m_incidents, m_aggregates);
    m_incidents.reset_uploaded_bytes(); // what the measurement sent is no frame's
    m_aggregates.reset_uploaded_bytes();
    if (const char* path = std::getenv("INCIMAP_DRAW_PATH")) {
        if (std::strcmp(path, "instanced") == 0)
            m_mode = DrawMode::Instanced;
        else if (std::strcmp(path, "plan") == 0)
            m_mode = DrawMode::Plan;
    }
    return true;
}

bool MapRenderer::wants_instances(std::size_t instances) const {
    switch (m_mode) {
    case DrawMode::Instanced:
        return true;
    case DrawMode::Plan:
        return false;
    case DrawMode::Auto:
        break;
    }
    return core::instancing_affordable(instances, m_costs);
}

void MapRenderer::set_ui_scale(float scale) {
    m_ui_scale = std::clamp(std::isfinite(scale) ? scale : 1.0f, 0.5f, 4.0f);
    m_label = m_font.size_index(11.0f * m_ui_scale); // issue 20: HiDPI labels and badges
}

void MapRenderer::draw_incidents(const core::Camera& camera, const TimeWindow& window,
                                 int selected, float pixel_ratio) {
    pixel_ratio *= m_ui_scale; // issue 20: HiDPI markers
    const MapTransform t = MapTransform::from(camera);
    const std::size_t instances = m_incidents.count();
    if (m_aggregate_source == nullptr ||
        (m_mode == DrawMode::Instanced && instances > 0)) {
        m_frame = {};
        m_frame.path = core::DrawPath::Instanced;
        m_frame.primitives = instances;
        draw_compare(t, selected, pixel_ratio); // issue 17: window B under A
        m_incidents.draw(t, window, selected, pixel_ratio);
        return;
    }
    m_frame = core::plan_frame(*m_aggregate_source, m_mode == DrawMode::Plan ? 0 : instances,
                               camera.visible_box(), camera.units_per_px(), window, selected,
                               m_costs, m_frame.path, m_plan);
    if (m_frame.path == core::DrawPath::Instanced) {
        draw_compare(t, selected, pixel_ratio); // issue 17: window B under A
        m_incidents.draw(t, window, selected, pixel_ratio);
    } else {
        m_aggregates.draw(t, m_plan, pixel_ratio);
    }
}

// Issue 17: the comparison window's incidents as open rings (undated ones belong to A only).
void MapRenderer::draw_compare(const MapTransform& t, int selected, float pixel_ratio) {
    if (!m_compare)
        return;
    TimeWindow b = *m_compare;
    b.show_undated = false;
    m_incidents.draw(t, b, selected, pixel_ratio, true);
}

void MapRenderer::set_basemap(std::span<const core::MapPoint> land_triangles,
                              std::span<const core::MapPoint> coastline_segments,
                              std::span<const core::MapPoint> border_segments) {
    m_land.upload(land_triangles, GL_TRIANGLES);
    m_coastline.upload(coastline_segments, GL_LINES);
    m_borders.upload(border_segments, GL_LINES);
}

void MapRenderer::set_lakes(std::span<const core::MapPoint> lake_triangles) {
    m_lakes.upload(lake_triangles, GL_TRIANGLES);
}

void MapRenderer::set_rivers(std::span<const std::vector<core::MapPoint>> segments_by_class) {
    for (std::size_t i = 0; i < m_rivers.size(); ++i)
        m_rivers[i].upload(i < segments_by_class.size() ? std::span(segments_by_class[i])
                                                        : std::span<const core::MapPoint>{});
}

std::size_t MapRenderer::river_segments() const {
    std::size_t n = 0;
    for (const WideLineLayer& l : m_rivers)
        n += l.segment_count();
    return n;
}

void MapRenderer::set_data_shapes(std::span<const core::MapPoint> polygon_triangles,
                                  std::span<const core::MapPoint> line_segments) {
    m_data_polygons.upload(polygon_triangles, GL_TRIANGLES);
    m_data_lines.upload(line_segments, GL_LINES);
}

void MapRenderer::set_places(std::vector<PlaceLabel> places) { m_places = std::move(places); }

void MapRenderer::draw(const core::Camera& camera, const TimeWindow& window, int selected,
                       const Overlay* overlay, float pixel_ratio) {
    const MapTransform t = MapTransform::from(camera);
    set_clear(m_style.water);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    const auto c = [](core::Rgba8 v) { return Colour::from(v); };
    auto use = [&](core::Rgba8 col) {
        const Colour k = c(col);
        m_geometry.use(t, k.r, k.g, k.b, k.a);
    };
    // The offline basemap (or plain land), a raster basemap over it, then places on top.
    if (m_offline_basemap) {
        use(m_style.land);
        m_land.draw();
        use(m_style.water);
        m_lakes.draw(); // issue 16
        glLineWidth(1.0f);
        use(m_style.coastline);
        m_coastline.draw();
        draw_rivers(camera, t, pixel_ratio); // issue 16
    } else {
        set_clear(m_style.land);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    m_raster.draw(t, m_raster_look);
    if (m_offline_basemap) {
        use(m_style.border);
        m_borders.draw();
    }
    if (!m_basemap_places.empty())
        draw_labels(camera, m_basemap_places);
    else if (m_offline_basemap)
        draw_labels(camera, m_places);

    use(m_style.data_fill);
    m_data_polygons.draw();
    use(m_style.data_line);
    m_data_lines.draw();

    if (m_heat_source != nullptr) {
        m_heat.draw(*m_heat_source, camera, window);
        draw_selected_over_heat(camera, window, selected, pixel_ratio);
    } else {
        draw_incidents(camera, window, selected, pixel_ratio);
    }
    draw_clusters(camera);
    if (m_measure.vertex_count() > 0) { // issue 17: path and range rings
        m_geometry.use(t, 0.80f, 0.08f, 0.08f, 0.95f);
        m_measure.draw();
    }
    if (m_area.vertex_count() > 0) { // issue 17: the area filter's outline
        m_geometry.use(t, 0.05f, 0.30f, 0.75f, 0.95f);
        m_area.draw();
    }
    draw_measure_labels(camera); // p17k: the rings' radii and the path's length

    if (overlay)
        draw_overlay(camera, *overlay);
}

// Issue 16: the minor classes first, so that a major river stays on top where they meet.
void MapRenderer::draw_rivers(const core::Camera& camera, const MapTransform& t,
                              float pixel_ratio) {
    const Colour k = Colour::from(m_style.river);
    for (std::size_t i = m_rivers.size(); i-- > 0;) {
        const float width = river_width_px(i, camera.zoom());
        if (width <= 0 || m_rivers[i].segment_count() == 0)
            continue;
        m_wide_lines.use(t, t.viewport_w * pixel_ratio, t.viewport_h * pixel_ratio,
                         width * pixel_ratio, k.r, k.g, k.b, k.a);
        m_rivers[i].draw();
    }
}

void MapRenderer::draw_labels(const core::Camera& camera, const std::vector<PlaceLabel>& places) {
    if (places.empty())
        return;
    const double min_pop = core::min_population_for_zoom(camera.zoom());
    const float ui = m_ui_scale; // issue 20: HiDPI (not `k`: the loop below has its own k)
    const float ascent = m_font.ascent(m_label);
    std::vector<core::LabelBox> boxes;
    std::vector<std::size_t> which;
    const core::MapBox view = camera.visible_box();
    for (std::size_t i = 0; i < places.size() && boxes.size() < 4000; ++i) {
        const PlaceLabel& p = places[i];
        if (p.population < min_pop)
            break; // sorted by population: nothing further qualifies
        if (!std::isfinite(p.at.x) || p.at.x < view.min_x || p.at.x > view.max_x ||
            p.at.y < view.min_y || p.at.y > view.max_y)
            continue;
        const core::ScreenPx s = camera.to_screen(p.at);
        const double w = m_font.measure(p.name, m_label);
        // Dot at the place, name to its right, vertically centred.
        boxes.push_back({s.x - 3 * ui, s.y - ascent / 2 - 2 * ui, s.x + 6 * ui + w + 2 * ui,
                         s.y + ascent / 2 + 3 * ui});
        which.push_back(i);
    }
    const core::LabelBox viewport{0, 0, camera.viewport_width(), camera.viewport_height()};
    const std::vector<std::size_t> kept = core::place_labels(boxes, viewport, 150);
    m_screen.begin(&m_font);
    for (std::size_t k : kept) {
        const PlaceLabel& p = places[which[k]];
        const core::ScreenPx s = camera.to_screen(p.at);
        const auto x = static_cast<float>(s.x), y = static_cast<float>(s.y);
        m_screen.circle(x, y, 2.2f * ui, Colour::from(m_style.place_halo), 12);
        m_screen.circle(x, y, 1.6f * ui, Colour::from(m_style.place_dot), 12);
        m_screen.text(p.name, x + 6 * ui, y + ascent / 2 - ui, m_label,
                      Colour::from(m_style.place_text), 1.2f * ui, Colour::from(m_style.place_halo));
    }
    m_screen.draw(static_cast<float>(camera.viewport_width()),
                  static_cast<float>(camera.viewport_height()));
}

void MapRenderer::draw_clusters(const core::Camera& camera) {
    if (m_clusters.empty())
        return;
    m_screen.begin(&m_font);
    for (const ClusterBadge& b : m_clusters) {
        const std::string text = format_count(b.count);
        const float ui = m_ui_scale; // issue 20: HiDPI badges
        const float w = m_font.measure(text, m_label);
        const float r = std::max(9.0f * ui, w / 2 + 5 * ui);
        const auto x = static_cast<float>(b.at.x), y = static_cast<float>(b.at.y);
        m_screen.circle(x, y, r + 1.2f * ui, {0.15f, 0.15f, 0.18f, 0.9f}, 24);
        m_screen.circle(x, y, r, {1, 1, 1, 0.92f}, 24);
        m_screen.text(text, x - w / 2, y + m_font.ascent(m_label) / 2 - ui, m_label,
                      {0.1f, 0.1f, 0.12f, 1});
    }
    m_screen.draw(static_cast<float>(camera.viewport_width()),
                  static_cast<float>(camera.viewport_height()));
}

// The selected incident's marker and ring over the heat map: the frame plan of a box far
// outside the index's square holds nothing but the selected incident (when the window shows it).
void MapRenderer::draw_selected_over_heat(const core::Camera& camera, const TimeWindow& window,
                                          int selected, float pixel_ratio) {
    if (selected < 0)
        return;
    const core::MapBox sq = m_heat_source->square();
    const double far = 4 * sq.width();
    const core::MapBox nowhere{sq.max_x + far, sq.max_y + far, sq.max_x + far + 1,
                               sq.max_y + far + 1};
    m_heat_source->plan(nowhere, camera.units_per_px(), window, selected, m_plan);
    m_aggregates.draw(MapTransform::from(camera), m_plan, pixel_ratio);
}

// What the heat map's colours mean, in the legend's place: the ramp over the land colour, its
// ends and middle in incidents (fourth-root scale), and the kernel in words.
void MapRenderer::draw_heat_legend(const Overlay& o, float vw) {
    const Colour panel{1, 1, 1, 0.88f};
    const Colour frame{0.55f, 0.55f, 0.58f, 1};
    const Colour ink{0.12f, 0.12f, 0.14f, 1};
    const Colour muted{0.38f, 0.38f, 0.42f, 1};
    const float line = 17.0f, pad = 10.0f, bar_w = 180.0f, bar_h = 10.0f;
    const HeatStats& h = m_heat.last();
    const std::string title =
        o.in_window > 0 ? "heat map: " + format_count(o.in_window) + " in window" : "heat map";
    char radius[96];
    std::snprintf(radius, sizeof radius, "incidents within %.0f px, nearer count more",
                  static_cast<double>(h.radius_px));
    const std::string notes[] = {radius, "colour: 4th-root scale, top = densest spot in view"};
    float width = std::max(bar_w, m_font.measure(title, m_normal));
    for (const auto& n : notes)
        width = std::max(width, m_font.measure(n, m_small));
    const float height = pad * 2 + line * 4 + bar_h;
    const float x0 = vw - width - pad * 2 - 12, y0 = 12;
    m_screen.rect(x0 - 1, y0 - 1, vw - 11, y0 + height + 1, frame);
    m_screen.rect(x0, y0, vw - 12, y0 + height, panel);
    float y = y0 + pad + 12;
    m_screen.text(title, x0 + pad, y, m_normal, ink);
    const float bx = x0 + pad, by = y + 7;
    m_screen.rect(bx, by, bx + bar_w, by + bar_h, Colour::from(m_style.land));
    constexpr int kSteps = 45;
    for (int i = 0; i < kSteps; ++i) {
        const float t0 = static_cast<float>(i) / kSteps, t1 = static_cast<float>(i + 1) / kSteps;
        m_screen.rect(bx + bar_w * t0, by, bx + bar_w * t1, by + bar_h,
                      Colour::from(HeatLayer::ramp_at((t0 + t1) / 2)));
    }
    y = by + bar_h + 13;
    // Densities at the bar's ends and middle: t = (d / max)^exponent.
    const auto label = [&](float t) {
        const double d = static_cast<double>(h.max_density) *
                         std::pow(static_cast<double>(t), 1.0 / HeatLayer::kExponent);
        char buf[32];
        std::snprintf(buf, sizeof buf, d < 10 ? "%.1f" : "%.0f", d);
        return d >= 1000 ? format_count(static_cast<std::size_t>(std::lround(d))) : buf;
    };
    const std::string lo = "0", mid = label(0.5f), hi = label(1.0f);
    m_screen.text(lo, bx, y, m_small, muted);
    m_screen.text(mid, bx + bar_w / 2 - m_font.measure(mid, m_small) / 2, y, m_small, muted);
    m_screen.text(hi, bx + bar_w - m_font.measure(hi, m_small), y, m_small, muted);
    for (const auto& n : notes) {
        y += line;
        m_screen.text(n, x0 + pad, y, m_small, muted);
    }
}

void MapRenderer::draw_overlay(const core::Camera& camera, const Overlay& o) {
    const auto vw = static_cast<float>(camera.viewport_width());
    const auto vh = static_cast<float>(camera.viewport_height());
    const Colour panel{1, 1, 1, 0.88f};
    const Colour frame{0.55f, 0.55f, 0.58f, 1};
    const Colour ink{0.12f, 0.12f, 0.14f, 1};
    const Colour muted{0.38f, 0.38f, 0.42f, 1};
    const float line = 17.0f, pad = 10.0f;
    m_screen.begin(&m_font);

    // Legend, top right: the categories, or the heat map's ramp.
    if (!o.legend) {
        // the credit only
    } else if (m_heat_source != nullptr) {
        draw_heat_legend(o, vw);
    } else {
        std::vector<std::pair<std::string, Colour>> rows;
        float width = m_font.measure(o.title, m_normal);
        for (const auto& e : o.entries) {
            std::string s = e.label + "  " + format_count(e.count);
            width = std::max(width, 18 + m_font.measure(s, m_small));
            rows.emplace_back(std::move(s), Colour::from(e.colour));
        }
        // The window's legend says the same (issue 20).
        const std::vector<std::string> notes = core::legend_notes(o.size_field, o.has_coarse, o.fade);
        for (const auto& n : notes)
            width = std::max(width, 18 + m_font.measure(n, m_small));
        if (!rows.empty() || !notes.empty()) {
            const float h = pad * 2 + line * static_cast<float>(1 + rows.size() + notes.size());
            const float x0 = vw - width - pad * 2 - 12, y0 = 12;
            m_screen.rect(x0 - 1, y0 - 1, vw - 11, y0 + h + 1, frame);
            m_screen.rect(x0, y0, vw - 12, y0 + h, panel);
            float y = y0 + pad + 12;
            m_screen.text(o.title, x0 + pad, y, m_normal, ink);
            for (const auto& [text, colour] : rows) {
                y += line;
                m_screen.circle(x0 + pad + 5, y - 4, 5.5f, {0.13f, 0.13f, 0.13f, 0.9f});
                m_screen.circle(x0 + pad + 5, y - 4, 4.5f, colour);
                m_screen.text(text, x0 + pad + 16, y, m_small, ink);
            }
            for (const auto& n : notes) {
                y += line;
                m_screen.text(n, x0 + pad, y, m_small, muted);
            }
        }
    }

    // Time window caption, top left.
    if (!o.caption.empty()) {
        const float w = m_font.measure(o.caption, m_normal);
        m_screen.rect(11, 11, 12 + w + pad * 2 + 1, 12 + 26 + 1, frame);
        m_screen.rect(12, 12, 12 + w + pad * 2, 12 + 26, panel);
        m_screen.text(o.caption, 12 + pad, 12 + 18, m_normal, ink);
    }

    // Scale bar, bottom left: the longest round length that fits in 120 px.
    if (o.metres_per_px > 0) {
        const double length_m = nice_length(120.0 * o.metres_per_px);
        const auto bar = static_cast<float>(length_m / o.metres_per_px);
        const float x0 = 16, y0 = vh - 18;
        m_screen.rect(x0 - 6, y0 - 22, x0 + bar + 8, y0 + 8, panel);
        m_screen.rect(x0, y0 - 1, x0 + bar, y0 + 2, ink);
        m_screen.rect(x0, y0 - 7, x0 + 2, y0 + 2, ink);
        m_screen.rect(x0 + bar - 2, y0 - 7, x0 + bar, y0 + 2, ink);
        m_screen.text(format_length(length_m), x0 + 2, y0 - 9, m_small, ink);
    }

    // Attribution, bottom right.
    if (!o.attribution.empty()) {
        const float w = m_font.measure(o.attribution, m_small);
        m_screen.rect(vw - w - 14, vh - 18, vw, vh, panel);
        m_screen.text(o.attribution, vw - w - 8, vh - 5, m_small, muted);
    }
    m_screen.draw(vw, vh);
}

} // namespace incimap::render
