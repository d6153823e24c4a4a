// Writer tests: every fixture exported to GeoJSON, CSV and GeoPackage and read back with the
// same reader (same incidents, positions, times, attributes); the export filters; and the
// guarantees of the write itself: an input is never written over (whatever path names it),
// a failed write leaves the old file as it was, and no temp file is left behind.

#include "app/export_command.hpp"
#include "core/attributes.hpp"
#include "core/filters.hpp"
#include "geo/write/atomic_file.hpp"
#include "geo/reader.hpp"
#include "geo/write/atomic_file.hpp"
#include "geo/write/writer.hpp"
#include "table_columns.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using ExportFilter = incimap::core::RowFilter; // what `incimap export` builds from its flags
using incimap::core::rows_passing;
using incimap::core::FieldType;
using incimap::core::IncidentTable;
using incimap::geo::ExportPart;
using incimap::geo::read_incidents;
using incimap::geo::ReadResult;
using incimap::geo::VectorFormat;
using incimap::geo::write_incidents;
using incimap::geo::WriteRequest;
using incimap::geo::WriteResult;
using incimap::test::fixture;
using incimap::test::read_bytes;
using incimap::test::TempDir;
using incimap::test::write_file;

std::vector<std::size_t> all_rows(const IncidentTable& t) {
    std::vector<std::size_t> rows(t.count());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    return rows;
}

WriteResult write_all(const ReadResult& r, const std::string& path, VectorFormat format,
                      std::vector<std::string> inputs = {}) {
    const ExportPart part{&r.table, all_rows(r.table)};
    WriteRequest request{path, format, std::move(inputs)};
    return write_incidents(request, std::span<const ExportPart>(&part, 1));
}

std::vector<std::string> directory_names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// --- round trips ------------------------------------------------------------------------

struct RoundTripCase {
    const char* fixture;
    VectorFormat format;
    const char* extension;
};

