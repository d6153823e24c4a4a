#include "app/render_command.hpp"

#include "app/offscreen_renderer.hpp"
#include "app/render_view.hpp"
#include "app/rings_flag.hpp"
#include "app/view_lookup.hpp"
#include "geo/area_reader.hpp"
#include "scene/area_outline.hpp"
#include "scene/basemap_choice.hpp"
#include "scene/map_scene.hpp"
#include "scene/paths.hpp"
#include "scene/remote_query.hpp"
#include "core/duration.hpp"
#include "core/free_memory.hpp"
#include "core/palette.hpp"
#include "geo/gdal/postgis_source.hpp"
#include "geo/write/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>

namespace incimap::app {

void RenderArgs::add_to(CLI::App& command) {
    command.add_option("files", files, "Data files to draw")->required();
    command.add_option("-o,--output", output, "PNG file to write")->required();
    add_view_options(command);
    command.add_option("--select", selected, "Highlight the incident with this index");
    command.add_flag("--stats", stats, "Print timings as JSON on stdout");
    command.add_option("--pushdown", pushdown,
                       "PostGIS (PG:…): fetch only the view and the window: auto (tables over "
                       "the row budget, with --bbox or --center), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    // Basemaps (issue 16).
    command.add_option("--basemap", basemap,
                       "Under the data: offline (default), none, or a GeoTIFF/COG, raster "
                       "MBTiles or vector (OpenMapTiles) MBTiles file");
    command.add_option("--basemap-opacity", basemap_opacity, "Opacity of a --basemap file, 0-1")
        ->check(CLI::Range(0.0, 1.0));
    command.add_flag("--basemap-quiet", basemap_quiet,
                     "Draw a --basemap file in grey, dimmed, so the data stays loud");
    // Issue 17.
    command.add_option("--center-on", center_on,
                       "Centre on a place by name (offline GeoNames, e.g. Fallujah; Arabic and "
                       "other names too, e.g. Bagdad) or the first "
                       "incident whose text holds it; zoom by its size unless --zoom");
    command.add_option("--bookmark", bookmark,
                       "Draw a bookmarked view (Ctrl+D in the window): camera, time window and "
                       "filters (its area too); --from/--to/--zoom/--within given here win");
    command.add_option("--compare-from", compare_from,
                       "Compare two periods: window B starts here (with --compare-to); its "
                       "incidents are drawn as open rings, the window's (--from/--to) filled");
    command.add_option("--compare-to", compare_to, "Compare two periods: window B ends here");
    command.add_option("--rings", rings,
                       "Range rings LON,LAT[:R1,R2,...] in km (default 100,300,1000): geodesic "
                       "circles, as the window's kept rings; repeat for more centres");
    command.add_option("--within", within,
                       "Only incidents inside the polygons of this file (any CRS GDAL reads), "
                       "with its outline drawn");
}

std::optional<core::UnixMs> fade_trail(const std::string& text) {
    if (text.empty())
        return core::UnixMs{0};
    return core::parse_duration(text);
}

void RenderArgs::add_view_options(CLI::App& command) {
    command.add_option("--size", size, "Image size WxH in pixels (default 1280x800)");
    time_box.add_to(command, "View box minlon,minlat,maxlon,maxlat (fitted whole)");
    command.add_option("--center", center, "View centre lon,lat (with --zoom)");
    command.add_option("--zoom", zoom, "Zoom (the world is 256*2^z px wide)");
    command.add_option("--mode", mode, "window, cumulative or fade")
        ->check(CLI::IsMember({"window", "cumulative", "fade"}));
    command.add_option("--fade", fade, // issue 20
                       "With --mode fade: how long an incident stays, fading, after the window (3d)");
    command.add_option("--projection", projection, "Map CRS: EPSG:3857 (default), EPSG:4326, …");
    command.add_flag("--legend", legend, "Add legend, time caption, scale bar and attribution");
    command.add_flag("--heat", heat, "Draw a heat map (density) of the window's incidents");
    reader.add_to(command);
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// This process's resident memory now ("VmRSS") or at its peak ("VmHWM"), MiB; 0 when unknown.
double rss_mib(const char* key) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (f == nullptr)
        return 0;
    char line[256];
    double kib = 0;
    const std::size_t n = std::strlen(key);
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
            kib = std::atof(line + n + 1);
            break;
        }
    std::fclose(f);
    return kib / 1024.0;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "incimap: %s\n", message.c_str());
    return 1;
}

} // namespace

