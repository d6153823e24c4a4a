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

// Rows kept on demand: each row's offset and length come back as given, packed in 8 bytes
// while they fit (an offset under 2^40, a length under 16 MiB), and apart once one does not
// (a row of 16 MiB or more, a source past 1 TiB), the rows before it included.
namespace {
struct EchoReader : RowReader {
    mutable std::string text;
    std::string_view bytes(std::uint64_t offset, std::uint32_t length) const override {
        text = std::to_string(offset) + "+" + std::to_string(length);
        return text;
    }
    bool decode(std::string_view bytes, std::vector<std::optional<std::string>>& values) const override {
        values.assign(1, std::string(bytes));
        return true;
    }
};
} // namespace

TEST(AttributeStore, DeferredRowsKeepTheirPlaceNarrowOrWide) {
    const std::vector<std::pair<std::uint64_t, std::uint32_t>> spans = {
        {0, 10}, {12, 16'777'215}, {(std::uint64_t{1} << 40) - 1, 3}, // the largest that fit
        {5, 16'777'216},                                              // 16 MiB: apart from here
        {std::uint64_t{1} << 41, 7}, {99, 0}};
    for (const bool widen : {false, true}) {
        AttributeStore s;
        s.set_schema({{"row", FieldType::String}});
        const std::size_t n = widen ? spans.size() : 3;
        s.reserve_deferred(n);
        for (std::size_t r = 0; r < n; ++r)
            s.add_deferred_row(spans[r].first, spans[r].second);
        s.set_row_reader(std::make_shared<EchoReader>());
        const std::size_t none = AttributeStore{}.memory_bytes(); // the arena's own
        if (widen)
            EXPECT_GE(s.memory_bytes(), none + n * 12);
        else
            EXPECT_EQ(s.memory_bytes(), none + n * 8);
        for (std::size_t r = 0; r < n; ++r) {
            const std::string want =
                std::to_string(spans[r].first) + "+" + std::to_string(spans[r].second);
            EXPECT_EQ(s.deferred_bytes(r), want) << r;
            EXPECT_EQ(s.value(r, 0), want) << r;
        }
    }
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
