// Real exports as people publish them (issue 15): each fixture carries one trait, and its
// expected reading is written beside it in the table below: count, time range, precisions,
// the fields chosen and the schema recognised. Each is read both ways (the fast reader where
// one applies, and GDAL's driver) and both must give the table's numbers.

#include "core/field_detection.hpp"
#include "core/known_schemas.hpp"
#include "core/time.hpp"
#include "geo/reader.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace {

using incimap::core::TimePrecision;
using incimap::core::UnixMs;
using incimap::geo::read_incidents;
using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::fixture;

UnixMs ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    using namespace incimap::core;
    return days_from_civil(y, mo, d) * kMsPerDay + h * kMsPerHour + mi * kMsPerMinute +
           s * kMsPerSecond;
}

struct Expected {
    const char* file;
    std::size_t loaded;
    const char* schema;     // "" none
    const char* time_field; // "" none
    const char* end_field;
    const char* time_of_day; // the time-of-day field paired with the dates
    const char* category_field;
    UnixMs first_start, last_start, last_end;
    std::map<TimePrecision, std::size_t> precisions;
};

const Expected kExports[] = {
    // Five folders of placemarks (one per magnitude class) and a folder with a ScreenOverlay:
    // all five read into one layer, coloured by folder; the overlay folder has no features.
    {"quake_folders.kml",
     10,
     "",
     "timestamp",
     "",
     "",
     "layer",
     ms(2024, 1, 3, 4, 5, 6),
     ms(2024, 3, 2, 0, 0, 1),
     ms(2024, 3, 2, 0, 0, 2),
     {{TimePrecision::Second, 10}}},
    // Two point layers read, one polygon layer not (said in the notes).
    {"multi_layer.gpkg",
     5,
     "",
     "date",
     "",
     "",
     "kind",
     ms(2024, 1, 2),
     ms(2024, 2, 3),
     ms(2024, 2, 4),
     {{TimePrecision::Day, 5}}},
    {"multi_layer.shp.zip",
     5,
     "",
     "date",
     "",
     "",
     "kind",
     ms(2024, 1, 2),
     ms(2024, 2, 3),
     ms(2024, 2, 4),
     {{TimePrecision::Day, 5}}},
    // FIRMS: acq_date + acq_time as HHMM without padding (7 = 00:07), UTC.
    {"firms_viirs.csv",
     4,
     "NASA FIRMS",
     "acq_date",
     "",
     "acq_time",
     "daynight",
     ms(2024, 1, 4, 0, 7),
     ms(2024, 1, 5, 23, 59),
     ms(2024, 1, 6),
     {{TimePrecision::Minute, 4}}},
    // date + time as HH:MM and HH:MM:SS; an empty time leaves the whole day.
    {"police_log.csv",
     4,
     "",
     "date",
     "",
     "time",
     "",
     ms(2024, 3, 1, 9, 15),
     ms(2024, 3, 3),
     ms(2024, 3, 4),
     {{TimePrecision::Minute, 2}, {TimePrecision::Second, 1}, {TimePrecision::Day, 1}}},
    // DD/MM/YY mixed with DD/MM/YYYY: 14/03/24 is 2024-03-14 (the century nearest the
    // column's four-digit years), 01/01/25 is 2025-01-01.
    {"tracker_two_digit_years.csv",
     5,
     "OSINT tracker",
     "date",
     "",
     "",
     "verification",
     ms(2024, 2, 28),
     ms(2025, 1, 1),
     ms(2025, 1, 2),
     {{TimePrecision::Day, 5}}},
    // UCDP GED: midnights only in date_start and date_end → days, the end day included.
    {"ucdp_ged_midnight.geojson",
     4,
     "UCDP GED",
     "date_start",
     "date_end",
     "",
     "type_of_violence",
     ms(2021, 6, 30),
     ms(2021, 9, 15),
     ms(2021, 9, 16),
     // date_prec 1, 3 (only the week known), 4 (only the month), 1.
     {{TimePrecision::Day, 2}, {TimePrecision::Week, 1}, {TimePrecision::Month, 1}}},
    // USGS's CSV export (not only the GeoJSON feed): `time` as ISO instants in UTC, `mag` the
    // size; `depth` is the height column GDAL's CSV driver takes as Z.
    {"usgs_quakes.csv",
     3,
     "USGS earthquakes",
     "time",
     "",
     "",
     "type",
     ms(2024, 1, 4, 12, 34, 56) + 789,
     ms(2024, 1, 6, 23, 59, 59),
     ms(2024, 1, 6, 23, 59, 59) + 1,
     {{TimePrecision::Millisecond, 3}}},
    // GDELT events, tab-separated: SQLDATE as YYYYMMDD, ActionGeo_Lat/Long, CAMEO root codes.
    {"gdelt_events.tsv",
     3,
     "GDELT events",
     "SQLDATE",
     "",
     "",
     "EventRootCode",
     ms(2024, 1, 4),
     ms(2024, 1, 7),
     ms(2024, 1, 8),
     {{TimePrecision::Day, 3}}},
};