std::string case_name(const testing::TestParamInfo<RoundTripCase>& info) {
    std::string n = std::string(info.param.fixture) + "_" +
                    std::string(incimap::geo::to_string(info.param.format));
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

class WriterRoundTrip : public testing::TestWithParam<RoundTripCase> {};

TEST_P(WriterRoundTrip, ReadBackGivesTheSameIncidents) {
    const RoundTripCase& c = GetParam();
    const ReadResult original = read_incidents(fixture(c.fixture));
    ASSERT_TRUE(original.ok) << original.error;
    ASSERT_GT(original.table.count(), 0u);
    TempDir dir;
    const std::string out = dir.file(std::string("out") + c.extension);
    const WriteResult w = write_all(original, out, c.format, {fixture(c.fixture)});
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_EQ(w.written, original.table.count());
    EXPECT_EQ(directory_names(dir.path()), std::vector<std::string>{fs::path(out).filename()})
        << "only the output is left in its folder (no temp, no journal)";

    const ReadResult back = read_incidents(out);
    ASSERT_TRUE(back.ok) << back.error;
    const IncidentTable& a = original.table;
    const IncidentTable& b = back.table;
    ASSERT_EQ(b.count(), a.count());
    EXPECT_EQ(back.report.time_field, original.report.time_field);
    EXPECT_EQ(back.report.category_field, original.report.category_field);

    // Every field comes back under its name; CSV adds the X (lon) and Y (lat) columns.
    const auto& fa = a.attributes.fields();
    for (const auto& f : fa)
        EXPECT_GE(b.attributes.field_index(f.name), 0) << "field " << f.name << " is missing";
    for (const auto& f : b.attributes.fields()) {
        if (a.attributes.field_index(f.name) < 0) {
            EXPECT_TRUE(c.format == VectorFormat::CSV && (f.name == "X" || f.name == "Y"))
                << "unexpected field " << f.name;
        }
    }

    for (std::size_t i = 0; i < a.count(); ++i) {
        SCOPED_TRACE("incident " + std::to_string(i));
        EXPECT_NEAR(b.lon[i], a.lon[i], 1e-9);
        EXPECT_NEAR(b.lat[i], a.lat[i], 1e-9);
        EXPECT_EQ(b.time(i), a.time(i));
        const auto category = [](const IncidentTable& t, std::size_t k) {
            return t.category[k] < t.categories.size() ? t.categories[t.category[k]]
                                                       : std::string("(none)");
        };
        EXPECT_EQ(category(b, i), category(a, i));
        for (std::size_t f = 0; f < fa.size(); ++f) {
            const auto va = a.attributes.value(a.attr_row[i], f);
            const int fb = b.attributes.field_index(fa[f].name);
            ASSERT_GE(fb, 0);
            const auto vb = b.attributes.value(b.attr_row[i], static_cast<std::size_t>(fb));
            SCOPED_TRACE("field " + fa[f].name);
            if (!va) {
                // CSV has no null: an empty cell is the closest it can say.
                EXPECT_TRUE(!vb || (c.format == VectorFormat::CSV && vb->empty()));
                continue;
            }
            ASSERT_TRUE(vb.has_value());
            if (fa[f].type == FieldType::Integer || fa[f].type == FieldType::Real)
                EXPECT_DOUBLE_EQ(std::strtod(std::string(*vb).c_str(), nullptr),
                                 std::strtod(std::string(*va).c_str(), nullptr));
            else
                EXPECT_EQ(*vb, *va); // text, dates and times exactly as read
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, WriterRoundTrip,
    testing::Values(RoundTripCase{"points.geojson", VectorFormat::GeoJSON, ".geojson"},
                    RoundTripCase{"points.geojson", VectorFormat::CSV, ".csv"},
                    RoundTripCase{"points.geojson", VectorFormat::GPKG, ".gpkg"},
                    RoundTripCase{"acled_bom.csv", VectorFormat::GeoJSON, ".geojson"},
                    RoundTripCase{"acled_bom.csv", VectorFormat::CSV, ".csv"},
                    RoundTripCase{"acled_bom.csv", VectorFormat::GPKG, ".gpkg"},
                    RoundTripCase{"intervals.geojson", VectorFormat::GeoJSON, ".geojson"},
                    RoundTripCase{"intervals.geojson", VectorFormat::CSV, ".csv"},
                    RoundTripCase{"intervals.geojson", VectorFormat::GPKG, ".gpkg"},
                    RoundTripCase{"geometries.geojson", VectorFormat::GeoJSON, ".geojson"},
                    RoundTripCase{"geometries.geojson", VectorFormat::GPKG, ".gpkg"},
                    RoundTripCase{"mercator.gpkg", VectorFormat::GeoJSON, ".geojson"},
                    RoundTripCase{"mercator.gpkg", VectorFormat::CSV, ".csv"},
                    RoundTripCase{"mercator.gpkg", VectorFormat::GPKG, ".gpkg"}),
    case_name);

TEST(Writer, GeoJsonFeatureIdsCarryOverWhenUnique) {
    const ReadResult original = read_incidents(fixture("points.geojson"));
    ASSERT_TRUE(original.ok) << original.error;
    ASSERT_EQ(incimap::test::fids_of(original.table), (std::vector<std::int64_t>{101, 102, 103}));
    TempDir dir;
    ASSERT_TRUE(write_all(original, dir.file("ids.geojson"), VectorFormat::GeoJSON).ok);
    const ReadResult back = read_incidents(dir.file("ids.geojson"));
    ASSERT_TRUE(back.ok) << back.error;
    EXPECT_EQ(incimap::test::fids_of(back.table), incimap::test::fids_of(original.table));
    // A MultiPoint's incidents share their feature's id: no ids then, rather than duplicates.
    const ReadResult multi = read_incidents(fixture("geometries.geojson"));
    ASSERT_TRUE(multi.ok);
    ASSERT_TRUE(write_all(multi, dir.file("multi.geojson"), VectorFormat::GeoJSON).ok);
    EXPECT_EQ(read_bytes(dir.file("multi.geojson")).find("\"id\""), std::string::npos);
}

TEST(Writer, FormatFromNameAndExtension) {
    using incimap::geo::vector_format_named;
    using incimap::geo::vector_format_of;
    EXPECT_EQ(vector_format_of("a/b.GeoJSON"), VectorFormat::GeoJSON);
    EXPECT_EQ(vector_format_of("b.json"), VectorFormat::GeoJSON);
    EXPECT_EQ(vector_format_of("b.CSV"), VectorFormat::CSV);
    EXPECT_EQ(vector_format_of("b.gpkg"), VectorFormat::GPKG);
    EXPECT_EQ(vector_format_of("b.shp"), std::nullopt);
    EXPECT_EQ(vector_format_of("b"), std::nullopt);
    EXPECT_EQ(vector_format_named("gpkg"), VectorFormat::GPKG);
    EXPECT_EQ(vector_format_named("GeoPackage"), VectorFormat::GPKG);
    EXPECT_EQ(vector_format_named("csv"), VectorFormat::CSV);
    EXPECT_EQ(vector_format_named("kml"), std::nullopt);
}

// --- filters ----------------------------------------------------------------------------

TEST(ExportFilters, TimeWindowBboxCategoryAndSearch) {
    const ReadResult r = read_incidents(fixture("points.geojson"));
    ASSERT_TRUE(r.ok) << r.error;
    // 0: Fallujah 2024-01-04 Battles, 1: Baghdad 2024-01-05 Protests, 2: Córdoba 2024-02-10
    // Battles.
    using V = std::vector<std::size_t>;
    ExportFilter all;
    EXPECT_EQ(rows_passing(r.table, all), (V{0, 1, 2}));

    ExportFilter window;
    window.window.from = incimap::core::parse_time("2024-01-05")->start_ms;
    window.window.to = incimap::core::parse_time("2024-02-01")->start_ms;
    EXPECT_EQ(rows_passing(r.table, window), (V{1}));
    // The whole day 2024-01-04 meets a window that starts at noon that day.
    window.window.from = incimap::core::parse_time("2024-01-04T12:00:00Z")->start_ms;
    EXPECT_EQ(rows_passing(r.table, window), (V{0, 1}));
    window.window.mode = incimap::core::TimeMode::Cumulative;
    window.window.from = incimap::core::parse_time("2024-01-30")->start_ms;
    EXPECT_EQ(rows_passing(r.table, window), (V{0, 1})) << "cumulative: all that started before";

    ExportFilter box;
    box.bbox = incimap::core::LonLatBox{40, 30, 50, 35, false};
    EXPECT_EQ(rows_passing(r.table, box), (V{0, 1}));

    ExportFilter category;
    category.categories = {"Battles"};
    EXPECT_EQ(rows_passing(r.table, category), (V{0, 2}));
    category.categories = {"Riots"};
    EXPECT_EQ(rows_passing(r.table, category), V{});

    ExportFilter search;
    search.search = "BAGH";
    EXPECT_EQ(rows_passing(r.table, search), (V{1}));
    search.search = "DOBA"; // in "Córdoba – Señor Ñandú"
    EXPECT_EQ(rows_passing(r.table, search), (V{2}));

    ExportFilter combined;
    combined.categories = {"Battles"};
    combined.bbox = incimap::core::LonLatBox{40, 30, 50, 35, false};
    const V rows = rows_passing(r.table, combined);
    EXPECT_EQ(rows, (V{0}));
    TempDir dir;
    const ExportPart part{&r.table, rows};
    const WriteResult w = write_incidents({dir.file("f.geojson"), VectorFormat::GeoJSON, {}},
                                          std::span<const ExportPart>(&part, 1));
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_EQ(w.written, 1u);
    const ReadResult back = read_incidents(dir.file("f.geojson"));
    ASSERT_TRUE(back.ok);
    ASSERT_EQ(back.table.count(), 1u);
    EXPECT_EQ(back.table.attributes.value(0, 0), "Al Fallūjah");
}

TEST(ExportFilters, UndatedFollowTheWindowsSwitch) {
    TempDir dir;
    write_file(dir.file("u.geojson"),
               R"({"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"date":"2024-01-01"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[3,4]},"properties":{"date":null}}]})");
    const ReadResult r = read_incidents(dir.file("u.geojson"));
    ASSERT_TRUE(r.ok) << r.error;
    ExportFilter f;
    f.window.from = incimap::core::parse_time("2023-12-01")->start_ms;
    f.window.to = incimap::core::parse_time("2024-02-01")->start_ms;
    EXPECT_EQ(rows_passing(r.table, f), (std::vector<std::size_t>{0, 1}));
    f.window.show_undated = false;
    EXPECT_EQ(rows_passing(r.table, f), (std::vector<std::size_t>{0}));
}

