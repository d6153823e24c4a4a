// Text as written (issue 15, item 6, and headerless GDELT): each fixture carries one trait,
// its expected reading written beside it in the table below: encoding, count, time range,
// the fields chosen and values as they must read. Each is read both ways (the fast reader
// where one applies, and GDAL's driver) and both must give the table's answers; the file is
// never written. The rules underneath are in text_encoding_test.cpp.

#include "core/time.hpp"
#include "geo/reader.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace {

using incimap::core::IncidentTable;
using incimap::core::UnixMs;
using incimap::geo::read_incidents;
using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::fixture;

UnixMs ms(int y, int mo, int d, int h = 0, int mi = 0) {
    using namespace incimap::core;
    return days_from_civil(y, mo, d) * kMsPerDay + h * kMsPerHour + mi * kMsPerMinute;
}

std::string attr(const IncidentTable& table, std::size_t i, const std::string& field) {
    const int f = table.attributes.field_index(field);
    if (f < 0)
        return "<no field>";
    const auto v = table.attributes.value(table.attr_row[i], static_cast<std::size_t>(f));
    return v ? std::string(*v) : "<null>";
}

struct Expected {
    const char* file;
    const char* encoding; // as `info` says it
    bool recoded;
    const char* header_supplied; // "" none
    std::size_t loaded;
    const char* schema;
    const char* time_field;
    UnixMs first_start, last_start, last_end;
    std::int64_t repaired;
    // (incident, field, value as it must read in UTF-8)
    std::vector<std::tuple<std::size_t, const char*, const char*>> values;
    // Mojibake that cannot be repaired losslessly: counted and its fields named.
    std::int64_t unrepaired = 0;
    std::vector<std::string> unrepaired_fields = {};
};

