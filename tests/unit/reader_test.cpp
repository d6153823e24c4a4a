// Reader tests: every supported format from a small committed fixture (tests/fixtures), and
// malformed input (generated in a temp dir at test time) that must end in a clear error or a
// loaded table with counted problems, never a crash. Feature numbers in problems are 0-based
// in source order and are checked exactly.

#include "core/attributes.hpp"
#include "core/time.hpp"
#include "geo/reader.hpp"
#include "table_columns.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using incimap::core::GeoPrecision;
using incimap::core::IncidentTable;
using incimap::core::ShapeKind;
using incimap::core::TimePrecision;
using incimap::core::UnixMs;
using incimap::core::ZoneKind;
using incimap::geo::read_incidents;
using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::fixture;
using incimap::test::read_bytes;
using incimap::test::TempDir;
using incimap::test::write_file;

constexpr double kDegTolerance = 1e-6; // reprojected coordinates, degrees

UnixMs ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int milli = 0) {
    using namespace incimap::core;
    return days_from_civil(y, mo, d) * kMsPerDay + h * kMsPerHour + mi * kMsPerMinute +
           s * kMsPerSecond + milli;
}

// The attribute `field` of incident `i` ("<null>" for a null, "<no field>" when absent).
std::string attr(const IncidentTable& table, std::size_t i, const std::string& field) {
    const int f = table.attributes.field_index(field);
    if (f < 0)
        return "<no field>";
    const auto v = table.attributes.value(table.attr_row[i], static_cast<std::size_t>(f));
    return v ? std::string(*v) : "<null>";
}

// The first incident whose attribute `field` is `value`.
std::size_t incident_where(const IncidentTable& table, const std::string& field,
                           const std::string& value) {
    for (std::size_t i = 0; i < table.count(); ++i)
        if (attr(table, i, field) == value)
            return i;
    ADD_FAILURE() << "no incident with " << field << " = " << value;
    return 0;
}

std::vector<std::int64_t> problem_features(const ReadResult& r) {
    std::vector<std::int64_t> out;
    for (const auto& p : r.report.problems)
        out.push_back(p.feature);
    return out;
}

std::string problems_text(const ReadResult& r) {
    std::string out;
    for (const auto& p : r.report.problems)
        out += "  [" + std::to_string(p.feature) + "] " + p.reason + "\n";
    for (const auto& n : r.report.notes)
        out += "  note: " + n + "\n";
    return out;
}

// The invariants every loaded table keeps: columns of equal size, features = features that
// gave incidents + skipped, one attribute row per feature that gave incidents, feature
// indices in source order.
void expect_consistent(const ReadResult& r) {
    ASSERT_TRUE(r.ok) << r.error;
    const IncidentTable& t = r.table;
    const std::size_t n = t.count();
    EXPECT_EQ(t.lat.size(), n);
    EXPECT_EQ(t.t_start.size(), n);
    EXPECT_EQ(t.t_end.size(), n);
    EXPECT_EQ(t.t_precision.size(), n);
    EXPECT_EQ(t.t_zone.size(), n);
    EXPECT_EQ(t.category.size(), n);
    EXPECT_EQ(t.size.size(), n);
    EXPECT_EQ(t.geo_precision.size(), n);
    EXPECT_EQ(t.attr_row.size(), n);
    const std::vector<std::uint32_t> feature = incimap::test::features_of(t);
    const std::set<std::uint32_t> features(feature.begin(), feature.end());
    EXPECT_EQ(static_cast<std::int64_t>(features.size()) + r.report.skipped, r.report.features);
    EXPECT_EQ(t.attributes.row_count(), features.size());
    EXPECT_TRUE(std::is_sorted(feature.begin(), feature.end()));
    EXPECT_GE(r.report.problem_count, static_cast<std::int64_t>(r.report.problems.size()));
    for (std::size_t i = 0; i < n; ++i) {
        EXPECT_TRUE(incimap::core::is_valid_lonlat({t.lon[i], t.lat[i]})) << "incident " << i;
        EXPECT_LT(t.attr_row[i], t.attributes.row_count());
        if (t.t_precision[i] != TimePrecision::None) {
            EXPECT_LT(t.t_start[i], t.end_at(i)) << "incident " << i;
        }
    }
    for (const auto& p : r.report.problems)
        EXPECT_TRUE(incimap::core::is_valid_utf8(p.reason)) << p.reason;
    for (const auto& note : r.report.notes)
        EXPECT_TRUE(incimap::core::is_valid_utf8(note)) << note;
    const std::size_t field_count = t.attributes.fields().size();
    for (std::size_t row = 0; row < t.attributes.row_count(); ++row)
        for (std::size_t f = 0; f < field_count; ++f) {
            const auto v = t.attributes.value(row, f);
            if (v) {
                EXPECT_TRUE(incimap::core::is_valid_utf8(*v)) << "field " << f << " row " << row;
            }
        }
}

ReadResult read_ok(const std::string& path, const ReadOptions& options = {}) {
    ReadResult r = read_incidents(path, options);
    EXPECT_TRUE(r.ok) << path << ": " << r.error;
    if (r.ok)
        expect_consistent(r);
    return r;
}

// A read that must fail with one line naming the file.
void expect_error(const ReadResult& r, const std::string& path, const std::string& mentions) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.table.count(), 0u);
    EXPECT_FALSE(r.error.empty());
    EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(mentions), std::string::npos) << r.error;
}

// ---------------------------------------------------------------------------------------
// Good input
// ---------------------------------------------------------------------------------------