TEST(Writer, TwoTablesMergeTheirFieldsByName) {
    const ReadResult a = read_incidents(fixture("points.geojson"));
    const ReadResult b = read_incidents(fixture("intervals.geojson"));
    ASSERT_TRUE(a.ok && b.ok);
    TempDir dir;
    const ExportPart parts[] = {{&a.table, all_rows(a.table)}, {&b.table, all_rows(b.table)}};
    const WriteResult w = write_incidents({dir.file("m.gpkg"), VectorFormat::GPKG, {}}, parts);
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_EQ(w.written, a.table.count() + b.table.count());
    const ReadResult back = read_incidents(dir.file("m.gpkg"));
    ASSERT_TRUE(back.ok) << back.error;
    ASSERT_EQ(back.table.count(), w.written);
    const int name = back.table.attributes.field_index("name");
    const int start = back.table.attributes.field_index("start_date");
    ASSERT_GE(name, 0);
    ASSERT_GE(start, 0);
    EXPECT_EQ(back.table.attributes.value(back.table.attr_row[3], static_cast<std::size_t>(name)),
              "siege");
    EXPECT_EQ(back.table.attributes.value(back.table.attr_row[0], static_cast<std::size_t>(start)),
              std::nullopt);
}

// --- never over an input ----------------------------------------------------------------