namespace {

// `value` rounded to `decimals` places (as the stats were printed with %.Nf), or null when it
// is not finite (JSON has no NaN or infinity).
nlohmann::ordered_json rounded(double value, int decimals) {
    if (!std::isfinite(value))
        return nullptr;
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

std::string render_stats_json(const RenderStats& s, const render::HeatStats* heat) {
    nlohmann::ordered_json j;
    j["incidents"] = s.incidents;
    j["read_s"] = rounded(s.read_s, 4);
    j["prepare_s"] = rounded(s.prepare_s, 4);
    j["gl_init_s"] = rounded(s.gl_init_s, 4);
    j["upload_s"] = rounded(s.upload_s, 4);
    j["draw_s"] = rounded(s.draw_s, 4);
    j["redraw_moved_window_s"] = rounded(s.redraw_moved_window_s, 4);
    j["bytes_uploaded_by_window_change"] = s.bytes_uploaded_by_window_change;
    j["png_s"] = rounded(s.png_s, 4);
    j["total_s"] = rounded(s.total_s, 4);
    j["zoom"] = rounded(s.zoom, 3);
    j["aggregated"] = s.aggregated;
    j["frame_points"] = s.frame_points;
    j["primitives"] = s.primitives;
    j["shown_estimate"] = s.shown_estimate;
    j["cost_ns"] = {{"instance", rounded(s.instance_ns, 1)},
                    {"marker", rounded(s.marker_ns, 1)},
                    {"point", rounded(s.point_ns, 1)}};
    if (heat)
        j["heat"] = {{"level", heat->level},
                     {"cell_px", rounded(heat->cell_px, 2)},
                     {"cells", heat->cells},
                     {"splats", heat->splats},
                     {"shown", heat->shown},
                     {"radius_px", rounded(heat->radius_px, 1)},
                     {"max_density", rounded(heat->max_density, 1)},
                     {"ramp_quads", heat->ramp_quads},
                     {"float_target", heat->float_target}};
    j["rss_mib"] = {{"peak_reading", rounded(s.rss_mib.peak_reading, 1)},
                    {"after_prepare", rounded(s.rss_mib.after_prepare, 1)},
                    {"after_sync", rounded(s.rss_mib.after_sync, 1)},
                    {"end", rounded(s.rss_mib.end, 1)},
                    {"peak", rounded(s.rss_mib.peak, 1)}};
    j["held_mib"] = {{"tables", rounded(s.held_mib.tables, 1)},
                     {"attributes", rounded(s.held_mib.attributes, 1)},
                     {"drawn", rounded(s.held_mib.drawn, 1)},
                     {"projected", rounded(s.held_mib.projected, 1)},
                     {"index", rounded(s.held_mib.index, 1)}};
    j["renderer"] = s.renderer;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_render(const RenderArgs& args) {
    const auto t_start = Clock::now();
    int width = 0, height = 0;
    if (std::string e = parse_image_size(args.size, width, height); !e.empty())
        return fail(e);
    if (std::string e = check_zoom(args.zoom); !e.empty())
        return fail(e);

    const TimeBox time_box = parse_time_box(args.time_box);
    if (!time_box.ok())
        return fail(time_box.error);
    render::TimeWindow window = time_box.window();
    if (args.mode == "cumulative")
        window.mode = render::TimeMode::Cumulative;
    else if (args.mode == "fade")
        window.mode = render::TimeMode::Fade;
    if (window.mode == render::TimeMode::Fade && !time_box.from)
        return fail("--mode fade needs --from and --to");
    const auto trail = fade_trail(args.fade); // issue 20
    if (!trail)
        return fail("--fade " + args.fade + ": a length such as 3d, 12h or 1d12h");

    scene::MapScene scene(scene::find_assets_dir());
    std::string error;
    if (!scene.set_projection(args.projection, error))
        return fail("--projection: " + error);
    // Basemaps (issue 16): online tiles are cached in the XDG cache folder, fetched only
    // with --allow-network.
    if (geo::is_tile_url(args.basemap))
        scene.raster().set_tile_access({scene::cache_dir() + "/tiles", args.reader.allow_network});
    if (!scene::choose_basemap(scene, args.basemap, error))
        return fail("--basemap " + error);

    core::Camera camera = scene.make_camera(width, height);
    bool fixed_view = false;
    if (std::string e = place_fixed_view(scene, camera, time_box, args.center, args.zoom,
                                         fixed_view);
        !e.empty())
        return fail(e);
    // Issue 17: a bookmark's view (its window unless --from/--to say otherwise).
    if ((!args.center_on.empty() || !args.bookmark.empty()) &&
        (time_box.bbox || !args.center.empty() ||
         (!args.center_on.empty() && !args.bookmark.empty())))
        return fail("--center-on, --bookmark, --center and --bbox each set the view: give one");
    // Issue 17: window B (--compare-from/--compare-to), read as --from/--to are.
    std::optional<core::TimeWindow> compare;
    if (!args.compare_from.empty() || !args.compare_to.empty()) {
        if (args.compare_from.empty() || args.compare_to.empty())
            return fail("--compare-from and --compare-to go together");
        const TimeBox b = parse_time_box({args.compare_from, args.compare_to, ""});
        if (!b.ok())
            return fail("compare: " + b.error);
        compare = b.window();
    }
    std::optional<NamedView> bookmarked;
    if (!args.bookmark.empty()) {
        bookmarked = view_of_bookmark(args.bookmark, error);
        if (!bookmarked)
            return fail(error);
        if (!time_box.from && !time_box.to && !bookmarked->bookmark->window.is_all()) {
            window.from = bookmarked->bookmark->window.from;
            window.to = bookmarked->bookmark->window.to;
            if (args.mode == "window")
                window.mode = bookmarked->bookmark->window.mode;
        }
    }
    // Never over an input (by file identity), nor into a folder that is not there.
    std::vector<std::string> inputs = args.files;
    inputs.push_back(args.basemap); // a basemap file is an input too (issue 16)
    if (std::string e = geo::check_output_path(args.output, inputs); !e.empty())
        return fail(e);

    // A PostGIS table over the row budget is fetched by region: the view (when it does not
    // depend on the data) and the window. The legend's totals and --select's index are about
    // the whole table, so with them `auto` reads it whole.
    const auto pushdown = geo::parse_pushdown(args.pushdown).value_or(geo::Pushdown::Auto);
    geo::QueryRegion region;
    if (fixed_view)
        region.bbox = scene::visible_lonlat(scene, camera, 2 * core::kMaxMarkerRadiusPx);
    if (time_box.from || time_box.to)
        region.time = core::TimeInterval{
            window.mode == render::TimeMode::Cumulative ? render::TimeWindow{}.from : window.from,
            window.to, core::TimePrecision::Second, core::ZoneKind::Utc};
    const bool whole_table_needed = args.legend || args.selected >= 0;
    const bool push = (region.bbox || region.time) &&
                      (pushdown == geo::Pushdown::Always ||
                       (pushdown == geo::Pushdown::Auto && fixed_view && !whole_table_needed));

    const auto t_read = Clock::now();
    double prepare_s = 0, peak_read_mib = 0;
    for (const std::string& path : args.files) {
        geo::ReadOptions options = args.reader.to_options();
        if (push && geo::is_postgis_connection(path))
            geo::set_pushdown(options, pushdown, region);
        geo::ReadResult r = geo::read_incidents(path, options);
        if (!r.ok)
            return fail(r.error);
        peak_read_mib = std::max(peak_read_mib, rss_mib("VmHWM"));
        const auto t_prepare = Clock::now();
        scene.add_layer({path, std::move(r.table), std::move(r.report), std::move(r.category_totals)});
        prepare_s += since(t_prepare);
    }
    const double read_s = since(t_read);
    core::give_back_free_memory(); // the read's freed blocks, before the GL context takes pages
    const double rss_read_mib = rss_mib("VmRSS");
    if (!fixed_view)
        place_data_view(scene, camera, args.zoom);
    // Issue 17: --center-on NAME (places first, then the incidents read) and --bookmark NAME.
    if (!args.center_on.empty())
        bookmarked = view_of_place(args.center_on, scene, error);
    if (!args.center_on.empty() && !bookmarked)
        return fail(error);
    if (bookmarked) {
        camera.set_centre(scene.projection().forward(bookmarked->centre));
        camera.set_zoom(args.zoom >= 0 ? args.zoom : bookmarked->zoom);
        if (const auto& b = bookmarked->bookmark; b && (!b->search.empty() || !b->hidden_categories.empty())) {
            core::Filters f = scene.filters();
            f.search = b->search;
            f.hidden_categories = b->hidden_categories;
            scene.set_filters(f);
        }
    }

    std::vector<RangeRings> rings; // issue 17: --rings
    for (const std::string& text : args.rings) {
        const auto r = parse_rings(text, error);
        if (!r)
            return fail(error);
        rings.push_back(*r);
    }
    core::SharedArea within; // issue 17: --within, as the window's area filter
    if (!args.within.empty()) {
        within = geo::read_area_file(args.within, error);
        if (!within)
            return fail("--within " + error);
        core::Filters f = scene.filters();
        f.area = within;
        scene.set_filters(f);
    } else if (bookmarked && bookmarked->bookmark && bookmarked->bookmark->area) {
        // p17k: a bookmark's focus area, as --within (which wins when given).
        within = bookmarked->bookmark->area;
        core::Filters f = scene.filters();
        f.area = within;
        scene.set_filters(f);
    }

    const auto t_gl = Clock::now();
    // The basemap's triangles (GEOS), cut to the view, and the places are worked out on a
    // thread while the GL context, target and shaders are made (issue 14).
    auto gl = OffscreenRenderer::create_for_view(scene, camera, width, height, error);
    if (!gl)
        return fail(error);
    render::MapRenderer& renderer = gl->renderer();
    renderer.raster_look() = scene::basemap_look(args.basemap_opacity, args.basemap_quiet);
    const double gl_init_s = since(t_gl);

    const auto t_sync = Clock::now();
    if (std::string e = gl->sync(scene, camera, args.heat); !e.empty())
        return fail(e);
    if (scene.raster().online() && !args.reader.allow_network)
        std::fprintf(stderr, "incimap: warning: --basemap %s: network access is off, only tiles "
                             "cached earlier are drawn; pass --allow-network to fetch them (in "
                             "the window: File > Allow network access)\n",
                     args.basemap.c_str());
    if (!rings.empty()) {
        renderer.set_measure(ring_segments(rings, scene.projection(), camera.world_width()));
        renderer.set_measure_labels(ring_labels(rings, scene.projection())); // p17k: "300 km"
    }
    if (within) {
        std::vector<core::MapPoint> outline;
        scene::append_area_outline(*within, scene.projection(), camera.world_width(), outline);
        renderer.set_area(outline);
    }
    const double sync_s = since(t_sync);
    const double rss_sync_mib = rss_mib("VmRSS");

    render::Overlay overlay = scene.overlay(camera, window);
    if (compare) { // issue 17: B under A, and both counts in the caption
        renderer.set_compare(compare);
        overlay.caption += "  ·  A " + std::to_string(overlay.in_window) + " · B " +
                           std::to_string(scene.overlay(camera, *compare).in_window) +
                           " (rings) " + core::format_iso_utc(compare->from).substr(0, 10) +
                           " – " + core::format_iso_utc(compare->to - 1).substr(0, 10);
    }
    const auto t_draw = Clock::now();
    // Issue 16: a basemap file or tile URL drawn is credited in the PNG, legend or not (the
    // line --legend draws, small, bottom right).
    const render::Overlay credit = render::credit_only(overlay);
    const bool credited = !scene.raster().attribution().empty();
    render::Image image = gl->draw(camera, core::with_trail(window, *trail), args.selected,
                                   args.legend ? &overlay : credited ? &credit : nullptr);
    const double draw_s = since(t_draw);
    // This frame's heat statistics, not the redraw's.
    const std::optional<render::HeatStats> heat =
        renderer.heat() ? std::optional(renderer.heat_layer().last()) : std::nullopt;

    // The same frame again with the window moved: what scrubbing costs (nothing uploaded).
    const std::size_t uploaded_before = renderer.incidents().uploaded_bytes();
    double redraw_s = 0;
    if (args.stats) {
        render::TimeWindow moved = window;
        moved.from += core::kMsPerDay;
        moved.to += core::kMsPerDay;
        const auto t_redraw = Clock::now();
        (void)gl->draw(camera, moved, args.selected, nullptr);
        redraw_s = since(t_redraw);
    }

    RenderStats st;
    if (args.stats) {
        st.incidents = scene.drawn().count();
        st.read_s = read_s;
        st.prepare_s = prepare_s;
        st.gl_init_s = gl_init_s;
        st.upload_s = sync_s;
        st.draw_s = draw_s;
        st.redraw_moved_window_s = redraw_s;
        st.bytes_uploaded_by_window_change =
            renderer.incidents().uploaded_bytes() - uploaded_before;
        st.zoom = camera.zoom();
        st.aggregated = renderer.aggregated();
        st.frame_points = renderer.last_plan().aggregates + renderer.last_plan().individuals;
        constexpr double kMiB = 1024.0 * 1024.0;
        for (const scene::Layer& l : scene.layers()) {
            st.held_mib.tables += static_cast<double>(l.table.column_bytes()) / kMiB;
            st.held_mib.attributes += static_cast<double>(l.table.attributes.memory_bytes()) / kMiB;
        }
        // One layer is drawn from its own table (nothing held beside it); several are merged
        // into a copy without provenance columns.
        const bool shared = scene.layers().size() == 1 && &scene.drawn() == &scene.layers()[0].table;
        st.held_mib.drawn = shared ? 0.0 : static_cast<double>(scene.drawn().column_bytes()) / kMiB;
        st.held_mib.projected =
            static_cast<double>(scene.projected().bytes()) / kMiB;
        st.held_mib.index = static_cast<double>(scene.index().bytes()) / kMiB;
        st.primitives = renderer.last_frame().primitives;
        st.shown_estimate = renderer.last_frame().estimate.shown;
        st.instance_ns = renderer.draw_costs().per_instance_s * 1e9;
        st.marker_ns = renderer.draw_costs().per_marker_s * 1e9;
        st.point_ns = renderer.draw_costs().per_point_s * 1e9;
        st.renderer = gl->context().renderer();
    }
    // Memory (issue 14): the GL side (context, multisampled target, buffers) is let go before
    // the PNG is encoded, so the encoder's buffers do not add to the peak; the image is read.
    gl.reset();
    const auto t_png = Clock::now();
    if (std::string e = geo::write_file_atomically(args.output, render::encode_png(image));
        !e.empty())
        return fail(e);
    if (args.stats) {
        st.png_s = since(t_png);
        st.total_s = since(t_start);
        st.rss_mib = {peak_read_mib, rss_read_mib, rss_sync_mib, rss_mib("VmRSS"),
                      rss_mib("VmHWM")};
        std::printf("%s\n", render_stats_json(st, heat ? &*heat : nullptr).c_str());
    }
    return 0;
}

} // namespace incimap::app
