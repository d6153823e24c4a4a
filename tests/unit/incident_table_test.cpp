// IncidentTable's columns held as a rule (issue 14: memory): compact_columns() frees a
// column that follows its rule, the *_at accessors give every value as before, and a table
// that gains an incident (or is expanded) writes the columns out again.

#include "core/incident_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using incimap::core::IncidentTable;

namespace {

constexpr float kNoZ = std::numeric_limits<float>::quiet_NaN();

// Incidents from (feature, fid, z, attr_row) tuples.
struct Row {
    std::uint32_t feature;
    std::int64_t fid;
    float z;
    std::uint32_t attr_row;
};

IncidentTable table_of(const std::vector<Row>& rows) {
    IncidentTable t;
    for (const Row& r : rows) {
        IncidentTable::Incident in;
        in.feature_index = r.feature;
        in.fid = r.fid;
        in.z = r.z;
        in.attr_row = r.attr_row;
        t.push_back(in);
    }
    return t;
}

void expect_rows(const IncidentTable& t, const std::vector<Row>& rows) {
    ASSERT_EQ(t.count(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(t.feature_at(i), rows[i].feature) << i;
        EXPECT_EQ(t.fid_at(i), rows[i].fid) << i;
        EXPECT_EQ(std::isnan(t.z_at(i)), std::isnan(rows[i].z)) << i;
        if (!std::isnan(rows[i].z)) {
            EXPECT_EQ(t.z_at(i), rows[i].z) << i;
        }
        EXPECT_EQ(t.attr_row_at(i), rows[i].attr_row) << i;
    }
}

} // namespace

TEST(IncidentTableProvenance, ACsvsRulesFreeEveryColumn) {
    // A CSV: one incident a row, no heights, GDAL's FIDs from 1, attribute row = incident.
    const std::vector<Row> rows = {{0, 1, kNoZ, 0}, {1, 2, kNoZ, 1}, {2, 3, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_columns();
    EXPECT_TRUE(t.compacted());
    EXPECT_TRUE(t.z.empty());
    EXPECT_TRUE(t.feature_index.empty());
    EXPECT_TRUE(t.fid.empty());
    EXPECT_TRUE(t.attr_row.empty());
    expect_rows(t, rows);
    t.compact_columns(); // twice: the same
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, AMultiPointKeepsWhatBreaksItsRule) {
    // Feature 1 is a MultiPoint of two: feature numbers repeat, FIDs follow them (none here),
    // one incident has a height, and the attribute rows follow the features.
    const std::vector<Row> rows = {{0, -1, kNoZ, 0}, {1, -1, 12.5f, 1}, {1, -1, kNoZ, 1},
                                   {2, -1, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_columns();
    EXPECT_FALSE(t.z.empty());
    EXPECT_FALSE(t.feature_index.empty());
    EXPECT_TRUE(t.fid.empty()) << "every FID -1: none";
    EXPECT_FALSE(t.attr_row.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, FidsThatFollowTheFeaturesOfAMultiPoint) {
    const std::vector<Row> rows = {{0, 100, kNoZ, 0}, {0, 100, kNoZ, 1}, {1, 101, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_columns();
    EXPECT_TRUE(t.fid.empty()) << "fid = feature + 100";
    EXPECT_FALSE(t.feature_index.empty());
    EXPECT_TRUE(t.attr_row.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, FidsOfTheirOwnStay) {
    const std::vector<Row> rows = {{0, 7, kNoZ, 0}, {1, 3, kNoZ, 1}, {2, -1, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_columns();
    EXPECT_FALSE(t.fid.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, AnIncidentAddedLaterWritesTheColumnsOut) {
    std::vector<Row> rows = {{0, 0, kNoZ, 0}, {1, 1, kNoZ, 1}};
    IncidentTable t = table_of(rows);
    t.compact_columns();
    ASSERT_TRUE(t.compacted());
    IncidentTable::Incident in; // breaks every rule
    in.feature_index = 9;
    in.fid = 40;
    in.z = 3.0f;
    in.attr_row = 5;
    t.push_back(in);
    rows.push_back({9, 40, 3.0f, 5});
    EXPECT_FALSE(t.compacted());
    EXPECT_EQ(t.fid.size(), 3u);
    EXPECT_EQ(t.z.size(), 3u);
    expect_rows(t, rows);
    IncidentTable empty;
    empty.compact_columns(); // nothing to decide from: nothing changes
    EXPECT_FALSE(empty.compacted());
}

// The hot columns' rules: a table of days (or of instants) holds its starts only, and a table
// without a size field no sizes; an incident of another length, or a size, keeps the column.
namespace {

IncidentTable timed(const std::vector<std::pair<incimap::core::UnixMs, incimap::core::UnixMs>>& spans,
                    float size = kNoZ) {
    IncidentTable t;
    for (const auto& [start, end] : spans) {
        IncidentTable::Incident in;
        in.time = {start, end,
                   start == 0 && end == 0 ? incimap::core::TimePrecision::None
                                          : incimap::core::TimePrecision::Day,
                   incimap::core::ZoneKind::Utc};
        in.size = size;
        t.push_back(in);
    }
    return t;
}

void expect_times(const IncidentTable& t,
                  const std::vector<std::pair<incimap::core::UnixMs, incimap::core::UnixMs>>& spans) {
    ASSERT_EQ(t.count(), spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        EXPECT_EQ(t.t_start[i], spans[i].first) << i;
        EXPECT_EQ(t.end_at(i), spans[i].second) << i;
        EXPECT_EQ(t.time(i).end_ms, spans[i].second) << i;
    }
}

constexpr incimap::core::UnixMs kDay = incimap::core::kMsPerDay;

} // namespace

TEST(IncidentTableColumns, ADayTableKeepsItsStartsOnly) {
    // Days, one undated (0, 0) among them: every end is its start + a day.
    const std::vector<std::pair<incimap::core::UnixMs, incimap::core::UnixMs>> spans = {
        {3 * kDay, 4 * kDay}, {0, 0}, {9 * kDay, 10 * kDay}, {3 * kDay, 4 * kDay}};
    IncidentTable t = timed(spans);
    t.compact_columns();
    EXPECT_TRUE(t.t_end.empty());
    EXPECT_TRUE(t.size.empty()) << "no size field";
    EXPECT_TRUE(std::isnan(t.size_at(2)));
    expect_times(t, spans);
    t.expand_columns();
    EXPECT_EQ(t.t_end.size(), spans.size());
    EXPECT_EQ(t.size.size(), spans.size());
    EXPECT_FALSE(t.compacted());
    expect_times(t, spans);
}

TEST(IncidentTableColumns, InstantsAreTheirOwnEnd) {
    const std::vector<std::pair<incimap::core::UnixMs, incimap::core::UnixMs>> spans = {
        {1000, 1000}, {5000, 5000}};
    IncidentTable t = timed(spans, 2.0f);
    t.compact_columns();
    EXPECT_TRUE(t.t_end.empty());
    EXPECT_FALSE(t.size.empty()) << "sizes given";
    EXPECT_EQ(t.size_at(1), 2.0f);
    expect_times(t, spans);
}

TEST(IncidentTableColumns, OneLongerIncidentKeepsTheEnds) {
    const std::vector<std::pair<incimap::core::UnixMs, incimap::core::UnixMs>> spans = {
        {3 * kDay, 4 * kDay}, {5 * kDay, 7 * kDay}};
    IncidentTable t = timed(spans);
    t.compact_columns();
    EXPECT_FALSE(t.t_end.empty());
    expect_times(t, spans);
    // An undated row whose end is not its start breaks the rule too.
    IncidentTable odd = timed({{3 * kDay, 4 * kDay}, {0, 0}});
    odd.t_end[1] = 5;
    odd.compact_columns();
    EXPECT_FALSE(odd.t_end.empty());
    EXPECT_EQ(odd.end_at(1), 5);
}

TEST(IncidentTableColumns, NewSizesOnACompactedTable) {
    IncidentTable t = timed({{3 * kDay, 4 * kDay}, {5 * kDay, 6 * kDay}});
    t.compact_columns();
    ASSERT_TRUE(t.size.empty());
    t.set_sizes({1.0f, 4.0f});
    EXPECT_EQ(t.size_at(0), 1.0f);
    EXPECT_EQ(t.size_at(1), 4.0f);
    t.push_back({}); // and an incident added after: every column written out
    EXPECT_EQ(t.t_end.size(), 3u);
    EXPECT_EQ(t.size.size(), 3u);
    EXPECT_EQ(t.end_at(1), 6 * kDay);
}
