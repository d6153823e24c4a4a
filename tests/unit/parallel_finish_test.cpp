// Loading on every core (issue 14): fast::finish (rows → table) split over threads gives the
// table and report of one thread — row problems (times, sizes) merged in feature order with the
// geometry problems and the first kMaxProblemsKept kept, categories numbered in the order of
// first sight across parts, attribute rows numbered on (kept in memory and on demand), values
// repaired from double-encoded UTF-8 counted — and the same when a part's own category
// dictionary fills up (more distinct categories than an id holds).

#include "geo/reader.hpp"
#include "read_compare.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <string>

#include <cstdio>
#include <string>

namespace {

using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::expect_identical;
using incimap::test::TempDir;

ReadResult read_on(const std::string& path, unsigned threads,
                   ReadOptions::Attributes attributes = ReadOptions::Attributes::Auto) {
    ReadOptions options;
    options.threads = threads;
    options.min_bytes_per_thread = 4096; // small parts, also in finish (16 incidents)
    options.attributes = attributes;
    return incimap::geo::read_incidents(path, options);
}

// 30,000 rows. The first 20,000 are clean and use 7 categories; from row 20,000 on: a bad date
// every 53rd row, an end before its start every 59th, a bad size every 61st, a row without a
// latitude every 67th (a geometry problem, no incident) and new categories first met late (in
// descending order) — so the first problems kept come from later parts and interleave geometry
// and row problems; double-encoded text ("CafÃ©") in the category every 71st row.
std::string late_problems_csv() {
    std::string out = "id,date,end_date,event_type,fatalities,latitude,longitude\n";
    char buf[256];
    for (int i = 0; i < 30000; ++i) {
        const bool late = i >= 20000;
        std::string date = "2024-02-" + std::to_string(10 + i % 17);
        std::string end = date;
        std::string kind = "kind " + std::to_string(i % 7);
        std::string size = std::to_string(i % 5);
        std::string lat = std::to_string(33 + (i % 777) * 0.001);
        if (late) {
            if (i % 53 == 0)
                date = "not a date " + std::to_string(i);
            if (i % 59 == 0)
                end = "2024-01-01";
            if (i % 61 == 0)
                size = "many";
            if (i % 67 == 0)
                lat.clear();
            if (i % 3 == 0)
                kind = "late " + std::to_string(40000 - i / 3);
        }
        if (i % 71 == 0)
            kind = "Caf\xc3\x83\xc2\xa9 " + std::to_string(i % 4);
        std::snprintf(buf, sizeof buf, "%d,%s,%s,%s,%s,%s,%.3f\n", i, date.c_str(), end.c_str(),
                      kind.c_str(), size.c_str(), lat.c_str(), 44 + (i % 1000) * 0.001);
        out += buf;
    }
    return out;
}

TEST(ParallelFinish, PartsMergeToTheTableOfOneThread) {
    TempDir dir;
    const std::string path = dir.write("late.csv", late_problems_csv());
    for (const auto attributes : {ReadOptions::Attributes::Memory,
                                  ReadOptions::Attributes::OnDemand}) {
        SCOPED_TRACE(attributes == ReadOptions::Attributes::Memory ? "memory" : "on demand");
        const ReadResult one = read_on(path, 1, attributes);
        ASSERT_TRUE(one.ok) << one.error;
        EXPECT_TRUE(one.report.fast);
        EXPECT_EQ(one.report.category_field, "event_type");
        ASSERT_EQ(one.report.problems.size(), incimap::core::LoadReport::kMaxProblemsKept);
        EXPECT_GE(one.report.problems.front().feature, 20000);
        EXPECT_GT(one.report.problem_count, 400);
        EXPECT_GT(one.report.repaired_values, 100);
        EXPECT_GT(one.table.categories.size(), 3000u);
        for (const unsigned threads : {2u, 8u}) {
            SCOPED_TRACE(threads);
            expect_identical(one, read_on(path, threads, attributes), {.row_step = 7});
        }
    }
}

// A category dictionary that fills up (an id holds 65,535 names): rows 0–69,999 use 10 names
// ("a0"…"a9"); rows from 70,000 on are each a new name ("b…"), but from 136,000 on every 100th
// repeats an "a" name. One thread gives the "b" names ids until the dictionary is full, none
// after, and the late "a" rows their first ids. With 2 threads the second part alone meets
// more than 65,535 names before its first "a": a part that numbered them in a dictionary of
// its own to the end would give the late "a" rows none.
std::string many_categories_csv() {
    std::string out = "id,date,event_type,latitude,longitude\n";
    out.reserve(140000 * 40);
    char buf[160];
    for (int i = 0; i < 140000; ++i) {
        const std::string name = i < 70000 || (i >= 136000 && i % 100 == 0)
                                     ? "a" + std::to_string((i / 1000) % 10)
                                     : "b" + std::to_string(i);
        std::snprintf(buf, sizeof buf, "%d,2024-03-%02d,%s,%.3f,%.3f\n", i, 1 + i % 28,
                      name.c_str(), 33 + (i % 777) * 0.001, 44 + (i % 1000) * 0.001);
        out += buf;
    }
    return out;
}

TEST(ParallelFinish, AFullCategoryDictionaryGivesTheIdsOfOneThread) {
    TempDir dir;
    const std::string path = dir.write("many.csv", many_categories_csv());
    const ReadResult one = read_on(path, 1, ReadOptions::Attributes::Memory);
    ASSERT_TRUE(one.ok) << one.error;
    const auto& t = one.table;
    ASSERT_EQ(t.count(), 140000u);
    ASSERT_EQ(t.categories.size(), incimap::core::kNoCategory);
    EXPECT_EQ(t.category[139999], incimap::core::kNoCategory); // a "b" name, met late
    EXPECT_EQ(t.category[139000], t.category[9000]);            // "a9", known before
    EXPECT_NE(t.category[139000], incimap::core::kNoCategory);
    for (const unsigned threads : {2u, 8u}) {
        SCOPED_TRACE(threads);
        expect_identical(one, read_on(path, threads, ReadOptions::Attributes::Memory),
                         {.row_step = 7});
    }
}

} // namespace