const Expected kFiles[] = {
    // Windows-1256 with CRLF: Arabic place names, an Arabic column name and category.
    {"arabic_windows1256.csv",
     "windows-1256",
     true,
     "",
     5,
     "",
     "date",
     ms(2024, 2, 1),
     ms(2024, 2, 9),
     ms(2024, 2, 10),
     0,
     {{0, "name", "\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF"}, // بغداد
      {4, "name", "\xD8\xAD\xD9\x84\xD8\xA8"},                 // حلب
      {1, "\xD8\xA7\xD9\x84\xD9\x86\xD9\x88\xD8\xB9", "\xD9\x82\xD8\xB5\xD9\x81"}}}, // النوع: قصف
    // Latin-1 (read as Windows-1252, its superset for text): French, German, Portuguese.
    {"latin1_places.csv",
     "windows-1252",
     true,
     "",
     4,
     "",
     "date",
     ms(2024, 1, 1),
     ms(2024, 1, 4),
     ms(2024, 1, 5),
     0,
     {{0, "name", "Caf\xC3\xA9 de la Gare"},
      {1, "type", "Stra\xC3\x9F" "enblockade"},
      {2, "type", "manifesta\xC3\xA7\xC3\xA3o"}}},
    // UTF-16 LE with a BOM and CRLF, as Excel saves "Unicode": Arabic, Greek, a character
    // beyond the BMP (a surrogate pair), minutes.
    {"utf16le_bom.csv",
     "utf-16le",
     true,
     "",
     3,
     "",
     "date",
     ms(2024, 3, 1, 10, 30),
     ms(2024, 3, 3, 8, 0),
     ms(2024, 3, 3, 8, 1),
     0,
     {{0, "name", "Beyrouth \xE2\x80\x93 \xD8\xA8\xD9\x8A\xD8\xB1\xD9\x88\xD8\xAA"},
      {2, "name", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1 \xF0\x9D\x94\xB8"}}},
    // UTF-16 BE with a BOM, a GeoJSON.
    {"utf16be_bom.geojson",
     "utf-16be",
     true,
     "",
     2,
     "",
     "date",
     ms(2024, 4, 1),
     ms(2024, 4, 2),
     ms(2024, 4, 3),
     0,
     {{0, "name", "T\xC5\x8Dky\xC5\x8D"}}},
    // UTF-8 saved after a trip through Windows-1252: repaired where lossless (two values),
    // the one that is not mojibake left as written.
    {"double_encoded_1252.csv",
     "utf-8",
     false,
     "",
     3,
     "",
     "date",
     ms(2024, 5, 1),
     ms(2024, 5, 3),
     ms(2024, 5, 4),
     2,
     {{0, "name", "It\xE2\x80\x99s the Caf\xE2\x80\x99 Caf\xC3\xA9"},
      {1, "name", "M\xC3\xBCnchen Hbf"},
      {2, "name", "\xC3\x83 alone"}}},
    // Mojibake where some values repair (CafÃ©, AMÃ‰RICA) and some cannot: Á is C3 81 and
    // 1252 leaves 0x81 undefined, so `Ã\uFFFDFRICA` is flagged, counted, shown as written.
    {"mojibake_unrepaired.csv",
     "utf-8",
     false,
     "",
     4,
     "",
     "date",
     ms(2024, 6, 1),
     ms(2024, 6, 4),
     ms(2024, 6, 5),
     2,
     {{0, "name", "Caf\xC3\xA9 de la Gare"},
      {1, "region", "AM\xC3\x89RICA"},
      {0, "region", "\xC3\x83\xEF\xBF\xBD" "FRICA"}},
     3,
     {"region", "name"}},
    // GDELT 2.0 events as published: tab-separated, no header, 61 columns, named ".CSV".
    {"gdelt2_headerless.export.CSV",
     "utf-8",
     false,
     "GDELT 2.0 events",
     4,
     "GDELT events",
     "SQLDATE",
     ms(2024, 1, 4),
     ms(2024, 1, 7),
     ms(2024, 1, 8),
     0,
     {{0, "ActionGeo_FullName", "Baghdad, Baghdad, Iraq"},
      {2, "SOURCEURL", "https://example.org/c"},
      {1, "EventRootCode", "14"}}},
};

void check(const Expected& e, const ReadResult& r, const std::string& how) {
    SCOPED_TRACE(std::string(e.file) + " (" + how + ")");
    ASSERT_TRUE(r.ok) << r.error;
    const auto& t = r.table;
    ASSERT_EQ(t.count(), e.loaded);
    EXPECT_EQ(r.report.problem_count, 0);
    EXPECT_EQ(r.report.encoding, e.encoding);
    EXPECT_EQ(r.report.recoded, e.recoded);
    EXPECT_EQ(r.report.header_supplied, e.header_supplied);
    EXPECT_EQ(r.report.schema, e.schema);
    EXPECT_EQ(r.report.time_field, e.time_field);
    EXPECT_EQ(r.report.repaired_values, e.repaired);
    EXPECT_EQ(r.report.mojibake_unrepaired, e.unrepaired);
    EXPECT_EQ(r.report.mojibake_fields, e.unrepaired_fields);
    UnixMs first = INT64_MAX, last = INT64_MIN, last_end = INT64_MIN;
    for (std::size_t i = 0; i < t.count(); ++i) {
        first = std::min(first, t.t_start[i]);
        last = std::max(last, t.t_start[i]);
        last_end = std::max(last_end, t.end_at(i));
    }
    EXPECT_EQ(incimap::core::format_iso_utc(first), incimap::core::format_iso_utc(e.first_start));
    EXPECT_EQ(incimap::core::format_iso_utc(last), incimap::core::format_iso_utc(e.last_start));
    EXPECT_EQ(incimap::core::format_iso_utc(last_end), incimap::core::format_iso_utc(e.last_end));
    for (const auto& [i, field, value] : e.values)
        EXPECT_EQ(attr(t, i, field), value) << field;
    if (e.recoded) {
        const bool said = std::any_of(r.report.notes.begin(), r.report.notes.end(), [&](auto& n) {
            return n.find(std::string(e.encoding) + " text, not UTF-8: recoded") !=
                   std::string::npos;
        });
        EXPECT_TRUE(said);
    }
}

TEST(TextAsWritten, ReadAsWrittenBesideEach) {
    for (const Expected& e : kFiles) {
        const std::string before = incimap::test::read_bytes(fixture(e.file));
        const ReadResult fast = read_incidents(fixture(e.file));
        check(e, fast, "default");
        ReadOptions gdal;
        gdal.fast_readers = false;
        const ReadResult slow = read_incidents(fixture(e.file), gdal);
        check(e, slow, "GDAL");
        // The two ways agree on every value, and the file is as it was.
        ASSERT_EQ(fast.table.count(), slow.table.count());
        EXPECT_EQ(fast.report.fields.size(), slow.report.fields.size());
        for (std::size_t i = 0; i < fast.table.count(); ++i)
            for (const auto& f : fast.report.fields)
                EXPECT_EQ(attr(fast.table, i, f.name), attr(slow.table, i, f.name))
                    << e.file << " " << f.name;
        EXPECT_EQ(incimap::test::read_bytes(fixture(e.file)), before) << e.file;
    }
}

// The fast CSV reader reads the recoded text (it declined the file's bytes before: a
// non-UTF-8 column name); attributes then stay in memory, whatever the file's size.
TEST(TextAsWritten, FastReaderReadsTheRecodedText) {
    ReadOptions o;
    o.attributes = ReadOptions::Attributes::OnDemand;
    const ReadResult r = read_incidents(fixture("arabic_windows1256.csv"), o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(r.report.fast);
    EXPECT_EQ(attr(r.table, 0, "name"), "\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF");
}

// A file that says UTF-16 but is not (an odd byte count, a lone surrogate): one line that
// says what is wrong and how to convert it; nothing read, nothing written.
TEST(TextAsWritten, GarbledUtf16IsOneClearLine) {
    const incimap::test::TempDir dir;
    const std::string odd = dir.write("odd.csv", std::string("\xFF\xFEl\0o\0n\0,\0x", 11));
    const ReadResult r = read_incidents(odd);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("not valid UTF-16: an odd number of bytes"), std::string::npos)
        << r.error;
    EXPECT_NE(r.error.find("iconv -f UTF-16 -t UTF-8"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find('\n'), std::string::npos);
}

// A recoded file over the memory budget is refused before it is recoded, with the budget.
TEST(TextAsWritten, RecodingRespectsTheBudget) {
    const incimap::test::TempDir dir;
    std::string text = "name,date,lat,lon\n";
    while (text.size() < (std::size_t{3} << 20))
        text += "Caf\xE9,2024-01-01,48.85,2.35\n";
    const std::string path = dir.write("big_latin1.csv", text);
    ReadOptions o;
    o.memory_budget_bytes = std::size_t{2} << 20;
    const ReadResult r = read_incidents(path, o);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("memory"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("iconv -f WINDOWS-1252 -t UTF-8"), std::string::npos) << r.error;
}

} // namespace