void check(const Expected& e, const ReadResult& r, const std::string& how) {
    SCOPED_TRACE(std::string(e.file) + " (" + how + ")");
    ASSERT_TRUE(r.ok) << r.error;
    const auto& t = r.table;
    ASSERT_EQ(t.count(), e.loaded);
    EXPECT_EQ(r.report.problem_count, 0);
    EXPECT_EQ(r.report.schema, e.schema);
    EXPECT_EQ(r.report.time_field, e.time_field);
    EXPECT_EQ(r.report.end_field, e.end_field);
    EXPECT_EQ(r.report.time_of_day_field, e.time_of_day);
    EXPECT_EQ(r.report.category_field, e.category_field);
    UnixMs first = INT64_MAX, last = INT64_MIN, last_end = INT64_MIN;
    std::map<TimePrecision, std::size_t> precisions;
    for (std::size_t i = 0; i < t.count(); ++i) {
        ++precisions[t.t_precision[i]];
        first = std::min(first, t.t_start[i]);
        last = std::max(last, t.t_start[i]);
        last_end = std::max(last_end, t.end_at(i));
    }
    EXPECT_EQ(incimap::core::format_iso_utc(first), incimap::core::format_iso_utc(e.first_start));
    EXPECT_EQ(incimap::core::format_iso_utc(last), incimap::core::format_iso_utc(e.last_start));
    EXPECT_EQ(incimap::core::format_iso_utc(last_end), incimap::core::format_iso_utc(e.last_end));
    EXPECT_EQ(precisions, e.precisions);
}

TEST(RealExports, ReadAsWrittenBesideEach) {
    for (const Expected& e : kExports) {
        check(e, read_incidents(fixture(e.file)), "default");
        ReadOptions gdal;
        gdal.fast_readers = false;
        check(e, read_incidents(fixture(e.file), gdal), "GDAL");
    }
}

TEST(RealExports, EveryLayerCountedAndNoneLoadedSilently) {
    const ReadResult r = read_incidents(fixture("multi_layer.gpkg"));
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.report.layer_counts.size(), 3u);
    EXPECT_EQ(r.report.layer_counts[0].name, "strikes");
    EXPECT_EQ(r.report.layer_counts[0].features, 3);
    EXPECT_TRUE(r.report.layer_counts[0].read);
    EXPECT_EQ(r.report.layer_counts[1].features, 2);
    EXPECT_TRUE(r.report.layer_counts[1].read);
    EXPECT_EQ(r.report.layer_counts[2].name, "areas");
    EXPECT_FALSE(r.report.layer_counts[2].read);
    EXPECT_EQ(r.report.layer_counts[2].geometry, "polygon");
    const bool said = std::any_of(r.report.notes.begin(), r.report.notes.end(), [](auto& n) {
        return n.find("read 2 of 3 layers") != std::string::npos &&
               n.find("'areas'") != std::string::npos;
    });
    EXPECT_TRUE(said);
    // Each incident names its layer; fields only one layer has are null in the other's.
    const int layer = r.table.attributes.field_index("layer");
    const int crowd = r.table.attributes.field_index("crowd");
    ASSERT_GE(layer, 0);
    ASSERT_GE(crowd, 0);
    std::map<std::string, int> per_layer;
    for (std::size_t i = 0; i < r.table.count(); ++i)
        ++per_layer[std::string(
            *r.table.attributes.value(r.table.attr_row[i], static_cast<std::size_t>(layer)))];
    EXPECT_EQ(per_layer, (std::map<std::string, int>{{"protests", 2}, {"strikes", 3}}));
    EXPECT_FALSE(r.table.attributes.value(r.table.attr_row[0], static_cast<std::size_t>(crowd)));

    // --layer still reads one.
    ReadOptions one;
    one.layer = "areas";
    const ReadResult areas = read_incidents(fixture("multi_layer.gpkg"), one);
    ASSERT_TRUE(areas.ok) << areas.error;
    EXPECT_EQ(areas.table.count(), 1u);
    EXPECT_EQ(areas.report.layer, "areas");
    EXPECT_EQ(areas.table.attributes.field_index("layer"), -1);
}

