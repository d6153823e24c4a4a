// What a frame costs with a large table, off-screen on this machine's GL (llvmpipe here):
// the spatial index's build, its frame plan, a whole map frame (plan + upload + draw, waited
// for with glFinish) at the full view and zoomed in, markers or the heat map, a scrub step
// (the window moved a day per frame), and a hover pick. Usage:
//   incimap_bench_frame --file=/tmp/gen/1m.geojson [--benchmark_filter=...]
// (scripts/gen_incidents.py 1000000 /tmp/gen/1m.geojson makes the file). Figures, not tests.

#include "scene/map_scene.hpp"
#include "render/egl_context.hpp"
#include "render/offscreen_target.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>

using namespace incimap;

namespace {

std::string g_file = "/tmp/gen/1m.geojson";
constexpr int kWidth = 1280, kHeight = 800;

struct World {
    std::unique_ptr<render::EglContext> context;
    std::unique_ptr<scene::MapScene> scene;
    render::OffscreenTarget target;
    render::MapRenderer renderer;
    bool ok = false;
};

World& world() {
    static World w = [] {
        World x;
        std::string error;
        x.scene = std::make_unique<scene::MapScene>(scene::find_assets_dir());
        geo::ReadResult r = geo::read_incidents(g_file);
        if (!r.ok) {
            std::fprintf(stderr, "%s: %s\n", g_file.c_str(), r.error.c_str());
            return x;
        }
        x.scene->add_layer({g_file, std::move(r.table), std::move(r.report)});
        x.context = render::EglContext::create(error);
        if (!x.context || !x.target.create(kWidth, kHeight, 4, error) || !x.renderer.init(error)) {
            std::fprintf(stderr, "GL: %s\n", error.c_str());
            return x;
        }
        x.ok = true;
        return x;
    }();
    return w;
}

core::Camera view(const scene::MapScene& scene, core::LonLatBox box) {
    core::Camera cam = scene.make_camera(kWidth, kHeight);
    scene.fit_to_box(cam, box);
    return cam;
}

core::LonLatBox box(double a, double b, double c, double d) {
    core::LonLatBox x;
    x.extend({a, b});
    x.extend({c, d});
    return x;
}

const core::LonLatBox k_full = box(19, 13, 62, 37);
const core::LonLatBox k_baghdad = box(44.2, 33.2, 44.55, 33.45);

core::TimeWindow week(int day) {
    core::TimeWindow w;
    w.from = core::days_from_civil(2023, 10, 1) * core::kMsPerDay + day * core::kMsPerDay;
    w.to = w.from + 7 * core::kMsPerDay;
    return w;
}

void index_build(benchmark::State& state) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const scene::MapScene& s = *w.scene;
    for (auto _ : state) {
        core::SpatialIndex index;
        index.build(s.projected(), s.drawn(), s.slots());
        benchmark::DoNotOptimize(index.size());
    }
}

// What a filter change costs the scene (the index and the legend's per-category times).
void filter_change(benchmark::State& state) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    for (auto _ : state)
        w.scene->set_filters(w.scene->filters());
}

void plan(benchmark::State& state, core::LonLatBox where, bool all) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    std::vector<core::FramePoint> points;
    int day = 0;
    for (auto _ : state) {
        const auto stats =
            w.scene->index().plan(cam.visible_box(), cam.units_per_px(),
                                  all ? core::TimeWindow{} : week(day++ % 170), -1, points);
        state.counters["points"] = static_cast<double>(stats.aggregates + stats.individuals);
    }
}

enum class Style { markers, heat };

// A whole map frame (basemap, labels, incidents), as the window draws it while playing: with
// markers, or with the heat map instead (render/heat_layer.hpp).
void frame(benchmark::State& state, Style style, core::LonLatBox where, bool all) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    std::string error;
    w.scene->sync(w.renderer, cam, error);
    if (style == Style::heat)
        w.renderer.set_heat(&w.scene->index());
    w.target.bind();
    int day = 0;
    for (auto _ : state) {
        w.renderer.draw(cam, all ? core::TimeWindow{} : week(day++ % 170), -1, nullptr);
        glFinish();
    }
    if (style == Style::markers) {
        state.counters["points"] = static_cast<double>(w.renderer.last_plan().aggregates +
                                                       w.renderer.last_plan().individuals);
        return;
    }
    w.renderer.set_heat(nullptr);
    const render::HeatStats& h = w.renderer.heat_layer().last();
    state.counters["cells"] = static_cast<double>(h.cells);
    state.counters["splats"] = static_cast<double>(h.splats);
}

