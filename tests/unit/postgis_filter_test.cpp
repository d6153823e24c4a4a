// What incimap sends a PostGIS server for a time window (the attribute filter), how it quotes
// names, and how a fetched part is put back in table order. No server needed: the end-to-end
// test (tests/postgis) runs one.

#include "geo/gdal/postgis_source.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

namespace incimap::geo {
namespace {

core::TimeInterval interval(core::UnixMs from, core::UnixMs to) {
    return {from, to, core::TimePrecision::Second, core::ZoneKind::Utc};
}
constexpr core::UnixMs kJan1 = 19723 * core::kMsPerDay; // 2024-01-01T00:00Z
constexpr core::UnixMs kOpenStart = std::numeric_limits<core::UnixMs>::min() / 2;
constexpr core::UnixMs kOpenEnd = std::numeric_limits<core::UnixMs>::max() / 2;

struct FilterCase {
    const char* name;
    TimeColumn start;
    std::optional<TimeColumn> end;
    bool precision_field;
    core::TimeInterval window;
    const char* expected;
};

const FilterCase kFilterCases[] = {
    // A date is a day long: the day before the window may still reach into it.
    {"date_week", {"date", OFTDate}, {}, false, interval(kJan1, kJan1 + 7 * core::kMsPerDay),
     R"(("date" IS NULL OR ("date" < '2024-01-09' AND "date" >= '2023-12-31')))"},
    {"datetime_midday", {"t", OFTDateTime}, {}, false,
     interval(kJan1 + core::kMsPerDay / 2, kJan1 + core::kMsPerDay),
     R"(("t" IS NULL OR ("t" < '2024-01-03 00:00:00+00' AND "t" >= '2023-12-31 00:00:00+00')))"},
    // ACLED's time_precision widens a date to its month: a month's margin.
    {"precision_field", {"event_date", OFTDate}, {}, true,
     interval(kJan1, kJan1 + core::kMsPerDay),
     R"(("event_date" IS NULL OR ("event_date" < '2024-02-03' AND "event_date" >= '2023-11-30')))"},
    // With an end column, a long incident that started before the window still shows.
    {"with_end", {"start", OFTDate}, TimeColumn{"end", OFTDate}, false,
     interval(kJan1, kJan1 + core::kMsPerDay),
     R"(("start" IS NULL OR ("start" < '2024-01-03' AND ("start" >= '2023-12-31' OR "end" >= '2023-12-31'))))"},
    // An end given as text cannot bound the start from below.
    {"text_end", {"start", OFTDate}, TimeColumn{"end", OFTString}, false,
     interval(kJan1, kJan1 + core::kMsPerDay), R"(("start" IS NULL OR ("start" < '2024-01-03')))"},
    {"cumulative", {"date", OFTDate}, {}, false, interval(kOpenStart, kJan1),
     R"(("date" IS NULL OR ("date" < '2024-01-02')))"},
    {"from_only", {"date", OFTDate}, {}, false, interval(kJan1, kOpenEnd),
     R"(("date" IS NULL OR ("date" >= '2023-12-31')))"},
    {"all_time", {"date", OFTDate}, {}, false, interval(kOpenStart, kOpenEnd), ""},
    // Text times have many forms; compared as strings they would drop rows.
    {"text_column", {"date", OFTString}, {}, false, interval(kJan1, kJan1 + core::kMsPerDay), ""},
    {"quoted_name", {"when \"UTC\"", OFTDate}, {}, false, interval(kOpenStart, kJan1),
     R"(("when ""UTC""" IS NULL OR ("when ""UTC""" < '2024-01-02')))"},
};

class TimeFilter : public testing::TestWithParam<FilterCase> {};

TEST_P(TimeFilter, IsASupersetOfTheWindowOnTypedColumns) {
    const FilterCase& c = GetParam();
    EXPECT_EQ(time_filter_sql(c.start, c.end, c.precision_field, c.window), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, TimeFilter, testing::ValuesIn(kFilterCases),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(PostgisNames, AreQuotedAsIdentifiers) {
    EXPECT_EQ(quote_identifier("date"), "\"date\"");
    EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_table("incidents"), "\"incidents\"");
    EXPECT_EQ(quote_table("team.Incidents"), "\"team\".\"Incidents\"");
}

TEST(PostgisNames, ConnectionsArePgPrefixed) {
    EXPECT_TRUE(is_postgis_connection("PG:dbname=x host=/tmp"));
    EXPECT_FALSE(is_postgis_connection("pg.geojson"));
    EXPECT_EQ(parse_pushdown("always"), Pushdown::Always);
    EXPECT_EQ(parse_pushdown("auto"), Pushdown::Auto);
    EXPECT_EQ(parse_pushdown("never"), Pushdown::Never);
    EXPECT_FALSE(parse_pushdown("sometimes"));
}

TEST(PostgisRead, SortByFidRestoresTableOrderAndShapeLinks) {
    core::IncidentTable t;
    for (std::int64_t fid : {30, 10, 20}) {
        core::IncidentTable::Incident in;
        in.position = {static_cast<double>(fid), 0.0};
        in.fid = fid;
        in.attr_row = static_cast<std::uint32_t>(fid / 10);
        t.push_back(in);
    }
    t.shapes.items.push_back({0, core::ShapeKind::Line, 0, 0}); // belongs to fid 30
    sort_by_fid(t);
    EXPECT_EQ(t.fid, (std::vector<std::int64_t>{10, 20, 30}));
    EXPECT_EQ(t.lon, (std::vector<double>{10, 20, 30}));
    EXPECT_EQ(t.attr_row, (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_EQ(t.shapes.items[0].incident, 2u);
}

} // namespace
TEST(PostgisBudget, TheMemoryBudgetCapsTheRowsReadWhole) {
    ::unsetenv("INCIMAP_PG_ROW_BUDGET");
    // 1 GiB holds more than a million rows: the row budget decides.
    EXPECT_EQ(pg_row_budget_within(std::uint64_t{1} << 30), kDefaultRowBudget);
    // 64 MiB holds about 260,000 rows: a larger table is read by region, not refused.
    const std::int64_t rows = pg_row_budget_within(std::uint64_t{64} << 20);
    EXPECT_EQ(rows, static_cast<std::int64_t>((std::uint64_t{64} << 20) / kPgBytesPerRow));
    EXPECT_LT(rows, kDefaultRowBudget);
    ReadOptions options;
    options.memory_budget_bytes = std::uint64_t{64} << 20;
    set_pushdown(options, Pushdown::Auto, {});
    EXPECT_EQ(options.region_above_rows, rows);
    set_pushdown(options, Pushdown::Always, {});
    EXPECT_EQ(options.region_above_rows, 0);
    ::setenv("INCIMAP_PG_ROW_BUDGET", "1000", 1);
    EXPECT_EQ(pg_row_budget_within(std::uint64_t{64} << 20), 1000);
    ::unsetenv("INCIMAP_PG_ROW_BUDGET");
}

} // namespace incimap::geo
