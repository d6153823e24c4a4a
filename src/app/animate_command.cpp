#include "app/animate_command.hpp"

#include "app/offscreen_renderer.hpp"
#include "app/render_view.hpp"
#include "core/frame_plan.hpp"
#include "render/encode_queue.hpp"
#include "render/gif_palette.hpp"
#include "scene/animate_output.hpp"
#include "scene/area_outline.hpp"
#include "scene/map_scene.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <set>

namespace incimap::app {

using scene::AnimateOutput;
using scene::OutputKind;

void AnimateArgs::add_to(CLI::App& command) {
    command.add_option("files", files, "Data files to draw")->required();
    command
        .add_option("-o,--output", output,
                    "File to write: .mp4 (H.264), .webm (VP9), .gif, or numbered PNGs (a "
                    "folder, or a pattern such as frames/frame-%04d.png)")
        ->required();
    view.add_view_options(command);
    filters.add_to(command);
    command.add_option("--step", step, "Time between frames: 1d, 6h, 1w, 30m, 90s (default 1d)");
    command.add_option("--window", window,
                       "Each frame's window length (default one step; --mode window or fade)");
    command.add_option("--fps", fps, "Frames per second (default 10)")
        ->check(CLI::Range(1, 120));
    command.add_option("--title", title, "Text before each frame's date caption (adds the legend)");
    command.add_option("--hold-last", hold_last,
                       "Seconds the last frame stays (videos and GIFs; default 0)")
        ->check(CLI::Range(0.0, 3600.0));
    command.add_option("--max-frames", max_frames,
                       "Refuse more frames than this (default 10000)");
    command.add_flag("--quiet", quiet, "No progress on stderr");
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

int fail(const std::string& message) {
    std::fprintf(stderr, "incimap: %s\n", message.c_str());
    return 1;
}

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

// Ctrl+C and SIGTERM stop the frame loop (which then removes the temp) instead of the process.
class StopSignals {
public:
    StopSignals() {
        g_stop = 0;
        struct sigaction action {};
        action.sa_handler = on_stop;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_int);
        sigaction(SIGTERM, &action, &m_term);
    }
    ~StopSignals() {
        sigaction(SIGINT, &m_int, nullptr);
        sigaction(SIGTERM, &m_term, nullptr);
    }
    bool stopped() const { return g_stop != 0; }

private:
    struct sigaction m_int {}, m_term {};
};

std::string thousands(std::size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

// Frames done / total and the time left, on one line (redrawn on a terminal; every few
// seconds otherwise, so logs stay short).
class Progress {
public:
    Progress(std::size_t total, bool quiet) : m_total(total), m_quiet(quiet),
                                              m_tty(::isatty(STDERR_FILENO) == 1) {}
    void update(std::size_t done) {
        if (m_quiet)
            return;
        const double t = since(m_start);
        if (done < m_total && t - m_last < (m_tty ? 0.2 : 5.0))
            return;
        m_last = t;
        const double eta = done > 0 ? t / static_cast<double>(done) *
                                          static_cast<double>(m_total - done)
                                    : 0;
        std::fprintf(stderr, "%sincimap: animate: frame %zu/%zu, %.1f s, about %.0f s left%s",
                     m_tty ? "\r" : "", done, m_total, t, eta, m_tty ? "\033[K" : "\n");
        if (m_tty && done == m_total)
            std::fputc('\n', stderr);
        m_drawn = true;
    }
    // Before an error line on a terminal: ends the progress line.
    void end_line() {
        if (m_tty && m_drawn && !m_quiet)
            std::fputc('\n', stderr);
        m_drawn = false;
    }

private:
    std::size_t m_total;
    bool m_quiet, m_tty, m_drawn = false;
    Clock::time_point m_start = Clock::now();
    double m_last = -1e9;
};

} // namespace

int run_animate(const AnimateArgs& args) {
    const auto t_start = Clock::now();
    const RenderArgs& view = args.view;
    int width = 0, height = 0;
    if (std::string e = parse_image_size(view.size, width, height); !e.empty())
        return fail(e);
    if (std::string e = check_zoom(view.zoom); !e.empty())
        return fail(e);
    const std::optional<core::UnixMs> step = core::parse_step(args.step);
    if (!step)
        return fail("--step " + args.step +
                    ": expected a positive whole number and a unit (s, m, h, d, w), e.g. 1d or "
                    "6h");
    std::optional<core::UnixMs> length;
    if (!args.window.empty()) {
        length = core::parse_step(args.window);
        if (!length)
            return fail("--window " + args.window +
                        ": expected a positive whole number and a unit (s, m, h, d, w), e.g. 7d");
    }
    const TimeBox time_box = parse_time_box(view.time_box);
    if (!time_box.ok())
        return fail(time_box.error);

    // The destination before the long read.
    std::string error;
    const std::optional<OutputKind> kind = scene::classify_output(args.output, args.files, error);
    if (!kind)
        return fail(error);
    if (kind->kind == OutputKind::Video && kind->format != render::VideoFormat::Gif &&
        (width % 2 != 0 || height % 2 != 0))
        return fail("--size " + view.size + ": " + kind->name() +
                    " needs an even width and height");
    if (kind->kind == OutputKind::Video && kind->format == render::VideoFormat::Gif &&
        args.fps > 50)
        return fail("--fps " + std::to_string(args.fps) + ": a GIF plays at most 50 frames a second");

    core::FramePlanRequest plan;
    plan.step = *step;
    plan.length = length.value_or(0);
    plan.mode = view.mode == "cumulative" ? core::TimeMode::Cumulative
              : view.mode == "fade"       ? core::TimeMode::Fade
                                          : core::TimeMode::Window;
    plan.show_undated = !args.filters.skip_undated;
    const auto trail = fade_trail(view.fade); // issue 20
    if (!trail)
        return fail("--fade " + view.fade + ": a length such as 3d, 12h or 1d12h");
    const bool video = kind->kind == OutputKind::Video;
    const std::size_t hold_frames =
        video ? static_cast<std::size_t>(std::lround(args.hold_last * args.fps)) : 0;
    auto too_many = [&](std::size_t frames) {
        return "--from " + core::format_iso_utc(plan.from) + " --to " +
               core::format_iso_utc(plan.to) + " with --step " + args.step + " gives " +
               thousands(frames) + " frames, over the limit of " + thousands(args.max_frames) +
               "; take a longer --step or raise the limit with --max-frames";
    };
    if (time_box.from && time_box.to) { // refused before reading anything
        plan.from = *time_box.from;
        plan.to = *time_box.to;
        if (core::frame_count(plan) > args.max_frames)
            return fail(too_many(core::frame_count(plan)));
    }

    scene::MapScene scene(scene::find_assets_dir());
    if (!scene.set_projection(view.projection, error))
        return fail("--projection: " + error);
    core::Camera camera = scene.make_camera(width, height);
    bool fixed_view = false;
    if (std::string e = place_fixed_view(scene, camera, time_box, view.center, view.zoom,
                                         fixed_view);
        !e.empty())
        return fail(e);

    const auto t_read = Clock::now();
    for (const std::string& path : args.files) {
        geo::ReadResult r = geo::read_incidents(path, view.reader.to_options());
        if (!r.ok)
            return fail(r.error);
        if (!args.filters.categories.empty() && r.report.category_field.empty())
            return fail(path + ": --category needs a category field, and none was found; name "
                               "one with --category-field");
        scene.add_layer({path, std::move(r.table), std::move(r.report),
                         std::move(r.category_totals)});
    }
    const double read_s = since(t_read);
    if (!fixed_view)
        place_data_view(scene, camera, view.zoom);
    core::Filters filters;
    filters.search = args.filters.search;
    if (std::string e; !args.filters.read_area(filters.area, e)) // issue 17: --within
        return fail(e);
    if (!args.filters.categories.empty()) {
        const std::set<std::string> kept(args.filters.categories.begin(),
                                         args.filters.categories.end());
        for (const std::string& name : scene.drawn().categories)
            if (!kept.count(name))
                filters.hidden_categories.insert(name);
    }
    if (!filters.empty())
        scene.set_filters(filters);

    // The range: what was given, else the data's (whole steps around its first and last).
    const core::TimeExtent& times = scene.time_extent();
    if (!time_box.from || !time_box.to) {
        if (times.dated() == 0)
            return fail("no incident has a time; give --from and --to");
        core::UnixMs from = 0, to = 0;
        core::default_range(times.first(), std::max(times.last(), times.first()), *step, from,
                            to);
        plan.from = time_box.from.value_or(from);
        plan.to = time_box.to.value_or(to);
        if (plan.to <= plan.from)
            return fail("the data ends before --from " + view.time_box.from);
    }
    const std::size_t frames = core::frame_count(plan);
    if (frames > args.max_frames)
        return fail(too_many(frames));

    auto gl = OffscreenRenderer::create_for_view(scene, camera, width, height, error);
    if (!gl)
        return fail(error);
    if (std::string e = gl->sync(scene, camera, view.heat); !e.empty())
        return fail(e);
    if (filters.area) { // p17k: --within's outline, as `render --within` draws it
        std::vector<core::MapPoint> outline;
        scene::append_area_outline(*filters.area, scene.projection(), camera.world_width(),
                                   outline);
        gl->renderer().set_area(outline);
    }

    const bool overlay_on = view.legend || !args.title.empty();
    double draw_s = 0;
    auto draw = [&](std::size_t k) {
        const core::TimeWindow w = core::frame_window(plan, k);
        render::Overlay overlay = scene.overlay(camera, w);
        if (!args.title.empty())
            overlay.caption = args.title + " · " + overlay.caption;
        const auto t0 = Clock::now();
        // Issue 16: a basemap file or tile URL drawn is credited, legend or not.
        const render::Overlay credit = render::credit_only(overlay);
        const bool credited = !scene.raster().attribution().empty();
        render::Image image = gl->draw(camera, core::with_trail(w, *trail), -1,
                                       overlay_on ? &overlay : credited ? &credit : nullptr);
        draw_s += since(t0);
        return image;
    };

    StopSignals signals;
    render::GifPalette palette;
    render::VideoSettings settings;
    settings.width = width;
    settings.height = height;
    settings.fps = args.fps;
    settings.format = kind->format;
    if (video && kind->format == render::VideoFormat::Gif) {
        // The palette from the first, middle and last frame: the basemap, the legend and the
        // category colours as they appear.
        std::vector<render::Image> samples;
        for (std::size_t k : {std::size_t{0}, frames / 2, frames - 1})
            samples.push_back(draw(k));
        std::vector<const render::Image*> pointers;
        for (const render::Image& s : samples)
            pointers.push_back(&s);
        palette.build(pointers);
        settings.palette = &palette;
    }

    AnimateOutput output;
    if (std::string e = output.open(args.output, *kind, settings); !e.empty())
        return fail(output.in_terms_of_output(e));
    const std::size_t total = frames + hold_frames;
    Progress progress(total, args.quiet);
    std::string failure;
    {
        render::EncodeQueue queue(output.sink());
        render::Image last;
        for (std::size_t k = 0; k < total && failure.empty(); ++k) {
            if (signals.stopped()) {
                failure = "cancelled; nothing written";
                break;
            }
            render::Image image = k < frames ? draw(k) : last;
            if (k + 1 == frames && hold_frames > 0)
                last = image;
            if (!queue.push(std::move(image)))
                failure = queue.error();
            progress.update(queue.encoded());
        }
        if (failure.empty()) {
            failure = queue.finish();
            if (signals.stopped())
                failure = "cancelled; nothing written";
        } else {
            queue.cancel();
        }
        progress.update(total);
    }
    if (failure.empty())
        failure = output.commit();
    if (!failure.empty()) {
        failure = output.in_terms_of_output(failure);
        output.discard();
        progress.end_line();
        fail(failure);
        return signals.stopped() ? 130 : 1;
    }

    nlohmann::ordered_json j;
    j["output"] = args.output;
    j["format"] = kind->name();
    j["frames"] = total;
    j["fps"] = args.fps;
    j["width"] = width;
    j["height"] = height;
    j["from"] = core::format_iso_utc(plan.from);
    j["to"] = core::format_iso_utc(plan.to);
    j["incidents"] = scene.drawn().count();
    j["read_s"] = std::round(read_s * 1000) / 1000;
    j["draw_s"] = std::round(draw_s * 1000) / 1000;
    j["total_s"] = std::round(since(t_start) * 1000) / 1000;
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return 0;
}

} // namespace incimap::app
