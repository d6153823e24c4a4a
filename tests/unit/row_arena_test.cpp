// The fast readers' RowArena (issue 14: a read's peak): each value kept as a 2-byte field id,
// its length + 1 in 7-bit groups (0: null) and its bytes; every value comes back as added, at
// the lengths where the groups change (127/128, 16383/16384 …), nulls and empty strings
// apart, after field ids are rewritten in place, and after one arena is appended to another;
// spans in 8 bytes or apart; dropped fields. Also the mapped file's windowed byte search.

#include "geo/fast/fast_common.hpp"
#include "geo/read_limits.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

using incimap::geo::fast::RowArena;

namespace {

using Value = std::pair<std::uint32_t, std::optional<std::string>>;

std::vector<Value> read_row(const RowArena& a, std::size_t row) {
    std::vector<Value> out;
    a.for_each(row, [&](std::uint32_t field, std::optional<std::string_view> v) {
        out.emplace_back(field, v ? std::optional<std::string>(std::string(*v)) : std::nullopt);
    });
    return out;
}

std::vector<std::vector<Value>> sample_rows() {
    std::vector<std::vector<Value>> rows;
    std::vector<Value> lengths;
    std::uint32_t field = 0;
    for (const std::size_t n : {0, 1, 126, 127, 128, 16383, 16384, 70000})
        lengths.emplace_back(field++, std::string(n, static_cast<char>('a' + n % 26)));
    rows.push_back(lengths);
    rows.push_back({{3, std::nullopt}, {0, std::string()}, {9999, std::string("last field")},
                    {255, std::string("\0x", 2)}, {256, std::nullopt}});
    rows.push_back({}); // a feature without properties
    return rows;
}

void add_rows(RowArena& a, const std::vector<std::vector<Value>>& rows) {
    for (const auto& row : rows) {
        a.begin_row();
        for (const auto& [field, v] : row)
            a.add(field, v ? std::optional<std::string_view>(*v) : std::nullopt);
        a.end_row();
    }
}

} // namespace

TEST(RowArena, EveryValueComesBackAsAdded) {
    static_assert(incimap::geo::kMaxFields < 0xFFFF);
    const auto rows = sample_rows();
    RowArena a;
    add_rows(a, rows);
    ASSERT_EQ(a.rows(), rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        EXPECT_EQ(read_row(a, r), rows[r]) << r;
    // Heads of 3 bytes where the value is under 127 bytes long (8 before).
    EXPECT_EQ(a.row_bytes(1), 5 * 3 + 0 + 0 + 10 + 2 + 0);
    EXPECT_EQ(a.value_bytes(), 1 + 126 + 127 + 128 + 16383 + 16384 + 70000 + 10 + 2);
}

TEST(RowArena, FieldIdsRewrittenInPlaceAndArenasAppended) {
    const auto rows = sample_rows();
    RowArena a, b;
    add_rows(a, rows);
    add_rows(b, rows);
    std::vector<std::uint32_t> to(10000);
    for (std::uint32_t f = 0; f < to.size(); ++f)
        to[f] = 9999 - f;
    b.remap_fields(to);
    a.append(std::move(b));
    ASSERT_EQ(a.rows(), 2 * rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        EXPECT_EQ(read_row(a, r), rows[r]) << r;
        auto remapped = rows[r];
        for (auto& [field, v] : remapped)
            field = 9999 - field;
        EXPECT_EQ(read_row(a, rows.size() + r), remapped) << r;
    }
}

// Spans in 8 bytes while they fit (offset < 2^40, length < 16 MiB), apart once one does not:
// a part with a 16 MiB row appended after a narrow one, and rows without a span between.
TEST(RowArena, SpansComeBackAcrossPartsNarrowOrWide) {
    const auto row = [](RowArena& a, std::uint64_t offset, std::uint32_t length) {
        a.begin_row();
        a.add(0, std::string_view("v"));
        a.end_row();
        if (length > 0)
            a.set_span(offset, length);
    };
    RowArena whole, part;
    row(whole, 0, 10);
    row(whole, (std::uint64_t{1} << 40) - 1, 16'777'215); // the largest that fit
    row(whole, 0, 0);                                     // no span: reads as none
    row(part, 77, 16'777'216);                            // 16 MiB: apart from here
    row(part, std::uint64_t{1} << 41, 5);
    whole.reserve_rows(5, true);
    whole.append(std::move(part));
    ASSERT_EQ(whole.rows(), 5u);
    const std::vector<std::pair<std::uint64_t, std::uint32_t>> want = {
        {0, 10}, {(std::uint64_t{1} << 40) - 1, 16'777'215}, {0, 0}, {77, 16'777'216},
        {std::uint64_t{1} << 41, 5}};
    for (std::size_t r = 0; r < want.size(); ++r) {
        EXPECT_EQ(whole.span(r).offset, want[r].first) << r;
        EXPECT_EQ(whole.span(r).length, want[r].second) << r;
    }
}

// Values of a dropped field are not kept, except while every value is kept (the rows the
// fields are chosen from); other fields' values always are.
TEST(RowArena, DroppedFieldsKeepTheirValuesOnlyWhileEveryValueIsKept) {
    RowArena a;
    a.drop_values_of(1);
    for (const bool every : {true, false}) {
        a.keep_every_value(every);
        a.begin_row();
        a.add(0, std::string_view("kept"));
        a.add(1, std::string_view("dropped"));
        a.add(2, std::nullopt);
        a.end_row();
    }
    EXPECT_EQ(read_row(a, 0), (std::vector<Value>{{0, "kept"}, {1, "dropped"}, {2, std::nullopt}}));
    EXPECT_EQ(read_row(a, 1), (std::vector<Value>{{0, "kept"}, {2, std::nullopt}}));
}

// MappedFile::contains looks at a file a window (16 MiB) at a time and lets each window's
// pages go: a byte past the first window is found, one that is absent is not, and the text
// reads the same afterwards (the pages come back from the file).
TEST(MappedFile, ContainsLooksPastTheFirstWindowAndKeepsTheText) {
    incimap::test::TempDir dir;
    std::string text((std::size_t{17} << 20) + 100, 'a');
    const std::size_t at = (std::size_t{16} << 20) + 7;
    text[at] = '\x1e';
    const std::string path = dir.write("rs.geojsonl", text);
    std::string why;
    auto file = incimap::geo::fast::MappedFile::open(path, why);
    ASSERT_TRUE(file) << why;
    EXPECT_TRUE(file->contains('\x1e'));
    EXPECT_FALSE(file->contains('\x1f'));
    EXPECT_EQ(file->text()[at], '\x1e');
    EXPECT_EQ(file->text().substr(0, 4), "aaaa");
    EXPECT_EQ(file->text().back(), 'a');
}
