// Attributes read back from the file (--attributes file) against attributes in memory:
// what colour-by / export (every row in order), the detail panel (one row anywhere) and
// search (every row, most skipped by their raw text) cost per row.
//
//   build-release/bench/incimap_bench_attributes [--file=DATA] [benchmark flags]
//
// DATA: a GeoJSONSeq, GeoJSON or CSV the fast readers take (default: 200,000 incidents in the
// shape of scripts/gen_incidents.py, written to a temp file).

#include "core/filters.hpp"
#include "geo/reader.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

using namespace incimap;

std::string g_file;

std::string default_file() {
    const std::string path =
        (std::filesystem::temp_directory_path() / "incimap_bench_attributes.geojsonl").string();
    if (std::filesystem::exists(path))
        return path;
    std::ofstream out(path);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    const char* kinds[] = {"Drone attack", "Airstrike", "Rocket attack", "Shelling", "Other"};
    char buf[512];
    for (int i = 0; i < 200000; ++i) {
        std::snprintf(buf, sizeof buf,
                      "{\"type\":\"Feature\",\"properties\":{\"id\":%d,\"date\":\"2024-01-%02d\","
                      "\"event_type\":\"%s\",\"fatalities\":%d,\"notes\":\"synthetic incident "
                      "%d\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}\n",
                      i, 1 + i % 28, kinds[i % 5], i % 7, i, 40 + u(rng) * 8, 30 + u(rng) * 6);
        out << buf;
    }
    return path;
}

const geo::ReadResult& loaded(bool in_file) {
    static geo::ReadResult tables[2];
    geo::ReadResult& r = tables[in_file ? 1 : 0];
    if (!r.ok) {
        geo::ReadOptions o;
        o.attributes = in_file ? geo::ReadOptions::Attributes::OnDemand
                               : geo::ReadOptions::Attributes::Memory;
        r = geo::read_incidents(g_file, o);
        if (!r.ok || r.table.attributes.deferred() != in_file) {
            std::fprintf(stderr, "%s: %s\n", g_file.c_str(),
                         r.ok ? "attributes not where asked (the fast readers declined?)"
                              : r.error.c_str());
            std::exit(1);
        }
    }
    return r;
}

// Every row's category-like field, in order (colour-by, export).
void BM_EveryRowInOrder(benchmark::State& state) {
    const auto& a = loaded(state.range(0) != 0).table.attributes;
    const std::size_t field = static_cast<std::size_t>(std::max(0, a.field_index("event_type")));
    std::size_t bytes = 0;
    for (auto _ : state)
        for (std::size_t row = 0; row < a.row_count(); ++row)
            if (auto v = a.value(row, field))
                bytes += v->size();
    benchmark::DoNotOptimize(bytes);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * a.row_count()));
}

// One row anywhere, all its fields (the detail panel after a click).
void BM_OneRowAnywhere(benchmark::State& state) {
    const auto& a = loaded(state.range(0) != 0).table.attributes;
    std::mt19937_64 rng(1);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::size_t row = rng() % a.row_count();
        for (std::size_t f = 0; f < a.fields().size(); ++f)
            if (auto v = a.value(row, f))
                bytes += v->size();
    }
    benchmark::DoNotOptimize(bytes);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// A search over every row: a needle few rows hold.
void BM_Search(benchmark::State& state) {
    const auto& a = loaded(state.range(0) != 0).table.attributes;
    const std::string needle = core::ascii_lower("incident 4242");
    std::size_t found = 0;
    for (auto _ : state)
        for (std::size_t row = 0; row < a.row_count(); ++row)
            found += core::row_matches(a, row, needle);
    benchmark::DoNotOptimize(found);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * a.row_count()));
}

// Arg 0: attributes in memory; 1: read back from the file.
BENCHMARK(BM_EveryRowInOrder)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OneRowAnywhere)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Search)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--file=", 7) == 0)
            g_file = argv[i] + 7;
    if (g_file.empty())
        g_file = default_file();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