// Registers frame() as "frame/<name>" (markers) or "heat_frame/<name>" (the heat map).
void frame_case(Style style, const std::string& name, core::LonLatBox where, bool all) {
    const std::string full = (style == Style::heat ? "heat_frame/" : "frame/") + name;
    benchmark::RegisterBenchmark(full.c_str(), frame, style, where, all)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(10);
}

void pick(benchmark::State& state, core::LonLatBox where) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> x(0, kWidth), y(0, kHeight);
    const core::TimeWindow win = week(100);
    std::size_t hits = 0;
    for (auto _ : state)
        hits += w.scene->pick(cam, {x(rng), y(rng)}, win).size();
    state.counters["hits_per_pick"] =
        static_cast<double>(hits) / static_cast<double>(state.iterations());
}

// The hover pick as it was before the index (a loop over every incident), for comparison.
void pick_linear(benchmark::State& state, core::LonLatBox where) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    const core::ScreenPx at = cam.to_screen(w.scene->projection().forward({44.3661, 33.3152}));
    const core::TimeWindow win = week(100);
    const auto& pts = w.scene->projected();
    const core::IncidentTable& t = w.scene->drawn();
    for (auto _ : state) {
        std::vector<int> hits;
        const double upp = cam.units_per_px();
        const core::MapPoint m = cam.to_map(at);
        const double reach = (core::kMaxMarkerRadiusPx * 1.5 + 2.0) * upp;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const core::MapPoint p = pts[i];
            if (std::abs(p.x - m.x) > reach || std::abs(p.y - m.y) > reach ||
                !win.shows(t.t_start[i], t.t_end[i], t.t_precision[i]))
                continue;
            const double d = std::hypot(p.x - m.x, p.y - m.y) / upp;
            if (d <= core::marker_radius_px(t.size[i]) + 2.0)
                hits.push_back(static_cast<int>(i));
        }
        benchmark::DoNotOptimize(hits);
    }
}

// Hover over the densest spot (Baghdad's centre), where the most incidents are near.
void pick_dense(benchmark::State& state, core::LonLatBox where) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    const core::ScreenPx at = cam.to_screen(w.scene->projection().forward({44.3661, 33.3152}));
    const core::TimeWindow win = week(100);
    for (auto _ : state)
        benchmark::DoNotOptimize(w.scene->pick(cam, at, win));
}

// What the window asks of the scene per playing frame besides drawing: the list of incidents
// in view and in the window, the cluster badges, and the legend's counts.
void scene_queries(benchmark::State& state, core::LonLatBox where, bool all) {
    World& w = world();
    if (!w.ok)
        return state.SkipWithError("no data or no GL");
    const core::Camera cam = view(*w.scene, where);
    int day = 0;
    std::size_t listed = 0;
    for (auto _ : state) {
        const core::TimeWindow win = all ? core::TimeWindow{} : week(day++ % 170);
        listed = w.scene->in_view(cam, win).size();
        benchmark::DoNotOptimize(w.scene->clusters(cam, win));
        benchmark::DoNotOptimize(w.scene->overlay(cam, win));
    }
    state.counters["listed"] = static_cast<double>(listed);
}

} // namespace

BENCHMARK_CAPTURE(scene_queries, full_all, k_full, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(scene_queries, full_week, k_full, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(scene_queries, baghdad_week, k_baghdad, false)->Unit(benchmark::kMillisecond);
BENCHMARK(index_build)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(filter_change)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(plan, full_all, k_full, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(plan, full_week, k_full, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(plan, baghdad_all, k_baghdad, true)->Unit(benchmark::kMillisecond);
// The frame cases, markers then the heat map (which has no baghdad_all), registered here so
// that they list between plan and pick.
[[maybe_unused]] const bool k_frame_cases = [] {
    for (const Style style : {Style::markers, Style::heat}) {
        frame_case(style, "full_all", k_full, true);
        frame_case(style, "full_week_scrub", k_full, false);
        if (style == Style::markers)
            frame_case(style, "baghdad_all", k_baghdad, true);
        frame_case(style, "baghdad_week_scrub", k_baghdad, false);
    }
    return true;
}();
BENCHMARK_CAPTURE(pick, full, k_full)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pick, baghdad, k_baghdad)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pick_linear, full, k_full)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pick_dense, full, k_full)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pick_dense, baghdad, k_baghdad)->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--file=", 7) == 0)
            g_file = argv[i] + 7;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