struct FileStamp {
    std::string bytes;
    struct timespec mtime {};
    static FileStamp of(const std::string& path) {
        FileStamp s;
        s.bytes = read_bytes(path);
        struct stat st {};
        ::stat(path.c_str(), &st);
        s.mtime = st.st_mtim;
        return s;
    }
    bool operator==(const FileStamp& o) const {
        return bytes == o.bytes && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
    }
};

TEST(WriterRefuses, AnInputByAnyName) {
    TempDir dir;
    fs::create_directories(dir.path() / "sub");
    const std::string input = dir.file("in.geojson");
    fs::copy_file(fixture("points.geojson"), input);
    fs::create_symlink(input, dir.file("link.geojson"));
    fs::create_hard_link(input, dir.file("hard.geojson"));
    const ReadResult r = read_incidents(input);
    ASSERT_TRUE(r.ok);
    const FileStamp before = FileStamp::of(input);

    const std::string relative =
        fs::relative(dir.path() / "sub" / ".." / "in.geojson", fs::current_path()).string();
    for (const std::string& out : {input, dir.file("sub/../in.geojson"), relative,
                                   dir.file("link.geojson"), dir.file("hard.geojson")}) {
        SCOPED_TRACE(out);
        const WriteResult w = write_all(r, out, VectorFormat::GeoJSON, {input});
        EXPECT_FALSE(w.ok);
        EXPECT_NE(w.error.find("never writes over its input"), std::string::npos) << w.error;
        EXPECT_EQ(w.error.find('\n'), std::string::npos);
    }
    // The input named through a link is refused too.
    const WriteResult via_link = write_all(r, input, VectorFormat::GeoJSON, {dir.file("link.geojson")});
    EXPECT_FALSE(via_link.ok);
    EXPECT_TRUE(FileStamp::of(input) == before) << "the input's bytes and mtime are unchanged";
    EXPECT_TRUE(fs::is_symlink(dir.file("link.geojson")));
    EXPECT_EQ(directory_names(dir.path()),
              (std::vector<std::string>{"hard.geojson", "in.geojson", "link.geojson", "sub"}));
}

TEST(WriterRefuses, AShapefilesSidecars) {
    TempDir dir;
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
        fs::copy_file(fixture(std::string("mercator") + ext), dir.file(std::string("m") + ext));
    const ReadResult r = read_incidents(dir.file("m.shp"));
    ASSERT_TRUE(r.ok) << r.error;
    const FileStamp before = FileStamp::of(dir.file("m.dbf"));
    const WriteResult w = write_all(r, dir.file("m.dbf"), VectorFormat::CSV, {dir.file("m.shp")});
    EXPECT_FALSE(w.ok);
    EXPECT_NE(w.error.find("a file of the input"), std::string::npos) << w.error;
    EXPECT_TRUE(FileStamp::of(dir.file("m.dbf")) == before);
    // Another name beside it is fine.
    EXPECT_TRUE(write_all(r, dir.file("m.csv"), VectorFormat::CSV, {dir.file("m.shp")}).ok);
}

TEST(WriterRefuses, AFolderOrAMissingFolder) {
    TempDir dir;
    const ReadResult r = read_incidents(fixture("points.geojson"));
    ASSERT_TRUE(r.ok);
    WriteResult w = write_all(r, dir.path().string(), VectorFormat::GeoJSON);
    EXPECT_FALSE(w.ok);
    EXPECT_NE(w.error.find("is a folder"), std::string::npos) << w.error;
    w = write_all(r, dir.file("nowhere/out.geojson"), VectorFormat::GeoJSON);
    EXPECT_FALSE(w.ok);
    EXPECT_NE(w.error.find("does not exist"), std::string::npos) << w.error;
}

