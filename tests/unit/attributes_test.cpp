#include "core/attributes.hpp"
#include "core/incident_table.hpp"

#include <gtest/gtest.h>

using namespace incimap::core;

TEST(AttributeStore, StoresRowsWithNulls) {
    AttributeStore s;
    s.set_schema({{"a", FieldType::String}, {"b", FieldType::Integer}, {"c", FieldType::String}});
    s.begin_row();
    s.add("hello");
    s.add(std::nullopt);
    s.add("");
    s.end_row();
    s.begin_row();
    s.add("x");
    s.end_row(); // missing values become null
    ASSERT_EQ(s.row_count(), 2u);
    EXPECT_EQ(s.value(0, 0), "hello");
    EXPECT_FALSE(s.value(0, 1).has_value());
    EXPECT_EQ(s.value(0, 2), "");
    EXPECT_EQ(s.value(1, 0), "x");
    EXPECT_FALSE(s.value(1, 2).has_value());
    EXPECT_FALSE(s.value(5, 0).has_value());
    EXPECT_EQ(s.field_index("c"), 2);
    EXPECT_EQ(s.field_index("zz"), -1);
}

// A part's rows joining the table's (loading on threads): the same values, nulls and empty
// strings as the rows added one by one, after the rows already there.
TEST(AttributeStore, AppendRowsKeepsEveryValue) {
    const std::vector<FieldInfo> schema{{"a", FieldType::String}, {"b", FieldType::Integer}};
    AttributeStore table, part;
    table.set_schema(schema);
    part.set_schema(schema);
    table.begin_row();
    table.add("first");
    table.add("1");
    table.end_row();
    part.begin_row();
    part.add(std::nullopt);
    part.add("2");
    part.end_row();
    part.begin_row();
    part.add("");
    part.end_row();
    table.append_rows(part);
    ASSERT_EQ(table.row_count(), 3u);
    EXPECT_EQ(table.value(0, 0), "first");
    EXPECT_EQ(table.value(0, 1), "1");
    EXPECT_FALSE(table.value(1, 0).has_value());
    EXPECT_EQ(table.value(1, 1), "2");
    EXPECT_EQ(table.value(2, 0), "");
    EXPECT_FALSE(table.value(2, 1).has_value());
    EXPECT_EQ(part.row_count(), 2u); // the part is left as it was
}

TEST(Utf8, InvalidBytesAreReplaced) {
    EXPECT_TRUE(is_valid_utf8("Al Fallūjah الفلوجة"));
    EXPECT_FALSE(is_valid_utf8("caf\xe9"));
    EXPECT_EQ(sanitize_utf8("caf\xe9!"), "caf\xEF\xBF\xBD!");
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80")); // a UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));     // overlong
}

TEST(IncidentTable, RenderColumnsFitTheBudget) {
    // The budget: ≤ 64 bytes per incident for the columns the renderer needs.
    EXPECT_LE(IncidentTable::render_bytes_per_incident(), 64u);
    EXPECT_LE(IncidentTable::column_bytes_per_incident(), 64u);
}

TEST(IncidentTable, InternsCategories) {
    IncidentTable t;
    EXPECT_EQ(t.intern_category("Airstrike"), 0);
    EXPECT_EQ(t.intern_category("Drone attack"), 1);
    EXPECT_EQ(t.intern_category("Airstrike"), 0);
    EXPECT_EQ(t.categories.size(), 2u);
}