TEST(RealExports, KmlFoldersColouredByFolder) {
    const ReadResult r = read_incidents(fixture("quake_folders.kml"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.report.layer_field, "layer");
    // Most frequent first is the legend's business; here every folder is a category.
    std::vector<std::string> cats = r.table.categories;
    std::sort(cats.begin(), cats.end());
    EXPECT_EQ(cats, (std::vector<std::string>{"M2", "M3", "M4", "M5", "M6"}));
    const auto legend = std::find_if(r.report.layer_counts.begin(), r.report.layer_counts.end(),
                                     [](const auto& c) { return c.name == "Legend"; });
    ASSERT_NE(legend, r.report.layer_counts.end());
    EXPECT_EQ(legend->features, 0);
    EXPECT_FALSE(legend->read);
}

TEST(RealExports, CodebooksNameTheCodes) {
    const ReadResult ucdp = read_incidents(fixture("ucdp_ged_midnight.geojson"));
    ASSERT_TRUE(ucdp.ok) << ucdp.error;
    std::vector<std::string> cats = ucdp.table.categories;
    std::sort(cats.begin(), cats.end());
    EXPECT_EQ(cats, (std::vector<std::string>{"non-state", "one-sided", "state-based"}));
    EXPECT_EQ(ucdp.report.size_field, "best");
    EXPECT_EQ(ucdp.report.geo_precision_field, "where_prec");
    // An end of days is inclusive: 2021-07-01 … 2021-07-07 ends at the 8th's midnight.
    const auto& t = ucdp.table;
    EXPECT_EQ(t.t_start[1], ms(2021, 7, 1));
    EXPECT_EQ(t.end_at(1), ms(2021, 7, 8));

    const ReadResult gdelt = read_incidents(fixture("gdelt_events.tsv"));
    ASSERT_TRUE(gdelt.ok) << gdelt.error;
    std::vector<std::string> roots = gdelt.table.categories;
    std::sort(roots.begin(), roots.end());
    EXPECT_EQ(roots, (std::vector<std::string>{"assault", "fight", "protest"}));
    EXPECT_EQ(gdelt.report.size_field, "NumMentions");
}

TEST(RealExports, TimeOfDayFieldChosenByHand) {
    ReadOptions options;
    options.fields.time_of_day = "acq_time";
    const ReadResult r = read_incidents(fixture("police_log.csv"), options);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("--time-of-day-field"), std::string::npos) << r.error;
    options.fields.time_of_day = "time";
    const ReadResult ok = read_incidents(fixture("police_log.csv"), options);
    ASSERT_TRUE(ok.ok) << ok.error;
    EXPECT_EQ(ok.report.time_of_day_field, "time");
    EXPECT_EQ(ok.table.t_start[1], ms(2024, 3, 1, 23, 5, 30));
}

// Coordinates written as missing markers (NA, N/A, null, -) are skipped with that reason, an
// empty one as "no geometry", a longitude of 0 read as 0; the same both ways (GDAL's driver
// alone reads `-` as 0, and NA as no value with one warning for the file).
TEST(RealExports, CoordinatesMarkedMissingSaySo) {
    // feature → reason, as written in coords_marked_missing.csv
    const std::map<std::int64_t, std::string> expected{
        {1, "latitude marked missing (NA)"},
        {2, "longitude marked missing (N/A)"},
        {3, "latitude marked missing (null)"},
        {4, "latitude marked missing (-); longitude marked missing (-)"},
        {5, "no geometry"},
        {7, "longitude marked missing (-)"}};
    ReadOptions gdal;
    gdal.fast_readers = false;
    for (const auto& [how, options] : {std::pair{"default", ReadOptions{}}, std::pair{"GDAL", gdal}}) {
        SCOPED_TRACE(how);
        const ReadResult r = read_incidents(fixture("coords_marked_missing.csv"), options);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(r.report.features, 9);
        EXPECT_EQ(r.table.count(), 3u); // a, g, and i at longitude 0
        EXPECT_EQ(r.report.skipped, 6);
        std::map<std::int64_t, std::string> got;
        for (const auto& p : r.report.problems)
            got[p.feature] = p.reason;
        EXPECT_EQ(got, expected);
        EXPECT_EQ(r.report.fast, how == std::string("default"));
    }
}

