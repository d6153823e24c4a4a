// The text pre-pass's edges (issue 15, items 2-4): what sits beside a recoded CSV (.csvt
// column types, .prj CRS) still read by GDAL from the in-memory text; a headerless GDELT
// file with a UTF-8 BOM still recognised; values repaired from mojibake counted when they
// stay in the file (attributes read back) as when they are kept in memory.
//
// arabic_3857.csv: Windows-1256, CRLF, three rows with x/y in EPSG:3857 metres (its .prj),
// `deaths` typed Integer by its .csvt: Baghdad (44.3661 E, 33.3152 N), Mosul (43.13 E,
// 36.34 N), Basra (47.7804 E, 30.5085 N), 2024-02-01 .. 2024-02-03.

#include "core/time.hpp"
#include "geo/reader.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

using incimap::core::FieldType;
using incimap::geo::read_incidents;
using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::fixture;

std::string attr(const ReadResult& r, std::size_t i, const std::string& field) {
    const int f = r.table.attributes.field_index(field);
    if (f < 0)
        return "<no field>";
    const auto v = r.table.attributes.value(r.table.attr_row[i], static_cast<std::size_t>(f));
    return v ? std::string(*v) : "<null>";
}

FieldType type_of(const ReadResult& r, const std::string& field) {
    for (const auto& f : r.report.fields)
        if (f.name == field)
            return f.type;
    return FieldType::Other;
}

TEST(SourceText, CsvtAndPrjBesideARecodedCsvAreHonoured) {
    const std::string before = incimap::test::read_bytes(fixture("arabic_3857.csv"));
    const ReadResult r = read_incidents(fixture("arabic_3857.csv"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.report.encoding, "windows-1256");
    EXPECT_TRUE(r.report.recoded);
    EXPECT_FALSE(r.report.fast); // a .csvt or .prj beside the file: GDAL's driver reads it
    ASSERT_EQ(r.table.count(), 3u);
    EXPECT_EQ(r.report.problem_count, 0);
    // The .prj: metres brought back to degrees.
    EXPECT_NEAR(r.table.lon[0], 44.3661, 1e-6);
    EXPECT_NEAR(r.table.lat[0], 33.3152, 1e-6);
    EXPECT_NEAR(r.table.lon[2], 47.7804, 1e-6);
    EXPECT_NEAR(r.table.lat[2], 30.5085, 1e-6);
    // The .csvt: deaths is an integer column.
    EXPECT_EQ(type_of(r, "deaths"), FieldType::Integer);
    EXPECT_EQ(attr(r, 0, "name"), "\xD8\xA8\xD8\xBA\xD8\xAF\xD8\xA7\xD8\xAF"); // بغداد
    EXPECT_EQ(incimap::core::format_iso_utc(r.table.t_start[2]), "2024-02-03T00:00:00Z");
    EXPECT_EQ(incimap::test::read_bytes(fixture("arabic_3857.csv")), before);
}

TEST(SourceText, AHostilePrjBesideARecodedCsvIsStillRefused) {
    const incimap::test::TempDir dir;
    const std::string csv = dir.file("a.csv");
    std::filesystem::copy_file(fixture("arabic_3857.csv"), csv);
    incimap::test::write_file(dir.file("a.prj"), "+proj=longlat +nadgrids=" + dir.file("grid"));
    incimap::test::write_file(dir.file("grid"), "not a grid");
    const ReadResult r = read_incidents(csv);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("names the file"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("/vsimem/"), std::string::npos) << r.error; // named as the user's
}

TEST(SourceText, HeaderlessGdeltWithAUtf8BomIsRecognised) {
    const incimap::test::TempDir dir;
    const std::string path = dir.write(
        "bom.export.CSV",
        "\xEF\xBB\xBF" + incimap::test::read_bytes(fixture("gdelt2_headerless.export.CSV")));
    for (const bool fast : {true, false}) {
        SCOPED_TRACE(fast ? "fast reader" : "GDAL");
        ReadOptions o;
        o.fast_readers = fast;
        const ReadResult r = read_incidents(path, o);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(r.report.header_supplied, "GDELT 2.0 events");
        EXPECT_EQ(r.report.schema, "GDELT events");
        EXPECT_EQ(r.report.time_field, "SQLDATE");
        ASSERT_EQ(r.table.count(), 4u);
        EXPECT_EQ(attr(r, 0, "GLOBALEVENTID"), "1153000001"); // no BOM stuck to it
        EXPECT_EQ(attr(r, 0, "ActionGeo_FullName"), "Baghdad, Baghdad, Iraq");
        EXPECT_EQ(incimap::core::format_iso_utc(r.table.t_start[0]), "2024-01-04T00:00:00Z");
    }
}

TEST(SourceText, RepairsOfValuesReadBackFromTheFileAreCounted) {
    ReadOptions memory;
    memory.attributes = ReadOptions::Attributes::Memory;
    ReadOptions in_file;
    in_file.attributes = ReadOptions::Attributes::OnDemand;
    const ReadResult a = read_incidents(fixture("double_encoded_1252.csv"), memory);
    const ReadResult b = read_incidents(fixture("double_encoded_1252.csv"), in_file);
    ASSERT_TRUE(a.ok) << a.error;
    ASSERT_TRUE(b.ok) << b.error;
    ASSERT_TRUE(b.table.attributes.deferred());
    EXPECT_EQ(a.report.repaired_values, 2);
    EXPECT_EQ(b.report.repaired_values, 2);
    ASSERT_EQ(b.table.count(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(attr(b, i, "name"), attr(a, i, "name"));
    EXPECT_EQ(attr(b, 1, "name"), "M\xC3\xBCnchen Hbf");
}

} // namespace