TEST(ReaderGood, GeoJsonPointsWithProperties) {
    const ReadResult r = read_ok(fixture("points.geojson"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    EXPECT_EQ(r.report.driver, "GeoJSON");
    EXPECT_EQ(r.report.layer, "points");
    EXPECT_EQ(r.report.features, 3);
    EXPECT_EQ(r.report.skipped, 0);
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(t.count(), 3u);
    EXPECT_DOUBLE_EQ(t.lon[0], 43.7797);
    EXPECT_DOUBLE_EQ(t.lat[0], 33.354);
    EXPECT_DOUBLE_EQ(t.lon[2], -3.7038);
    EXPECT_DOUBLE_EQ(t.lat[2], 40.4168);
    EXPECT_EQ(incimap::test::features_of(t), (std::vector<std::uint32_t>{0, 1, 2}));

    EXPECT_EQ(r.report.time_field, "date");
    EXPECT_EQ(t.t_start[0], ms(2024, 1, 4));
    EXPECT_EQ(t.end_at(0), ms(2024, 1, 5));
    EXPECT_EQ(t.t_precision[0], TimePrecision::Day);
    EXPECT_EQ(t.t_start[2], ms(2024, 2, 10));

    EXPECT_EQ(r.report.category_field, "event_type");
    ASSERT_NE(t.category[0], incimap::core::kNoCategory);
    EXPECT_EQ(t.categories[t.category[0]], "Battles");
    EXPECT_EQ(t.category[0], t.category[2]);
    EXPECT_EQ(t.categories[t.category[1]], "Protests");

    EXPECT_EQ(r.report.size_field, "fatalities");
    EXPECT_FLOAT_EQ(t.size_at(0), 3.0f);
    EXPECT_FLOAT_EQ(t.size_at(1), 0.0f);
    EXPECT_FLOAT_EQ(t.size_at(2), 12.0f);
    EXPECT_EQ(attr(t, 2, "name_ar"), "<null>");
}

TEST(ReaderGood, IntegerFeatureIdsBecomeFid) {
    const ReadResult r = read_ok(fixture("points.geojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(incimap::test::fids_of(r.table), (std::vector<std::int64_t>{101, 102, 103}));
    // String ids are not FIDs: they stay an attribute.
    const ReadResult feed = read_ok(fixture("feed.geojson"));
    ASSERT_TRUE(feed.ok);
    EXPECT_EQ(attr(feed.table, 0, "id"), "ak024001");
    // GeoPackage FIDs are its integer primary key.
    const ReadResult gpkg = read_ok(fixture("mercator.gpkg"));
    ASSERT_TRUE(gpkg.ok);
    EXPECT_EQ(incimap::test::fids_of(gpkg.table), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(ReaderGood, ArabicAndAccentedTextKeptIntact) {
    const ReadResult r = read_ok(fixture("points.geojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(attr(r.table, 0, "name"), "Al Fallūjah");
    EXPECT_EQ(attr(r.table, 0, "name_ar"), "الفلوجة");
    EXPECT_EQ(attr(r.table, 1, "name_ar"), "بغداد");
    EXPECT_EQ(attr(r.table, 2, "name"), "Córdoba – Señor Ñandú");
}

TEST(ReaderGood, GeoJsonSeq) {
    const ReadResult r = read_ok(fixture("points.geojsonl"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, "GeoJSONSeq");
    EXPECT_EQ(r.report.features, 3);
    ASSERT_EQ(r.table.count(), 3u);
    EXPECT_DOUBLE_EQ(r.table.lon[1], 44.3661);
    EXPECT_DOUBLE_EQ(r.table.lat[1], 33.3152);
    EXPECT_EQ(r.report.time_field, "date");
    EXPECT_EQ(r.table.t_start[1], ms(2024, 1, 5));
    EXPECT_EQ(r.table.t_precision[1], TimePrecision::Day);
    EXPECT_EQ(attr(r.table, 0, "name_ar"), "الفلوجة");
    EXPECT_EQ(r.report.category_field, "event_type");
}

class ReaderCsvCoordinates : public ::testing::TestWithParam<const char*> {};

TEST_P(ReaderCsvCoordinates, FindsLonLatColumns) {
    const ReadResult r = read_ok(fixture(GetParam()));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, "CSV");
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(r.table.count(), 2u);
    EXPECT_DOUBLE_EQ(r.table.lon[0], 12.5);
    EXPECT_DOUBLE_EQ(r.table.lat[0], 41.9);
    EXPECT_DOUBLE_EQ(r.table.lon[1], -0.1278);
    EXPECT_DOUBLE_EQ(r.table.lat[1], 51.5074);
    EXPECT_EQ(r.report.time_field, "date");
    EXPECT_EQ(r.table.t_start[1], ms(2024, 3, 2));
    EXPECT_EQ(attr(r.table, 1, "kind"), "road");
}

INSTANTIATE_TEST_SUITE_P(Namings, ReaderCsvCoordinates,
                         ::testing::Values("coords_longitude_latitude.csv", "coords_lon_lat.csv",
                                           "coords_lng_lat.csv", "coords_x_y.csv",
                                           "coords_Latitude_Longitude.csv"));

TEST(ReaderGood, AcledCsvWithBom) {
    const ReadResult r = read_ok(fixture("acled_bom.csv"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    ASSERT_FALSE(r.report.fields.empty());
    // The BOM is not part of the first column's name.
    EXPECT_EQ(r.report.fields.front().name, "event_id_cnty");
    EXPECT_EQ(r.report.time_field, "event_date");
    EXPECT_NE(r.report.time_field, "timestamp");
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(t.count(), 3u);
    EXPECT_DOUBLE_EQ(t.lon[0], 43.7797);
    EXPECT_DOUBLE_EQ(t.lat[0], 33.354);

    // time_precision 1: the day.
    EXPECT_EQ(t.t_start[0], ms(2023, 1, 31));
    EXPECT_EQ(t.end_at(0), ms(2023, 2, 1));
    EXPECT_EQ(t.t_precision[0], TimePrecision::Day);
    // time_precision 2: the week around the day (15 February ± 3 days).
    EXPECT_EQ(t.t_start[1], ms(2023, 2, 12));
    EXPECT_EQ(t.end_at(1), ms(2023, 2, 19));
    EXPECT_EQ(t.t_precision[1], TimePrecision::Week);
    // time_precision 3: coarser, the month.
    EXPECT_EQ(t.t_start[2], ms(2023, 3, 1));
    EXPECT_EQ(t.end_at(2), ms(2023, 4, 1));
    EXPECT_EQ(t.t_precision[2], TimePrecision::Month);

    EXPECT_EQ(r.report.geo_precision_field, "geo_precision");
    EXPECT_EQ(t.geo_precision[0], GeoPrecision::Exact);
    EXPECT_EQ(t.geo_precision[1], GeoPrecision::Near);
    EXPECT_EQ(t.geo_precision[2], GeoPrecision::Region);
    EXPECT_EQ(r.report.category_field, "event_type");
    EXPECT_EQ(r.report.size_field, "fatalities");
    EXPECT_FLOAT_EQ(t.size_at(2), 5.0f);
    EXPECT_EQ(attr(t, 0, "location"), "Al Fallūjah");
    EXPECT_EQ(attr(t, 2, "location"), "الموصل");
    EXPECT_EQ(attr(t, 0, "notes"), "Clashes near the city, 2 killed.");
    EXPECT_EQ(attr(t, 0, "timestamp"), "1675382400");
}

TEST(ReaderGood, KmlTimeStampAndTimeSpan) {
    const ReadResult r = read_ok(fixture("times.kml"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    EXPECT_EQ(r.report.driver, "LIBKML");
    EXPECT_EQ(r.report.features, 4);
    ASSERT_EQ(t.count(), 4u);
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    EXPECT_EQ(r.report.time_field, "timestamp");
    EXPECT_EQ(r.report.end_field, "end");

    // <TimeStamp><when>2024-01-04</when>: the whole day.
    EXPECT_EQ(t.t_start[0], ms(2024, 1, 4));
    EXPECT_EQ(t.end_at(0), ms(2024, 1, 5));
    EXPECT_EQ(t.t_precision[0], TimePrecision::Day);
    // A dateTime with a zone, converted to UTC.
    EXPECT_EQ(t.t_start[1], ms(2024, 1, 5, 7, 30));
    EXPECT_EQ(t.t_precision[1], TimePrecision::Second);
    EXPECT_EQ(t.t_zone[1], ZoneKind::Offset);
    // <TimeSpan> from 2024-01 to 2024-02: both whole months.
    EXPECT_EQ(t.t_start[2], ms(2024, 1, 1));
    EXPECT_EQ(t.end_at(2), ms(2024, 3, 1));
    EXPECT_EQ(t.t_precision[2], TimePrecision::Month);
    // <TimeStamp><when>2023</when>: the year.
    EXPECT_EQ(t.t_start[3], ms(2023, 1, 1));
    EXPECT_EQ(t.end_at(3), ms(2024, 1, 1));
    EXPECT_EQ(t.t_precision[3], TimePrecision::Year);
    EXPECT_EQ(attr(t, 3, "Name"), "stamp year");
}

TEST(ReaderGood, KmlFoldersAreLayersWithTheirOwnTimes) {
    // LIBKML makes a layer of the document's own placemarks, then of every folder in
    // document order (an unnamed one is "Layer2"); the times are paired per layer.
    // With no --layer all of them are read (issue 15: not the first folder alone).
    ReadOptions options;
    const ReadResult all = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(all.ok);
    EXPECT_EQ(all.report.layers,
              (std::vector<std::string>{"folders", "A", "A inner", "Layer2", "Spans"}));
    ASSERT_EQ(all.table.count(), 8u);
    EXPECT_EQ(attr(all.table, 0, "layer"), "folders");
    EXPECT_EQ(attr(all.table, 7, "layer"), "Spans");
    EXPECT_EQ(all.table.t_start[1], ms(2022, 2, 1)); // a1, paired across the layers
    EXPECT_EQ(all.table.t_precision[1], TimePrecision::Month);
    EXPECT_EQ(all.table.end_at(7), ms(2020, 9, 16));   // s2
    EXPECT_EQ(all.report.problem_count, 0) << problems_text(all);

    options.layer = "0";
    const ReadResult top = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(top.ok);
    EXPECT_EQ(top.report.layers,
              (std::vector<std::string>{"folders", "A", "A inner", "Layer2", "Spans"}));
    ASSERT_EQ(top.table.count(), 1u);
    EXPECT_EQ(top.table.t_start[0], ms(2021, 1, 1));
    EXPECT_EQ(top.table.t_precision[0], TimePrecision::Year);

    options.layer = "A";
    const ReadResult a = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(a.ok);
    ASSERT_EQ(a.table.count(), 3u);
    EXPECT_EQ(attr(a.table, 0, "Name"), "a1");
    EXPECT_EQ(attr(a.table, 0, "timestamp"), "2022-02"); // as written, for the detail panel
    EXPECT_EQ(a.table.t_start[0], ms(2022, 2, 1));
    EXPECT_EQ(a.table.end_at(0), ms(2022, 3, 1));
    EXPECT_EQ(a.table.t_precision[0], TimePrecision::Month);
    EXPECT_EQ(a.table.t_precision[1], TimePrecision::None); // a2 has no time
    // A span from an instant to a day: to the end of that day.
    EXPECT_EQ(a.table.t_start[2], ms(2022, 4, 10, 8));
    EXPECT_EQ(a.table.end_at(2), ms(2022, 4, 13));
    EXPECT_EQ(a.report.problem_count, 0) << problems_text(a);

    options.layer = "A inner";
    const ReadResult inner = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(inner.ok);
    ASSERT_EQ(inner.table.count(), 1u);
    // gx:TimeSpan with only a begin: that day.
    EXPECT_EQ(inner.table.t_start[0], ms(2022, 3, 1));
    EXPECT_EQ(inner.table.end_at(0), ms(2022, 3, 2));

    options.layer = "3";
    const ReadResult b = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(b.ok);
    EXPECT_EQ(b.report.layer, "Layer2");
    ASSERT_EQ(b.table.count(), 1u);
    EXPECT_EQ(b.table.t_start[0], ms(2023, 1, 1, 10));
    EXPECT_EQ(b.table.t_zone[0], ZoneKind::Utc);

    // A layer of TimeSpans only: begin to end, each a whole month; an open span with only
    // an end is that day.
    options.layer = "Spans";
    const ReadResult spans = read_ok(fixture("folders.kml"), options);
    ASSERT_TRUE(spans.ok);
    EXPECT_EQ(spans.report.time_field, "begin");
    EXPECT_EQ(spans.report.end_field, "end");
    ASSERT_EQ(spans.table.count(), 2u);
    EXPECT_EQ(spans.table.t_start[0], ms(2020, 6, 1));
    EXPECT_EQ(spans.table.end_at(0), ms(2020, 9, 1));
    EXPECT_EQ(spans.table.t_start[1], ms(2020, 9, 15));
    EXPECT_EQ(spans.table.end_at(1), ms(2020, 9, 16));
    EXPECT_EQ(spans.report.problem_count, 0) << problems_text(spans);
}

TEST(ReaderGood, GpxWaypointsWithTime) {
    const ReadResult r = read_ok(fixture("waypoints.gpx"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, "GPX");
    EXPECT_EQ(r.report.layer, "waypoints");
    ASSERT_EQ(r.table.count(), 2u);
    EXPECT_DOUBLE_EQ(r.table.lon[0], 43.7797);
    EXPECT_DOUBLE_EQ(r.table.lat[0], 33.354);
    EXPECT_EQ(r.report.time_field, "time");
    EXPECT_EQ(r.table.t_start[0], ms(2024, 1, 4, 8, 15));
    EXPECT_EQ(r.table.t_zone[0], ZoneKind::Utc);
    EXPECT_EQ(r.table.t_start[1], ms(2024, 1, 5, 12));
    EXPECT_EQ(attr(r.table, 0, "name"), "Al Fallūjah");
}

// mercator.* were made with ogr2ogr -t_srs EPSG:3857 from mercator_source.geojson (see
// make_binary_fixtures.sh); the reader must bring them back to the source's lon/lat.
struct SourcePoint {
    const char* name;
    double lon, lat;
    UnixMs day;
};
const std::vector<SourcePoint>& mercator_source() {
    static const std::vector<SourcePoint> k_points{
        {"Fallujah", 43.7797, 33.354, ms(2024, 1, 4)},
        {"Madrid", -3.7038, 40.4168, ms(2024, 1, 5)},
        {"Sydney", 151.2093, -33.8688, ms(2024, 2, 10)},
    };
    return k_points;
}

class ReaderMercator : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ReaderMercator, ReprojectedToLonLat) {
    const auto [file, driver] = GetParam();
    const ReadResult r = read_ok(fixture(file));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, driver);
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(r.table.count(), 3u);
    for (const SourcePoint& p : mercator_source()) {
        SCOPED_TRACE(p.name);
        // FlatGeobuf stores features in spatial-index order: find each by name.
        const std::size_t i = incident_where(r.table, "name", p.name);
        EXPECT_NEAR(r.table.lon[i], p.lon, kDegTolerance);
        EXPECT_NEAR(r.table.lat[i], p.lat, kDegTolerance);
        // A date column stays a day, also where the format stores dates as date-times.
        EXPECT_EQ(r.table.t_start[i], p.day);
        EXPECT_EQ(r.table.end_at(i), p.day + incimap::core::kMsPerDay);
        EXPECT_EQ(r.table.t_precision[i], TimePrecision::Day);
    }
    EXPECT_EQ(r.report.time_field, "date");
    EXPECT_EQ(r.report.size_field, "fatalities");
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ReaderMercator,
    ::testing::Values(std::pair{"mercator.gpkg", "GPKG"},
                      std::pair{"mercator.shp", "ESRI Shapefile"},
                      std::pair{"mercator.fgb", "FlatGeobuf"},
                      // GeoJSON's (obsolete but common) "crs" member, read by GDAL.
                      std::pair{"crs_3857.geojson", "GeoJSON"}));

TEST(ReaderGood, TopoJson) {
    // The first layer holds a polygon (and a null geometry GDAL drops); the second points.
    const ReadResult r = read_ok(fixture("small.topojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, "TopoJSON");
    EXPECT_EQ(r.report.layers, (std::vector<std::string>{"regions", "places"}));
    EXPECT_EQ(r.report.layer, "regions");
    ASSERT_GE(r.table.count(), 1u);
    // The square decoded from the quantised arc: (40,30)-(42,32); a point inside it.
    EXPECT_GT(r.table.lon[0], 40.0);
    EXPECT_LT(r.table.lon[0], 42.0);
    EXPECT_GT(r.table.lat[0], 30.0);
    EXPECT_LT(r.table.lat[0], 32.0);
    ASSERT_EQ(r.table.shapes.items.size(), 1u);
    EXPECT_EQ(r.table.shapes.items[0].kind, ShapeKind::Polygon);
    EXPECT_EQ(r.table.t_start[0], ms(2024, 5, 1));
    EXPECT_EQ(r.table.end_at(0), ms(2024, 6, 1));
    EXPECT_EQ(r.table.t_precision[0], TimePrecision::Month);

    ReadOptions places;
    places.layer = "places";
    const ReadResult p = read_ok(fixture("small.topojson"), places);
    ASSERT_TRUE(p.ok);
    ASSERT_EQ(p.table.count(), 2u);
    EXPECT_NEAR(p.table.lon[0], 43.78, 1e-9);
    EXPECT_NEAR(p.table.lat[0], 33.354, 1e-9);
    EXPECT_EQ(attr(p.table, 0, "id"), "001"); // string ids keep their leading zeros
    EXPECT_EQ(p.table.t_start[1], ms(2024, 5, 3));

    ReadOptions by_index;
    by_index.layer = "1";
    const ReadResult q = read_ok(fixture("small.topojson"), by_index);
    EXPECT_EQ(q.report.layer, "places");
}

TEST(ReaderGood, MultiPointGivesOneIncidentPerPointSharingFeature) {
    const ReadResult r = read_ok(fixture("geometries.geojson"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    EXPECT_EQ(r.report.features, 4);
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(t.count(), 6u); // 3 points + line + polygon + point
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(t.feature_at(i), 0u);
        EXPECT_EQ(t.attr_row[i], t.attr_row[0]);
        EXPECT_EQ(t.fid_at(i), 1);
        EXPECT_EQ(t.t_start[i], ms(2024, 4, 1));
        EXPECT_DOUBLE_EQ(t.lon[i], 10.0 + static_cast<double>(i));
        EXPECT_DOUBLE_EQ(t.lat[i], 20.0 + static_cast<double>(i));
    }
    EXPECT_EQ(attr(t, 2, "label"), "three points");
    EXPECT_EQ(t.attributes.row_count(), 4u);
    EXPECT_EQ(incimap::test::features_of(t), (std::vector<std::uint32_t>{0, 0, 0, 1, 2, 3}));
}

// Even-odd ray casting over one ring.
bool inside_ring(const std::vector<incimap::core::LonLat>& ring, double lon, double lat) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& b = ring[j];
        if ((a.lat > lat) != (b.lat > lat) &&
            lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon)
            in = !in;
    }
    return in;
}

TEST(ReaderGood, LineAndPolygonGiveARepresentativePointAndKeepTheShape) {
    const ReadResult r = read_ok(fixture("geometries.geojson"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    ASSERT_EQ(t.count(), 6u);
    const auto& shapes = t.shapes;
    ASSERT_EQ(shapes.items.size(), 2u);

    // The line (0,0)-(4,0)-(4,2), 6 units long: its middle is (3,0).
    const auto& line = shapes.items[0];
    EXPECT_EQ(line.incident, 3u);
    EXPECT_EQ(line.kind, ShapeKind::Line);
    ASSERT_EQ(line.ring_count, 1u);
    EXPECT_EQ(shapes.ring_end(line.first_ring) - shapes.ring_start[line.first_ring], 3u);
    EXPECT_EQ(t.feature_at(3), 1u);
    EXPECT_NEAR(t.lon[3], 3.0, 1e-9);
    EXPECT_NEAR(t.lat[3], 0.0, 1e-9);

    // The U-shaped polygon: its centroid (33, 12.9) is in the notch; the point must be inside.
    const auto& poly = shapes.items[1];
    EXPECT_EQ(poly.incident, 4u);
    EXPECT_EQ(poly.kind, ShapeKind::Polygon);
    ASSERT_EQ(poly.ring_count, 1u);
    const std::vector<incimap::core::LonLat> ring(
        shapes.points.begin() + shapes.ring_start[poly.first_ring],
        shapes.points.begin() + shapes.ring_end(poly.first_ring));
    EXPECT_EQ(ring.size(), 9u);
    EXPECT_EQ(t.feature_at(4), 2u);
    EXPECT_TRUE(inside_ring(ring, t.lon[4], t.lat[4])) << t.lon[4] << ", " << t.lat[4];
    EXPECT_EQ(attr(t, 4, "label"), "a U-shaped area");
}

TEST(ReaderGood, ZValuesKept) {
    const ReadResult r = read_ok(fixture("geometries.geojson"));
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.table.count(), 6u);
    for (std::size_t i = 0; i < 5; ++i)
        EXPECT_TRUE(std::isnan(r.table.z_at(i))) << "incident " << i;
    EXPECT_FLOAT_EQ(r.table.z_at(5), 123.5f);

    const ReadResult feed = read_ok(fixture("feed.geojson"));
    ASSERT_TRUE(feed.ok);
    ASSERT_EQ(feed.table.count(), 3u);
    EXPECT_FLOAT_EQ(feed.table.z_at(0), 33.4f);
    EXPECT_FLOAT_EQ(feed.table.z_at(1), 0.0f);
    EXPECT_FLOAT_EQ(feed.table.z_at(2), 1.5f);
}

TEST(ReaderGood, FeedStyleGeoJsonUsesTimeNotUpdated) {
    const ReadResult r = read_ok(fixture("feed.geojson"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    // The top-level metadata and bbox members are neither features nor fields.
    EXPECT_EQ(r.report.features, 3);
    for (const auto& f : r.report.fields) {
        EXPECT_NE(f.name, "metadata");
        EXPECT_NE(f.name, "bbox");
    }
    EXPECT_EQ(r.report.time_field, "time");
    EXPECT_EQ(r.report.end_field, "");
    ASSERT_EQ(t.count(), 3u);
    EXPECT_EQ(t.t_start[0], 1704067200123);
    EXPECT_EQ(t.end_at(0), 1704067200124);
    EXPECT_EQ(t.t_precision[0], TimePrecision::Millisecond);
    EXPECT_EQ(t.t_start[2], 1704240000000);
    EXPECT_EQ(r.report.size_field, "mag");
    EXPECT_FLOAT_EQ(t.size_at(2), 4.1f);
    EXPECT_EQ(r.report.category_field, "type");
    EXPECT_EQ(t.categories[t.category[2]], "quarry blast");
    EXPECT_DOUBLE_EQ(t.lon[0], -150.5);
    EXPECT_DOUBLE_EQ(t.lat[0], 61.3);
}

TEST(ReaderGood, StartAndEndFieldsPairedIntoAnInterval) {
    const ReadResult r = read_ok(fixture("intervals.geojson"));
    ASSERT_TRUE(r.ok);
    const IncidentTable& t = r.table;
    EXPECT_EQ(r.report.time_field, "start_date");
    EXPECT_EQ(r.report.end_field, "end_date");
    EXPECT_EQ(r.report.problem_count, 0) << problems_text(r);
    ASSERT_EQ(t.count(), 3u);
    // Days: from the start day to the end of the end day.
    EXPECT_EQ(t.t_start[0], ms(2024, 1, 10));
    EXPECT_EQ(t.end_at(0), ms(2024, 2, 21));
    // Months: "2024-03" to "2024-04" covers March and April.
    EXPECT_EQ(t.t_start[1], ms(2024, 3, 1));
    EXPECT_EQ(t.end_at(1), ms(2024, 5, 1));
    EXPECT_EQ(t.t_precision[1], TimePrecision::Month);
    // No end: the start's own unit.
    EXPECT_EQ(t.t_start[2], ms(2024, 5, 1));
    EXPECT_EQ(t.end_at(2), ms(2024, 5, 2));
}

TEST(ReaderGood, ProgressReachesOne) {
    ReadOptions options;
    std::vector<double> calls;
    options.progress = [&](double f) { calls.push_back(f); };
    const ReadResult r = read_ok(fixture("points.geojson"), options);
    ASSERT_FALSE(calls.empty());
    EXPECT_DOUBLE_EQ(calls.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(calls.begin(), calls.end()));
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

TEST(ReaderBad, EmptyFile) {
    TempDir dir;
    for (const char* name : {"empty.geojson", "empty.csv", "empty"}) {
        const std::string path = dir.file(name);
        write_file(path, "");
        expect_error(read_incidents(path), path, "empty");
    }
}

// 4 KB of pseudo-random bytes (fixed seed) under three names.
class ReaderRandomBytes : public ::testing::TestWithParam<const char*> {};

TEST_P(ReaderRandomBytes, ClearErrorNoCrash) {
    TempDir dir;
    std::mt19937 rng(20240104u);
    std::string bytes(4096, '\0');
    for (char& c : bytes)
        c = static_cast<char>(rng() & 0xFF);
    const std::string path = dir.file(std::string("random") + GetParam());
    write_file(path, bytes);
    const ReadResult r = read_incidents(path);
    expect_error(r, path, ": ");
}

INSTANTIATE_TEST_SUITE_P(Extensions, ReaderRandomBytes, ::testing::Values("", ".geojson", ".csv"),
                         [](const auto& param_info) {
                             const std::string ext = param_info.param;
                             return ext.empty() ? std::string("none") : ext.substr(1);
                         });

TEST(ReaderBad, TruncatedJson) {
    const std::string path = fixture("truncated.geojson");
    const ReadResult r = read_incidents(path);
    // GDAL reads a small GeoJSON whole: a syntax error means no features at all. The error
    // says where the JSON broke, not only that it could not be read.
    expect_error(r, path, "line");
}

TEST(ReaderBad, TruncatedLargeJson) {
    // 4 MB, cut in half: GDAL 3.6 still rejects it at open; should a later GDAL stream the
    // features before the cut, the cut must show as a problem of the whole source.
    TempDir dir;
    std::string json = R"({"type": "FeatureCollection", "features": [)";
    constexpr int kFeatures = 60000;
    for (int i = 0; i < kFeatures; ++i) {
        json += i ? "," : "";
        json += R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [)" +
                std::to_string(i % 170) + ", " + std::to_string(i % 80) +
                R"(]}, "properties": {"n": )" + std::to_string(i) +
                R"(, "note": "some text to make the file larger"}})";
    }
    json += "]}";
    const std::string path = dir.file("truncated_large.geojson");
    write_file(path, json.substr(0, json.size() / 2));
    const ReadResult r = read_incidents(path);
    if (!r.ok) {
        // GDAL 3.6 scans the whole file at open and gives up on the syntax error.
        expect_error(r, path, "line");
        return;
    }
    expect_consistent(r);
    EXPECT_GT(r.table.count(), 0u);
    EXPECT_LT(r.table.count(), static_cast<std::size_t>(kFeatures / 2));
    // The cut is a problem of the whole source, not a silent end.
    const auto features = problem_features(r);
    EXPECT_NE(std::find(features.begin(), features.end(), -1), features.end()) << problems_text(r);
}

TEST(ReaderBad, FeatureCollectionWithNoFeatures) {
    const ReadResult r = read_ok(fixture("empty_collection.geojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.features, 0);
    EXPECT_EQ(r.report.skipped, 0);
    EXPECT_EQ(r.report.problem_count, 0);
    EXPECT_TRUE(r.table.empty());
}

TEST(ReaderBad, NullGeometriesCountedAndSkipped) {
    const ReadResult r = read_ok(fixture("null_geometry.geojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.features, 4);
    EXPECT_EQ(r.report.skipped, 2);
    EXPECT_EQ(r.table.count(), 2u);
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(r.report.problems[0].reason, "no geometry");
    EXPECT_EQ(incimap::test::features_of(r.table), (std::vector<std::uint32_t>{0, 2}));
    EXPECT_EQ(attr(r.table, 1, "n"), "2");
}

TEST(ReaderBad, NonFiniteAndOutOfRangeCoordinates) {
    const ReadResult r = read_ok(fixture("bad_coordinates.geojson"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.features, 6);
    // 1: [NaN, 10], 2: [200, 95], 3: [Infinity, -Infinity], 4: a MultiPoint with one of its
    // two points at lon -181 (the other loads).
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(r.report.skipped, 3);
    ASSERT_EQ(r.table.count(), 3u);
    EXPECT_EQ(incimap::test::features_of(r.table), (std::vector<std::uint32_t>{0, 4, 5}));
    EXPECT_DOUBLE_EQ(r.table.lon[1], 20.0);
    EXPECT_DOUBLE_EQ(r.table.lon[2], -180.0);
    EXPECT_DOUBLE_EQ(r.table.lat[2], -90.0);
    ASSERT_EQ(r.report.problems.size(), 4u);
    EXPECT_NE(r.report.problems[1].reason.find("(200, 95)"), std::string::npos);
    EXPECT_NE(r.report.problems[2].reason.find("not finite"), std::string::npos);
    EXPECT_NE(r.report.problems[3].reason.find("-181"), std::string::npos);
}

TEST(ReaderBad, CsvCoordinatesThatAreNotNumbers) {
    // 1: lon "abc", 2: both empty, 4: lon "12.5x" give no point; 3: "12,5" (decimal comma)
    // and 5: " 13 " (blanks) are numbers to GDAL.
    const ReadResult r = read_ok(fixture("bad_coordinates.csv"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.features, 6);
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, 2, 4})) << problems_text(r);
    EXPECT_EQ(r.report.skipped, 3);
    ASSERT_EQ(r.table.count(), 3u);
    EXPECT_EQ(incimap::test::features_of(r.table), (std::vector<std::uint32_t>{0, 3, 5}));
    EXPECT_DOUBLE_EQ(r.table.lon[1], 12.5);
    EXPECT_DOUBLE_EQ(r.table.lon[2], 13.0);
    EXPECT_EQ(attr(r.table, 1, "lon"), "12.5"); // GDAL types coordinate columns as reals
}

TEST(ReaderBad, StringsWhereNumbersBelong) {
    ReadOptions options;
    options.fields.size = "fatalities";
    const ReadResult r = read_ok(fixture("wrong_types.geojson"), options);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.features, 4);
    // 1: "fatalities": "many" loads without a size; 2: coordinates as strings is no point.
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, 2})) << problems_text(r);
    EXPECT_EQ(r.report.skipped, 1);
    ASSERT_EQ(r.table.count(), 3u);
    EXPECT_EQ(incimap::test::features_of(r.table), (std::vector<std::uint32_t>{0, 1, 3}));
    EXPECT_TRUE(std::isnan(r.table.size_at(1)));
    EXPECT_EQ(attr(r.table, 1, "fatalities"), "many");
    EXPECT_FLOAT_EQ(r.table.size_at(2), 2.0f);
    ASSERT_EQ(r.report.problems.size(), 2u);
    EXPECT_NE(r.report.problems[0].reason.find("'many'"), std::string::npos);
    EXPECT_EQ(r.report.problems[1].reason.rfind("no geometry", 0), 0u);
    // GDAL reads a small GeoJSON whole at open, so its words on the broken coordinates
    // cannot be tied to the feature: they are notes, each once.
    const auto& notes = r.report.notes;
    EXPECT_EQ(std::count_if(notes.begin(), notes.end(),
                            [](const std::string& n) {
                                return n.find("Invalid 'x' coordinate") != std::string::npos;
                            }),
              1)
        << problems_text(r);
}

TEST(ReaderBad, GeoJsonSeqWithBrokenLines) {
    // 0 good, 1 coordinates as strings, 2 good, then a line cut in the middle (GDAL skips
    // it), then a good feature (GDAL's feature 3).
    const ReadResult r = read_ok(fixture("broken_lines.geojsonl"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.driver, "GeoJSONSeq");
    EXPECT_EQ(r.report.features, 4);
    EXPECT_EQ(r.report.skipped, 1);
    EXPECT_EQ(r.table.count(), 3u);
    EXPECT_EQ(attr(r.table, 2, "n"), "4");
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, -1})) << problems_text(r);
    ASSERT_EQ(r.report.problems.size(), 2u);
    // Read feature by feature, GDAL's words go with the feature they are about.
    EXPECT_NE(r.report.problems[0].reason.find("no geometry (Invalid 'x' coordinate"),
              std::string::npos)
        << problems_text(r);
    // The skipped line is data lost: a problem of the source, placed by the next feature.
    EXPECT_NE(r.report.problems[1].reason.find("before feature 3"), std::string::npos)
        << problems_text(r);
}

// Latin-1 bytes are recoded (read as Windows-1252, docs/TIME.md "Text as written"), not
// replaced by U+FFFD: the text reads as written, and is valid UTF-8.
TEST(ReaderBad, Latin1TextBecomesValidUtf8) {
    const ReadResult r = read_ok(fixture("latin1.csv"));
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.table.count(), 2u);
    EXPECT_EQ(attr(r.table, 0, "name"), "Caf\u00E9 de la Gare");
    EXPECT_EQ(attr(r.table, 1, "name"), "M\u00FCnchen \u00C3");
    EXPECT_EQ(r.report.encoding, "windows-1252");
    EXPECT_DOUBLE_EQ(r.table.lon[0], 2.35);
}

TEST(ReaderBad, MissingFile) {
    const std::string path = fixture("no_such_file.geojson");
    expect_error(read_incidents(path), path, "no such file");
}

TEST(ReaderBad, Directory) {
    const std::string path = std::string(INCIMAP_FIXTURES);
    expect_error(read_incidents(path), path, "directory");
}

TEST(ReaderBad, CsvWithoutCoordinateColumns) {
    const std::string path = fixture("no_coordinates_latin1.csv");
    expect_error(read_incidents(path), path, "coordinate columns");
}

TEST(ReaderBad, UnknownLayerListsTheLayers) {
    ReadOptions options;
    options.layer = "nope";
    const std::string path = fixture("waypoints.gpx");
    const ReadResult r = read_incidents(path, options);
    expect_error(r, path, "'nope'");
    EXPECT_NE(r.error.find("waypoints, routes, tracks, route_points, track_points"),
              std::string::npos)
        << r.error;
    options.layer = "7";
    expect_error(read_incidents(path, options), path, "layers:");
}

TEST(ReaderBad, UnknownTimeField) {
    ReadOptions options;
    options.fields.time = "when_it_happened";
    const std::string path = fixture("points.geojson");
    const ReadResult r = read_incidents(path, options);
    expect_error(r, path, "'when_it_happened'");
    EXPECT_NE(r.error.find("--time-field"), std::string::npos) << r.error;
}

TEST(ReaderBad, UserTimeFieldThatDoesNotParseIsCounted) {
    ReadOptions options;
    options.fields.time = "name";
    const ReadResult r = read_ok(fixture("points.geojson"), options);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.report.time_field, "name");
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{0, 1, 2}));
    EXPECT_EQ(r.table.count(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(r.table.t_precision[i], TimePrecision::None);
}

TEST(ReaderBad, LongNonAsciiValuesQuotedWhole) {
    // A problem quotes the value cut to a readable length, never inside a UTF-8 sequence.
    ReadOptions options;
    options.fields.time = "remark";
    const ReadResult r = read_ok(fixture("wrong_types.geojson"), options);
    ASSERT_TRUE(r.ok);
    ASSERT_FALSE(r.report.problems.empty());
    EXPECT_EQ(r.report.problems[0].feature, 0);
    const std::string& reason = r.report.problems[0].reason;
    EXPECT_TRUE(incimap::core::is_valid_utf8(reason)) << reason;
    EXPECT_NE(reason.find("'اشتباكات في الفلوجة"), std::string::npos) << reason;
    EXPECT_NE(reason.find("…'"), std::string::npos) << reason;
}

TEST(ReaderBad, CancelStopsEarly) {
    std::atomic<bool> cancel{true};
    ReadOptions options;
    options.cancel = &cancel;
    const ReadResult r = read_incidents(fixture("points.geojson"), options);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(r.report.cancelled);
    EXPECT_TRUE(r.table.empty());
}

// A projected coordinate far beyond the Earth (x = 1e300 in Web Mercator) made GDAL's
// reprojection run for ever (it wraps the longitude by 360° steps; found by fuzzing:
// tests/fuzz/corpus/fuzz_gdal_reader/regress-huge-mercator-x.fgb). The feature is skipped
// with a reason; the others are read.
TEST(ReaderBad, HugeProjectedCoordinatesAreSkipped) {
    TempDir dir;
    const std::string path = dir.file("huge.geojson");
    write_file(path, R"({"type":"FeatureCollection",
        "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},
        "features":[
        {"type":"Feature","properties":{"date":"2024-01-04"},
         "geometry":{"type":"Point","coordinates":[4942288.0,3940000.0]}},
        {"type":"Feature","properties":{"date":"2024-01-05"},
         "geometry":{"type":"Point","coordinates":[1e300,10.0]}},
        {"type":"Feature","properties":{"date":"2024-01-06"},
         "geometry":{"type":"Point","coordinates":[10.0,-3.3e16]}}]})");
    const ReadResult r = read_incidents(path);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.report.features, 3);
    EXPECT_EQ(r.table.count(), 1u);
    EXPECT_EQ(r.report.skipped, 2);
    EXPECT_EQ(problem_features(r), (std::vector<std::int64_t>{1, 2}));
    EXPECT_NE(problems_text(r).find("too large to reproject"), std::string::npos)
        << problems_text(r);
}

// A KML time with absurd seconds ("10:30:09223372036854775807") reached a float-to-int cast
// that is undefined (found by fuzzing: tests/fuzz/corpus/fuzz_gdal_reader/
// regress-kml-huge-seconds.kml). The incident still loads; the value is shown as GDAL has it.
TEST(ReaderBad, KmlTimeWithAbsurdSecondsLoads) {
    TempDir dir;
    const std::string path = dir.file("seconds.kml");
    write_file(path, R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>a</name><TimeStamp><when>2024-01-04</when></TimeStamp>
    <Point><coordinates>44.36,33.31</coordinates></Point></Placemark>
  <Placemark><name>b</name>
    <TimeStamp><when>2024-01-05T10:30:09223372036854775807+03:00</when></TimeStamp>
    <Point><coordinates>44.37,33.32</coordinates></Point></Placemark>
</Document></kml>)");
    const ReadResult r = read_incidents(path);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.report.features, 2);
    EXPECT_EQ(r.table.count(), 2u);
}

// A FlatGeobuf header may claim any feature count: one that said 1,056,964,611 made the reader
// reserve 8 GB for the table (found by fuzzing: tests/fuzz/corpus/fuzz_gdal_reader/
// regress-fgb-claims-a-billion.fgb, whose first byte picks the extension). The reserve is now
// capped by what the file's bytes could hold.
TEST(ReaderBad, FeatureCountClaimedByAHeaderIsNotTrusted) {
    TempDir dir;
    const std::string corpus = std::string(INCIMAP_FIXTURES) +
                               "/../fuzz/corpus/fuzz_gdal_reader/regress-fgb-claims-a-billion.fgb";
    const std::string bytes = read_bytes(corpus);
    ASSERT_GT(bytes.size(), 1u) << corpus;
    const std::string path = dir.file("claims.fgb");
    write_file(path, bytes.substr(1));
    const ReadResult r = read_incidents(path);
    if (!r.ok) {
        EXPECT_NE(r.error.find("claims.fgb"), std::string::npos) << r.error;
    }
    EXPECT_LE(r.table.lon.capacity(), bytes.size() / 16 + 1);
}

TEST(ReaderBad, NetworkPathsRefusedByDefault) {
    const std::string path = "https://example.invalid/data.geojson";
    expect_error(read_incidents(path), path, "--allow-network");
}

// ---------------------------------------------------------------------------------------
// The reader never modifies its input
// ---------------------------------------------------------------------------------------

struct FileState {
    std::string bytes;
    fs::file_time_type mtime;
};

std::map<std::string, FileState> snapshot(const fs::path& dir) {
    std::map<std::string, FileState> out;
    for (const auto& entry : fs::directory_iterator(dir))
        out[entry.path().filename().string()] = {read_bytes(entry.path().string()),
                                                 fs::last_write_time(entry.path())};
    return out;
}

class ReaderReadOnly : public ::testing::TestWithParam<const char*> {};

TEST_P(ReaderReadOnly, InputUnchanged) {
    TempDir dir;
    for (const char* ext : {".gpkg", ".shp", ".shx", ".dbf", ".prj"})
        fs::copy_file(fixture(std::string("mercator") + ext), dir.file(std::string("m") + ext));
    const auto before = snapshot(dir.path());
    const ReadResult r = read_ok(dir.file(GetParam()));
    EXPECT_EQ(r.table.count(), 3u);
    const auto after = snapshot(dir.path());
    ASSERT_EQ(before.size(), after.size()) << "the reader created or removed files";
    for (const auto& [name, state] : before) {
        SCOPED_TRACE(name);
        ASSERT_EQ(after.count(name), 1u);
        EXPECT_TRUE(after.at(name).bytes == state.bytes);
        EXPECT_EQ(after.at(name).mtime, state.mtime);
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, ReaderReadOnly, ::testing::Values("m.gpkg", "m.shp"),
                         [](const auto& param_info) {
                             return std::string(param_info.param).substr(2);
                         });

} // namespace
