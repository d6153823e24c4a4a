// The place search (issue 17, item 1): reading the bundled places, building the gazetteer's
// keys (main and alternate names) and one lookup, as the search box does on each key typed.
// INCIMAP_PLACES=FILE reads another places.fgb (e.g. one without alt_names, to compare).
#include "core/gazetteer.hpp"
#include "geo/places_reader.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

namespace {

std::string places_path() {
    const char* env = std::getenv("INCIMAP_PLACES");
    return env ? env : std::string(INCIMAP_ASSETS) + "/basemap/places.fgb";
}

const std::vector<incimap::core::GazetteerPlace>& places() {
    static const auto p = [] {
        std::string error;
        return incimap::geo::read_places(places_path(), error);
    }();
    return p;
}

void read_places(benchmark::State& state) {
    for (auto _ : state) {
        std::string error;
        auto p = incimap::geo::read_places(places_path(), error);
        benchmark::DoNotOptimize(p);
    }
}

void build_gazetteer(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming(); // the copy is the bench's, the engine moves the places in
        auto copy = places();
        state.ResumeTiming();
        incimap::core::Gazetteer g(std::move(copy));
        benchmark::DoNotOptimize(g);
    }
    state.counters["places"] = static_cast<double>(places().size());
}

void lookup(benchmark::State& state, std::string query) {
    const incimap::core::Gazetteer g(places());
    for (auto _ : state) {
        auto m = g.matches(query, 8);
        benchmark::DoNotOptimize(m);
    }
}

} // namespace

BENCHMARK(read_places)->Unit(benchmark::kMillisecond);
BENCHMARK(build_gazetteer)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(lookup, latin_prefix_b, std::string("b"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(lookup, fallujah, std::string("fallujah"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(lookup, arabic_baghdad, std::string("بغداد"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(lookup, arabic_prefix_alif, std::string("ا"))->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
