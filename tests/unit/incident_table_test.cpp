// IncidentTable's provenance held as a rule (issue 14: memory): compact_provenance() frees a
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
    t.compact_provenance();
    EXPECT_TRUE(t.provenance_compacted());
    EXPECT_TRUE(t.z.empty());
    EXPECT_TRUE(t.feature_index.empty());
    EXPECT_TRUE(t.fid.empty());
    EXPECT_TRUE(t.attr_row.empty());
    expect_rows(t, rows);
    t.compact_provenance(); // twice: the same
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, AMultiPointKeepsWhatBreaksItsRule) {
    // Feature 1 is a MultiPoint of two: feature numbers repeat, FIDs follow them (none here),
    // one incident has a height, and the attribute rows follow the features.
    const std::vector<Row> rows = {{0, -1, kNoZ, 0}, {1, -1, 12.5f, 1}, {1, -1, kNoZ, 1},
                                   {2, -1, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_provenance();
    EXPECT_FALSE(t.z.empty());
    EXPECT_FALSE(t.feature_index.empty());
    EXPECT_TRUE(t.fid.empty()) << "every FID -1: none";
    EXPECT_FALSE(t.attr_row.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, FidsThatFollowTheFeaturesOfAMultiPoint) {
    const std::vector<Row> rows = {{0, 100, kNoZ, 0}, {0, 100, kNoZ, 1}, {1, 101, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_provenance();
    EXPECT_TRUE(t.fid.empty()) << "fid = feature + 100";
    EXPECT_FALSE(t.feature_index.empty());
    EXPECT_TRUE(t.attr_row.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, FidsOfTheirOwnStay) {
    const std::vector<Row> rows = {{0, 7, kNoZ, 0}, {1, 3, kNoZ, 1}, {2, -1, kNoZ, 2}};
    IncidentTable t = table_of(rows);
    t.compact_provenance();
    EXPECT_FALSE(t.fid.empty());
    expect_rows(t, rows);
}

TEST(IncidentTableProvenance, AnIncidentAddedLaterWritesTheColumnsOut) {
    std::vector<Row> rows = {{0, 0, kNoZ, 0}, {1, 1, kNoZ, 1}};
    IncidentTable t = table_of(rows);
    t.compact_provenance();
    ASSERT_TRUE(t.provenance_compacted());
    IncidentTable::Incident in; // breaks every rule
    in.feature_index = 9;
    in.fid = 40;
    in.z = 3.0f;
    in.attr_row = 5;
    t.push_back(in);
    rows.push_back({9, 40, 3.0f, 5});
    EXPECT_FALSE(t.provenance_compacted());
    EXPECT_EQ(t.fid.size(), 3u);
    EXPECT_EQ(t.z.size(), 3u);
    expect_rows(t, rows);
    IncidentTable empty;
    empty.compact_provenance(); // nothing to decide from: nothing changes
    EXPECT_FALSE(empty.provenance_compacted());
}