TEST(Writer, ReplacesAnExistingOutputWhole) {
    TempDir dir;
    const ReadResult r = read_incidents(fixture("points.geojson"));
    ASSERT_TRUE(r.ok);
    const std::string out = dir.file("out.gpkg");
    write_file(out, "not a geopackage");
    ::chmod(out.c_str(), 0600);
    ASSERT_TRUE(write_all(r, out, VectorFormat::GPKG).ok);
    const ReadResult back = read_incidents(out);
    ASSERT_TRUE(back.ok) << back.error;
    EXPECT_EQ(back.table.count(), 3u);
    struct stat st {};
    ::stat(out.c_str(), &st);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "the replaced file keeps its permissions";
    EXPECT_EQ(directory_names(dir.path()), std::vector<std::string>{"out.gpkg"});
}

TEST(Writer, AFailedWriteLeavesTheOldFileAndNoTemp) {
    // Two fields whose names differ only by case: SQLite (GPKG) refuses the second.
    IncidentTable t;
    t.attributes.set_schema({{"name", FieldType::String}, {"NAME", FieldType::String}});
    t.attributes.begin_row();
    t.attributes.add("a");
    t.attributes.add("b");
    t.attributes.end_row();
    IncidentTable::Incident in;
    in.position = {1, 2};
    t.push_back(in);
    TempDir dir;
    const std::string out = dir.file("out.gpkg");
    write_file(out, "the old content");
    const ExportPart part{&t, {0}};
    const WriteResult w = write_incidents({out, VectorFormat::GPKG, {}},
                                          std::span<const ExportPart>(&part, 1));
    ASSERT_FALSE(w.ok);
    EXPECT_NE(w.error.find("cannot write"), std::string::npos) << w.error;
    EXPECT_EQ(read_bytes(out), "the old content");
    EXPECT_EQ(directory_names(dir.path()), std::vector<std::string>{"out.gpkg"});
}

// --- the atomic file itself -------------------------------------------------------------

TEST(AtomicFile, WritesThroughASymlinkAndKeepsIt) {
    TempDir dir;
    write_file(dir.file("real.json"), "old");
    fs::create_symlink("real.json", dir.file("link.json"));
    ASSERT_EQ(incimap::geo::write_file_atomically(dir.file("link.json"), "new"), "");
    EXPECT_TRUE(fs::is_symlink(dir.file("link.json")));
    EXPECT_EQ(read_bytes(dir.file("real.json")), "new");
}

TEST(AtomicFile, RemovesTheTempsOfDeadWritersOnly) {
    TempDir dir;
    const std::string target = dir.file("s.json");
    // A process that is gone: a child that exited and was reaped.
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ASSERT_GT(child, 0);
    ::waitpid(child, nullptr, 0);
    const std::string dead = dir.file(".s.json." + std::to_string(child) + "-0badf00d.incimap-tmp.json");
    const std::string live = dir.file(".s.json." + std::to_string(::getppid()) + "-00000001.incimap-tmp.json");
    write_file(dead, "half");
    write_file(dead + "-journal", "j");
    write_file(live, "in progress");
    write_file(dir.file(".other.json.1-1.incimap-tmp.json"), "another target's");
    EXPECT_EQ(incimap::geo::temps_of(target).size(), 3u);
    ASSERT_EQ(incimap::geo::write_file_atomically(target, "whole"), "");
    EXPECT_EQ(read_bytes(target), "whole");
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_FALSE(fs::exists(dead + "-journal"));
    EXPECT_TRUE(fs::exists(live)) << "a live process's write in progress is not touched";
    EXPECT_TRUE(fs::exists(dir.file(".other.json.1-1.incimap-tmp.json")));
}

TEST(AtomicFile, AnUncommittedWriteLeavesNothing) {
    TempDir dir;
    const std::string target = dir.file("t.txt");
    write_file(target, "old");
    {
        std::string error;
        auto f = incimap::geo::AtomicFile::begin(target, error);
        ASSERT_TRUE(f) << error;
        ASSERT_EQ(f->write("new"), "");
        EXPECT_EQ(incimap::geo::temps_of(target).size(), 1u);
    } // dropped without commit: an error path
    EXPECT_EQ(read_bytes(target), "old");
    EXPECT_TRUE(incimap::geo::temps_of(target).empty());
}

} // namespace
