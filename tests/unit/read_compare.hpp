#pragma once
// Two reads of one file compared field by field: the report's counts, fields, problems and
// notes, every incident's columns (through the accessors) and the attribute rows' values. For
// reads that must agree: on 1, 2 or 8 threads, with attributes in memory or on demand.

#include "geo/read_options.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace incimap::test {

inline bool same_float(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

inline std::optional<std::string> owned(std::optional<std::string_view> v) {
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

struct CompareReads {
    std::size_t row_step = 1;         // every row's values, or every n-th (read back: slower)
    std::size_t notes_only_in_b = 0;  // notes `b` ends with that `a` has not (on demand says so)
};

inline void expect_identical(const geo::ReadResult& a, const geo::ReadResult& b,
                             CompareReads how = {}) {
    ASSERT_EQ(a.ok, b.ok);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.report.fast, b.report.fast);
    EXPECT_EQ(a.report.features, b.report.features);
    EXPECT_EQ(a.report.skipped, b.report.skipped);
    EXPECT_EQ(a.report.problem_count, b.report.problem_count);
    EXPECT_EQ(a.report.repaired_values, b.report.repaired_values);
    ASSERT_EQ(a.report.problems.size(), b.report.problems.size());
    for (std::size_t i = 0; i < a.report.problems.size(); ++i) {
        EXPECT_EQ(a.report.problems[i].feature, b.report.problems[i].feature) << i;
        EXPECT_EQ(a.report.problems[i].reason, b.report.problems[i].reason) << i;
    }
    ASSERT_EQ(a.report.notes.size() + how.notes_only_in_b, b.report.notes.size());
    for (std::size_t i = 0; i < a.report.notes.size(); ++i)
        EXPECT_EQ(a.report.notes[i], b.report.notes[i]);
    ASSERT_EQ(a.report.fields.size(), b.report.fields.size());
    for (std::size_t i = 0; i < a.report.fields.size(); ++i) {
        EXPECT_EQ(a.report.fields[i].name, b.report.fields[i].name);
        EXPECT_EQ(a.report.fields[i].type, b.report.fields[i].type);
    }
    EXPECT_EQ(a.report.time_field, b.report.time_field);
    EXPECT_EQ(a.report.category_field, b.report.category_field);
    EXPECT_EQ(a.report.size_field, b.report.size_field);
    const auto& x = a.table;
    const auto& y = b.table;
    ASSERT_EQ(x.count(), y.count());
    EXPECT_EQ(x.categories, y.categories);
    int differences = 0;
    for (std::size_t i = 0; i < x.count() && differences < 5; ++i)
        if (x.lon[i] != y.lon[i] || x.lat[i] != y.lat[i] || !same_float(x.z_at(i), y.z_at(i)) ||
            !(x.time(i) == y.time(i)) || x.category[i] != y.category[i] ||
            !same_float(x.size_at(i), y.size_at(i)) || x.geo_precision[i] != y.geo_precision[i] ||
            x.feature_at(i) != y.feature_at(i) || x.fid_at(i) != y.fid_at(i) ||
            x.attr_row_at(i) != y.attr_row_at(i)) {
            ++differences;
            ADD_FAILURE() << "incident " << i << ": feature " << x.feature_at(i) << " / "
                          << y.feature_at(i) << ", fid " << x.fid_at(i) << " / " << y.fid_at(i)
                          << ", category " << x.category[i] << " / " << y.category[i]
                          << ", attribute row " << x.attr_row_at(i) << " / " << y.attr_row_at(i);
        }
    ASSERT_EQ(x.attributes.row_count(), y.attributes.row_count());
    for (std::size_t row = 0; row < x.attributes.row_count() && differences < 5;
         row += how.row_step)
        for (std::size_t k = 0; k < x.attributes.fields().size(); ++k) {
            // A copy first: attributes read from the file hand out a view of one cached
            // value, which the next read replaces.
            const std::optional<std::string> first = owned(x.attributes.value(row, k));
            if (first != owned(y.attributes.value(row, k))) {
                ++differences;
                ADD_FAILURE() << "row " << row << " field " << k;
            }
        }
}

} // namespace incimap::test
