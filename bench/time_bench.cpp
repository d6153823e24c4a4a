// How fast time values parse: this runs once per feature while reading.
#include "core/time.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

void parse_values(benchmark::State& state, std::vector<std::string> values) {
    std::size_t i = 0;
    for (auto _ : state) {
        auto t = incimap::core::parse_time(values[i++ % values.size()]);
        benchmark::DoNotOptimize(t);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

} // namespace

BENCHMARK_CAPTURE(parse_values, iso_date, std::vector<std::string>{"2024-01-04", "2023-10-18"});
BENCHMARK_CAPTURE(parse_values, iso_datetime,
                  std::vector<std::string>{"2024-01-04T12:20:00Z", "2023-10-18T09:00:00+03:00"});
BENCHMARK_CAPTURE(parse_values, acled_export,
                  std::vector<std::string>{"31 January 2023", "4 January 2024"});
BENCHMARK_CAPTURE(parse_values, epoch_ms, std::vector<std::string>{"1704369600000"});
BENCHMARK_MAIN();
