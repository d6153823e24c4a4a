// Loading on every core (issue 14): a file read on 8 threads gives the same table and report
// as on one — feature order, feature numbers of skipped features and problems, skip counts,
// fields, FIDs, attributes — on generated files with bad features sprinkled in, keys that
// change along the file, and cut-like text inside strings; and the same refusal when the
// memory budget runs out.

#include "geo/reader.hpp"
#include "read_compare.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::expect_identical;
using incimap::test::TempDir;

ReadResult read_on(const std::string& path, unsigned threads, std::uint64_t budget = 0) {
    ReadOptions options;
    options.threads = threads;
    options.min_bytes_per_thread = 4096;
    options.memory_budget_bytes = budget;
    return incimap::geo::read_incidents(path, options);
}

// 20,000 features; every 97th without geometry, every 101st off the globe, every 89th a
// MultiPoint, an extra key from feature 12,000 on (a field first met in a later part), text
// that looks like a cut between features (`}, {`) in some notes; `ids`: properties.id (the
// FID) or none (FIDs are feature numbers).
std::string collection(bool ids) {
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    char buf[512];
    for (int i = 0; i < 20000; ++i) {
        const double lon = 44 + (i % 1000) * 0.001, lat = 33 + (i % 777) * 0.001;
        std::string geometry;
        if (i % 97 == 0) {
            geometry = "null";
        } else if (i % 101 == 0) {
            std::snprintf(buf, sizeof buf, R"({"type":"Point","coordinates":[200.5,%.3f]})", lat);
            geometry = buf;
        } else if (i % 89 == 0) {
            std::snprintf(buf, sizeof buf,
                          R"({"type":"MultiPoint","coordinates":[[%.3f,%.3f],[%.3f,95]]})", lon,
                          lat, lon);
            geometry = buf;
        } else {
            std::snprintf(buf, sizeof buf, R"({"type":"Point","coordinates":[%.3f,%.3f]})", lon,
                          lat);
            geometry = buf;
        }
        std::snprintf(buf, sizeof buf,
                      R"({"type":"Feature","properties":{%s"date":"2024-01-%02d",)"
                      R"("event_type":"kind %d","notes":"%s %d"%s},"geometry":%s})",
                      ids ? ("\"id\":" + std::to_string(i * 3) + ",").c_str() : "",
                      1 + i % 28, i % 7, i % 13 == 0 ? "a}, {\\\"b\\\":1}, {c" : "note", i,
                      i >= 12000 ? ",\"extra\":\"x\"" : "", geometry.c_str());
        out += buf;
        out += i + 1 < 20000 ? ",\n" : "\n";
    }
    return out + "]}\n";
}

// The same in CSV: every 97th row without a latitude, every 101st off the globe, quoted
// notes with commas and line ends.
std::string csv() {
    std::string out = "id,date,event_type,notes,latitude,longitude\n";
    char buf[256];
    for (int i = 0; i < 20000; ++i) {
        const double lon = 44 + (i % 1000) * 0.001, lat = 33 + (i % 777) * 0.001;
        std::string lat_text = i % 97 == 0 ? "" : std::to_string(lat);
        if (i % 101 == 0)
            lat_text = "95.5";
        std::snprintf(buf, sizeof buf, "%d,2024-01-%02d,kind %d,%s,%s,%.3f\n", i, 1 + i % 28,
                      i % 7, i % 13 == 0 ? "\"a, b\nc\"" : "note", lat_text.c_str(), lon);
        out += buf;
    }
    return out;
}

TEST(ParallelRead, EightThreadsGiveTheTableOfOne) {
    TempDir dir;
    for (const auto& [name, text] : {std::pair{std::string("ids.geojson"), collection(true)},
                                     std::pair{std::string("no_ids.geojson"), collection(false)},
                                     std::pair{std::string("rows.csv"), csv()}}) {
        SCOPED_TRACE(name);
        const std::string path = dir.write(name, text);
        const ReadResult one = read_on(path, 1);
        ASSERT_TRUE(one.ok) << one.error;
        EXPECT_TRUE(one.report.fast);
        EXPECT_GT(one.report.skipped, 300);
        EXPECT_GT(one.report.problem_count, 300);
        for (const unsigned threads : {2u, 8u}) {
            SCOPED_TRACE(threads);
            expect_identical(one, read_on(path, threads));
        }
    }
}

TEST(ParallelRead, TheBudgetRunsOutAtTheSameFeature) {
    TempDir dir;
    for (const auto& [name, text] : {std::pair{std::string("b.geojson"), collection(true)},
                                     std::pair{std::string("b.csv"), csv()}}) {
        SCOPED_TRACE(name);
        const std::string path = dir.write(name, text);
        const ReadResult one = read_on(path, 1, 3'000'000);
        ASSERT_FALSE(one.ok);
        EXPECT_NE(one.error.find("stopped at feature"), std::string::npos) << one.error;
        expect_identical(one, read_on(path, 8, 3'000'000));
    }
}

} // namespace