// Mojibake (UTF-8 read as Latin-1 and saved again) is said, with the repair, both ways.
TEST(RealExports, DoubleEncodedTextIsFlagged) {
    for (const bool fast : {true, false}) {
        ReadOptions o;
        o.fast_readers = fast;
        const ReadResult r = read_incidents(fixture("double_encoded.csv"), o);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(r.table.count(), 3u);
        const bool said = std::any_of(r.report.notes.begin(), r.report.notes.end(), [](auto& n) {
            return n.find("double-encoded") != std::string::npos &&
                   n.find("'Caf\u00e9 de la Gare'") != std::string::npos;
        });
        EXPECT_TRUE(said) << (r.report.notes.empty() ? "" : r.report.notes.front());
    }
}

// --- the rules underneath, as tables -----------------------------------------------------

struct TwoDigitCase {
    const char* text;
    int near_year; // 0: the fixed 2000–2069 / 1970–1999 rule
    incimap::core::DayMonthOrder order;
    int year, month, day; // 0: not a time
};

TEST(RealExportsRules, TwoDigitYears) {
    using incimap::core::DayMonthOrder;
    const TwoDigitCase cases[] = {
        {"14/03/24", 0, DayMonthOrder::Unknown, 2024, 3, 14},
        {"03/14/24", 0, DayMonthOrder::Unknown, 2024, 3, 14},
        {"05/11/24", 0, DayMonthOrder::MonthFirst, 2024, 5, 11},
        {"1.2.69", 0, DayMonthOrder::DayFirst, 2069, 2, 1},
        {"1.2.70", 0, DayMonthOrder::DayFirst, 1970, 2, 1},
        {"31-12-99", 0, DayMonthOrder::DayFirst, 1999, 12, 31},
        {"31-12-99", 2024, DayMonthOrder::DayFirst, 1999, 12, 31},
        {"31-12-30", 1950, DayMonthOrder::DayFirst, 1930, 12, 31},
        {"31-12-30", 2010, DayMonthOrder::DayFirst, 2030, 12, 31},
        {"14/03/24 10:30", 2024, DayMonthOrder::DayFirst, 2024, 3, 14},
        {"14/03/245", 0, DayMonthOrder::DayFirst, 0, 0, 0},
        {"14/03/2", 0, DayMonthOrder::DayFirst, 0, 0, 0},
        {"31/02/24", 0, DayMonthOrder::DayFirst, 0, 0, 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        incimap::core::TimeParseOptions o;
        o.order = c.order;
        o.two_digit_years = true;
        o.two_digit_near_year = c.near_year;
        const auto t = incimap::core::parse_time(c.text, o);
        if (c.year == 0) {
            EXPECT_FALSE(t);
            continue;
        }
        ASSERT_TRUE(t);
        EXPECT_EQ(incimap::core::floor_days(t->start_ms),
                  incimap::core::days_from_civil(c.year, c.month, c.day));
        // Without the option a two-digit year is not a time (as before).
        EXPECT_FALSE(incimap::core::parse_time(c.text, incimap::core::TimeParseOptions{}));
    }
}

struct TimeOfDayCase {
    const char* text;
    int h, m, s, milli; // -1: not a time of day
    TimePrecision precision;
};

TEST(RealExportsRules, TimesOfDay) {
    const TimeOfDayCase cases[] = {
        {"7", 0, 7, 0, 0, TimePrecision::Minute},
        {"45", 0, 45, 0, 0, TimePrecision::Minute},
        {"1405", 14, 5, 0, 0, TimePrecision::Minute},
        {"0000", 0, 0, 0, 0, TimePrecision::Minute},
        {"2359", 23, 59, 0, 0, TimePrecision::Minute},
        {"09:15", 9, 15, 0, 0, TimePrecision::Minute},
        {"9:15", 9, 15, 0, 0, TimePrecision::Minute},
        {"23:05:30", 23, 5, 30, 0, TimePrecision::Second},
        {"23:05:30.25", 23, 5, 30, 250, TimePrecision::Millisecond},
        {"2400", -1, 0, 0, 0, TimePrecision::None},
        {"1260", -1, 0, 0, 0, TimePrecision::None},
        {"24:00", -1, 0, 0, 0, TimePrecision::None},
        {"12:60", -1, 0, 0, 0, TimePrecision::None},
        {"12345", -1, 0, 0, 0, TimePrecision::None},
        {"-5", -1, 0, 0, 0, TimePrecision::None},
        {"noon", -1, 0, 0, 0, TimePrecision::None},
        {"", -1, 0, 0, 0, TimePrecision::None},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const auto t = incimap::core::parse_time_of_day(c.text);
        if (c.h < 0) {
            EXPECT_FALSE(t);
            continue;
        }
        ASSERT_TRUE(t);
        using namespace incimap::core;
        EXPECT_EQ(t->offset_ms,
                  c.h * kMsPerHour + c.m * kMsPerMinute + c.s * kMsPerSecond + c.milli);
        EXPECT_EQ(t->precision, c.precision);
    }
}

incimap::core::FieldSample field(const char* name, incimap::core::FieldType type,
                                 std::vector<std::string> values) {
    return {name, type, std::move(values)};
}

TEST(RealExportsRules, FieldChoicesOfKnownSchemasAndPairs) {
    using incimap::core::FieldType;
    using T = FieldType;
    // FIRMS: acq_time integers beside acq_date dates.
    const std::vector<incimap::core::FieldSample> firms{
        field("latitude", T::Real, {"1", "2"}),
        field("acq_date", T::String, {"2024-01-04", "2024-01-05"}),
        field("acq_time", T::Integer, {"7", "1405"}), field("frp", T::Real, {"1.5", "2"}),
        field("daynight", T::String, {"D", "N"})};
    const auto f = incimap::core::choose_fields(firms, {});
    ASSERT_NE(f.schema, nullptr);
    EXPECT_EQ(f.schema->name, "NASA FIRMS");
    EXPECT_EQ(f.time.start, 1);
    EXPECT_EQ(f.time.time_of_day, 2);
    EXPECT_TRUE(f.time.utc);
    EXPECT_EQ(f.size, 3);
    EXPECT_EQ(f.category, 4);
    ASSERT_NE(f.category_codes, nullptr);
    EXPECT_EQ(incimap::core::label_of(*f.category_codes, "D"), "day");

    // An integer column is a time of day only by its name; HH:MM text by its values.
    const std::vector<incimap::core::FieldSample> counts{
        field("date", T::String, {"2024-01-04", "2024-01-05"}),
        field("count", T::Integer, {"7", "1405"}), field("clock", T::String, {"10:00", "11:30"})};
    EXPECT_EQ(incimap::core::choose_fields(counts, {}).time.time_of_day, 2);
    // A start that already has a time of day is never paired.
    const std::vector<incimap::core::FieldSample> full{
        field("date", T::String, {"2024-01-04T10:00", "2024-01-05T11:00"}),
        field("time", T::String, {"10:00", "11:30"})};
    EXPECT_EQ(incimap::core::choose_fields(full, {}).time.time_of_day, -1);

    // NA, N/A, null and - are missing, not unparsed: the column is still the time.
    const std::vector<incimap::core::FieldSample> gaps{
        field("date", T::String, {"2024-01-04", "NA", "N/A", "null", "-", "2024-01-06"}),
        field("fatalities", T::String, {"1", "NA", "-", "2", "3", "null"})};
    const auto g = incimap::core::choose_fields(gaps, {});
    EXPECT_EQ(g.time.start, 0);
    EXPECT_EQ(g.size, 1);
    EXPECT_EQ(g.schema, nullptr);
    for (const char* m : {"NA", "n/a", " null ", "-", "NULL"})
        EXPECT_TRUE(incimap::core::is_missing_marker(m)) << m;
    for (const char* m : {"", "nan", "--", "none", "0"})
        EXPECT_FALSE(incimap::core::is_missing_marker(m)) << m;
}

TEST(RealExports, MissingMarkersAreNoValue) {
    incimap::test::TempDir dir;
    const std::string csv = "date,fatalities,end_date,latitude,longitude\n"
                            "2024-01-04,NA,-,33.1,44.1\n"
                            "N/A,3,2024-01-09,33.2,44.2\n"
                            "2024-01-05,null,N/A,33.3,44.3\n";
    for (const bool fast : {true, false}) {
        ReadOptions o;
        o.fast_readers = fast;
        const ReadResult r = read_incidents(dir.write("gaps.csv", csv), o);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(r.report.size_field, "fatalities");
        EXPECT_EQ(r.report.end_field, "end_date");
        ASSERT_EQ(r.table.count(), 3u);
        EXPECT_TRUE(std::isnan(r.table.size_at(0)));
        EXPECT_EQ(r.table.size_at(1), 3.0f);
        EXPECT_EQ(r.table.t_precision[1], TimePrecision::None);
        EXPECT_EQ(r.table.end_at(0), ms(2024, 1, 5));
        // One problem: the undated incident, with its reason; none for the sizes or ends.
        ASSERT_EQ(r.report.problem_count, 1);
        EXPECT_NE(r.report.problems[0].reason.find("marks a missing value"), std::string::npos)
            << r.report.problems[0].reason;
    }
}

} // namespace
