// Which fields hold the time, end, category, size and geo precision, decided from samples
// shaped like the real exports described in shared/USERS.md ("How time appears in real
// exports" and "A robust time-field rule").

#include "core/field_detection.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace incimap::core;

namespace {

using T = FieldType;

FieldSample field(std::string name, FieldType type, std::vector<std::string> values) {
    return FieldSample{std::move(name), type, std::move(values)};
}

// A value repeated `n` times, then `rest` (for fill and parse rates).
std::vector<std::string> repeat(const std::string& value, int n,
                                std::vector<std::string> rest = {}) {
    std::vector<std::string> out(static_cast<std::size_t>(n), value);
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

int index_of(const std::vector<FieldSample>& fields, std::string_view name) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name)
            return static_cast<int>(i);
    return -1;
}

// The columns of an ACLED CSV export (a subset, in ACLED's order), 6 rows.
std::vector<FieldSample> acled_fields(std::vector<std::string> event_dates) {
    return {
        field("event_id_cnty", T::String, {"SDN1", "SDN2", "SDN3", "SDN4", "SDN5", "SDN6"}),
        field("event_date", T::String, std::move(event_dates)),
        field("year", T::Integer, repeat("2023", 6)),
        field("time_precision", T::Integer, {"1", "1", "2", "1", "3", "1"}),
        field("disorder_type", T::String, repeat("Political violence", 6)),
        field("event_type", T::String,
              {"Battles", "Protests", "Riots", "Battles", "Explosions/Remote violence", "Riots"}),
        field("sub_event_type", T::String, repeat("Armed clash", 6)),
        field("latitude", T::Real, {"15.5", "15.6", "13.1", "12.0", "15.5", "14.2"}),
        field("longitude", T::Real, {"32.5", "32.4", "30.2", "24.9", "32.5", "33.0"}),
        field("geo_precision", T::Integer, {"1", "2", "1", "3", "1", "1"}),
        field("fatalities", T::Integer, {"0", "3", "0", "12", "1", "0"}),
        field("timestamp", T::Integer,
              {"1675209600", "1675209601", "1675296000", "1675382400", "1675468800", "1675555200"}),
    };
}

const std::vector<std::string> k_acled_csv_dates{"31 January 2023", "30 January 2023",
                                                 "29 January 2023", "28 January 2023",
                                                 "2 January 2023",  "1 January 2023"};

// --- known export signatures --------------------------------------------------------------

TEST(FieldDetection, AcledExportUsesEventDateWidenedByTimePrecision) {
    const auto fields = acled_fields(k_acled_csv_dates);
    const FieldChoices c = choose_fields(fields, {});
    EXPECT_EQ(c.time.start, index_of(fields, "event_date"));
    EXPECT_NE(c.time.start, index_of(fields, "timestamp"));
    EXPECT_EQ(c.time.precision, index_of(fields, "time_precision"));
    EXPECT_EQ(c.time.end, -1);
    EXPECT_FALSE(c.time.order_guessed);
    EXPECT_NE(c.time.reason.find("ACLED"), std::string::npos) << c.time.reason;
    EXPECT_EQ(c.category, index_of(fields, "event_type"));
    EXPECT_EQ(c.size, index_of(fields, "fatalities"));
    EXPECT_EQ(c.geo_precision, index_of(fields, "geo_precision"));
    EXPECT_TRUE(c.errors.empty());
}

TEST(FieldDetection, AcledApiAndDashDatesAlsoUseEventDate) {
    for (const std::vector<std::string>& dates :
         {std::vector<std::string>{"2023-01-31", "2023-01-30", "2023-01-29", "2023-01-28",
                                   "2023-01-02", "2023-01-01"},
          std::vector<std::string>{"31-01-2023", "30-01-2023", "29-01-2023", "28-01-2023",
                                   "02-01-2023", "01-01-2023"}}) {
        SCOPED_TRACE(dates.front());
        const auto fields = acled_fields(dates);
        const FieldChoices c = choose_fields(fields, {});
        EXPECT_EQ(c.time.start, index_of(fields, "event_date"));
        EXPECT_EQ(c.time.precision, index_of(fields, "time_precision"));
        EXPECT_EQ(c.time.order, DayMonthOrder::DayFirst);
        EXPECT_FALSE(c.time.order_guessed);
    }
}

TEST(FieldDetection, AcledNeverUsesTheUploadTimestamp) {
    // Even with only the identifying columns, the upload time listed first, and a finer
    // precision than event_date, `timestamp` is not the event time.
    std::vector<FieldSample> fields{
        field("timestamp", T::Integer, repeat("1675209600", 6)),
        field("event_id_cnty", T::String, {"SDN1", "SDN2", "SDN3", "SDN4", "SDN5", "SDN6"}),
        field("event_date", T::String, k_acled_csv_dates),
    };
    const TimeFieldChoice c = choose_time_field(fields);
    EXPECT_EQ(c.start, 2);
    EXPECT_EQ(c.precision, -1); // no time_precision column: nothing to widen by
}

TEST(FieldDetection, UserPickedAcledEventDateKeepsTimePrecision) {
    const auto fields = acled_fields(k_acled_csv_dates);
    FieldChoiceOverrides user;
    user.time = "event_date";
    const FieldChoices c = choose_fields(fields, user);
    EXPECT_EQ(c.time.start, index_of(fields, "event_date"));
    EXPECT_EQ(c.time.precision, index_of(fields, "time_precision"));
    EXPECT_EQ(c.time.reason, "chosen by --time-field");
}

TEST(FieldDetection, UserPickedOtherFieldInAcledIsNotWidened) {
    const auto fields = acled_fields(k_acled_csv_dates);
    FieldChoiceOverrides user;
    user.time = "timestamp";
    const FieldChoices c = choose_fields(fields, user);
    EXPECT_EQ(c.time.start, index_of(fields, "timestamp"));
    EXPECT_EQ(c.time.precision, -1);
}

TEST(FieldDetection, FeedTimeInMsBeatsUpdated) {
    // GeoJSON feeds: `updated` (listed first here) is not the event time.
    const std::vector<FieldSample> fields{
        field("mag", T::Real, {"2.5", "4.1", "1.0"}),
        field("updated", T::Integer, {"1704371000000", "1704372000000", "1704373000000"}),
        field("time", T::Integer, {"1704369600000", "1704369700000", "1704369800000"}),
        field("type", T::String, {"earthquake", "earthquake", "quarry blast"}),
    };
    const FieldChoices c = choose_fields(fields, {});
    EXPECT_EQ(c.time.start, 2);
    EXPECT_EQ(c.time.end, -1);
    EXPECT_EQ(c.category, 3);
    EXPECT_EQ(c.size, 0);
}

TEST(FieldDetection, TimestampIsUsedWhenNothingElseIsATime) {
    const std::vector<FieldSample> fields{
        field("name", T::String, {"a", "b", "c"}),
        field("timestamp", T::Integer, {"1704369600", "1704369700", "1704369800"}),
    };
    EXPECT_EQ(choose_time_field(fields).start, 1);
    // … and loses to any other date.
    const std::vector<FieldSample> with_date{
        fields[1], field("observed", T::Date, {"2024-01-04", "2024-01-05", "2024-01-06"})};
    EXPECT_EQ(choose_time_field(with_date).start, 1);
}

// --- start/end pairing --------------------------------------------------------------------

struct PairCase {
    std::vector<std::string> names; // all parse as times; the first is the expected start
    std::string end;                // expected end name, "" = none
};

TEST(FieldDetection, EndFieldPairedByName) {
    const std::vector<PairCase> cases{
        {{"start", "end"}, "end"},
        {{"start_date", "end_date"}, "end_date"},
        {{"Start Date", "End Date"}, "End Date"},
        {{"date_from", "date_to"}, "date_to"},
        {{"begin", "end"}, "end"},
        {{"date", "until"}, "until"},
        {{"start_time", "end_date", "end_time"}, "end_time"}, // the counterpart name first
        {{"date", "updated"}, ""},
    };
    for (const PairCase& c : cases) {
        SCOPED_TRACE(c.names.front() + " … " + c.end);
        std::vector<FieldSample> fields;
        for (const std::string& name : c.names)
            fields.push_back(field(name, T::String, {"2024-01-04T10:00", "2024-01-05T11:00"}));
        const TimeFieldChoice t = choose_time_field(fields);
        EXPECT_EQ(t.start, 0);
        EXPECT_EQ(t.end, c.end.empty() ? -1 : index_of(fields, c.end));
    }
}

TEST(FieldDetection, StartIsChosenOverEndWhenEndComesFirst) {
    const std::vector<FieldSample> fields{
        field("end_date", T::Date, {"2024-01-09", "2024-02-01"}),
        field("start_date", T::Date, {"2024-01-04", "2024-01-20"}),
    };
    const TimeFieldChoice t = choose_time_field(fields);
    EXPECT_EQ(t.start, 1);
    EXPECT_EQ(t.end, 0);
}

TEST(FieldDetection, AnEmptyEndFieldIsStillPaired) {
    // Ongoing incidents: the end column exists but is not filled yet.
    const std::vector<FieldSample> fields{
        field("start", T::String, {"2024-01-04", "2024-01-05"}),
        field("end", T::String, {"", ""}),
    };
    EXPECT_EQ(pair_end_field(fields, 0), 1);
    EXPECT_EQ(pair_end_field(fields, -1), -1);
}

// --- scoring ------------------------------------------------------------------------------

TEST(FieldDetection, SparseDatetimeLosesToAFullDate) {
    const std::vector<FieldSample> fields{
        field("datetime_utc", T::String,
              repeat("", 18, {"2024-01-04T12:00:00Z", "2024-01-05T08:00Z"})),
        field("date", T::String, repeat("2024-01-04", 20)),
    };
    EXPECT_EQ(choose_time_field(fields).start, 1);
}

TEST(FieldDetection, NinetyPercentParsableIsNotACandidate) {
    const FieldSample ninety =
        field("when_seen", T::String, repeat("2024-01-04", 18, {"soon", "?"}));
    EXPECT_LT(time_field_score(ninety, false), 0.0);
    const std::vector<FieldSample> alone{ninety};
    EXPECT_EQ(choose_time_field(alone).start, -1);
    // 95 % is enough (19 of 20), and blanks do not count against the rate.
    const FieldSample ninety_five =
        field("when_seen", T::String, repeat("2024-01-04", 19, {"soon", "", ""}));
    EXPECT_GT(time_field_score(ninety_five, false), 0.0);
}

TEST(FieldDetection, DateTypedFieldIsACandidateWhateverItsName) {
    const std::vector<FieldSample> fields{
        field("label", T::String, {"a", "b"}),
        field("observed", T::DateTime, {"2024-01-04T12:00:00Z", ""}),
    };
    EXPECT_EQ(choose_time_field(fields).start, 1);
}

TEST(FieldDetection, TenDigitIdNeverWinsOverADate) {
    const std::vector<FieldSample> fields{
        field("id", T::Integer, {"1704369600", "1704369601", "1704369602"}),
        field("date", T::String, {"2024-01-04", "2024-01-05", "2024-01-06"}),
    };
    EXPECT_EQ(choose_time_field(fields).start, 1);
}

TEST(FieldDetection, IdentifiersAreNeverTimes) {
    // 10-digit ids read as plausible epoch seconds (2001–2100); alone they must not become
    // the timeline, so that the user is told there is no time field.
    for (const char* name : {"id", "feature_id", "objectid", "fid"}) {
        SCOPED_TRACE(name);
        const std::vector<FieldSample> fields{
            field(name, T::Integer, {"1704369600", "1704369601", "1704369602"}),
            field("name", T::String, {"a", "b", "c"}),
        };
        EXPECT_EQ(choose_time_field(fields).start, -1);
    }
}

TEST(FieldDetection, IntegersOutsideTheYearsOfIncidentsAreNotTimes) {
    // Codes and counts of four digits parse as years; out of 1900–2100 they are not times.
    const std::vector<FieldSample> fields{
        field("postcode", T::Integer, {"4711", "8200", "1234", "9999"}),
        field("population", T::String, {"12000", "5400", "7100", "6600"}),
    };
    EXPECT_EQ(choose_time_field(fields).start, -1);
    // A year column is a time.
    const std::vector<FieldSample> years{field("yr", T::Integer, {"1999", "2004", "2023"})};
    EXPECT_EQ(choose_time_field(years).start, 0);
}

TEST(FieldDetection, RealFieldsAreMeasurementsNotTimes) {
    const std::vector<FieldSample> fields{
        field("depth", T::Real, {"1704369600", "2024", "1999"}),
    };
    EXPECT_LT(time_field_score(fields[0], false), 0.0);
    EXPECT_EQ(choose_time_field(fields).start, -1);
}

TEST(FieldDetection, NameBonusOrdersEqualFields) {
    const std::vector<std::string> values{"2024-01-04", "2024-01-05"};
    const double event_date = time_field_score(field("event_date", T::String, values), true);
    const double date = time_field_score(field("Date", T::String, values), true);
    const double report_date = time_field_score(field("report_date", T::String, values), true);
    const double plain = time_field_score(field("col7", T::String, values), true);
    const double updated = time_field_score(field("updated_at", T::String, values), true);
    EXPECT_GT(event_date, date);
    EXPECT_GT(date, report_date);
    EXPECT_GT(report_date, plain);
    EXPECT_GT(plain, updated);
}

TEST(FieldDetection, NoTimeFieldAtAll) {
    const std::vector<FieldSample> fields{
        field("name", T::String, {"a", "b"}),
        field("count", T::Integer, {"3", "12"}),
        field("notes", T::String, {"", ""}),
    };
    const FieldChoices c = choose_fields(fields, {});
    EXPECT_EQ(c.time.start, -1);
    EXPECT_EQ(c.time.end, -1);
    EXPECT_FALSE(c.time.order_guessed);
    EXPECT_TRUE(choose_fields(std::vector<FieldSample>{}, {}).errors.empty());
}

// --- day/month order ----------------------------------------------------------------------

struct OrderCase {
    std::vector<std::string> dates;
    DayMonthOrder user;
    DayMonthOrder expected;
    bool guessed;
};

TEST(FieldDetection, DayMonthOrderOfTheTimeField) {
    const std::vector<OrderCase> cases{
        // Every part ≤ 12: read day first and say it was a guess.
        {{"04/01/2024", "05/02/2024", "12/12/2024"},
         DayMonthOrder::Unknown,
         DayMonthOrder::DayFirst,
         true},
        {{"04.01.2024", "05.02.2024"}, DayMonthOrder::Unknown, DayMonthOrder::DayFirst, true},
        {{"04-01-2024", "05-02-2024"}, DayMonthOrder::Unknown, DayMonthOrder::DayFirst, true},
        // One value with a first part above 12 decides.
        {{"04/01/2024", "05/02/2024", "31/01/2024"},
         DayMonthOrder::Unknown,
         DayMonthOrder::DayFirst,
         false},
        {{"04/01/2024", "01/31/2024"}, DayMonthOrder::Unknown, DayMonthOrder::MonthFirst, false},
        // The user's --date-order wins.
        {{"04/01/2024", "05/02/2024"}, DayMonthOrder::MonthFirst, DayMonthOrder::MonthFirst, false},
        // Year-first and named months are never ambiguous.
        {{"2024-01-04", "2024-02-05"}, DayMonthOrder::Unknown, DayMonthOrder::DayFirst, false},
        {{"4 January 2024"}, DayMonthOrder::Unknown, DayMonthOrder::DayFirst, false},
    };
    for (const OrderCase& c : cases) {
        SCOPED_TRACE(c.dates.back());
        const std::vector<FieldSample> fields{field("date", T::String, c.dates)};
        FieldChoiceOverrides user;
        user.order = c.user;
        const FieldChoices out = choose_fields(fields, user);
        ASSERT_EQ(out.time.start, 0);
        EXPECT_EQ(out.time.order, c.expected);
        EXPECT_EQ(out.time.order_guessed, c.guessed);
    }
}

// --- user overrides -----------------------------------------------------------------------

TEST(FieldDetection, UserOverridesWin) {
    const auto fields = acled_fields(k_acled_csv_dates);
    FieldChoiceOverrides user;
    user.time = "Timestamp"; // names match case-insensitively
    user.category = "sub_event_type";
    user.size = "geo_precision";
    const FieldChoices c = choose_fields(fields, user);
    EXPECT_EQ(c.time.start, index_of(fields, "timestamp"));
    EXPECT_EQ(c.time.reason, "chosen by --time-field");
    EXPECT_EQ(c.category, index_of(fields, "sub_event_type"));
    EXPECT_EQ(c.size, index_of(fields, "geo_precision"));
    EXPECT_TRUE(c.errors.empty());
}

TEST(FieldDetection, UserEndFieldOverride) {
    const std::vector<FieldSample> fields{
        field("opened", T::String, {"2024-01-04", "2024-01-05"}),
        field("closed", T::String, {"2024-01-09", "2024-01-10"}),
    };
    FieldChoiceOverrides user;
    user.time = "opened";
    user.end = "closed";
    const FieldChoices c = choose_fields(fields, user);
    EXPECT_EQ(c.time.start, 0);
    EXPECT_EQ(c.time.end, 1);
}

TEST(FieldDetection, OverrideNamingAMissingFieldIsAnError) {
    const auto fields = acled_fields(k_acled_csv_dates);
    FieldChoiceOverrides user;
    user.time = "when_it_happened";
    user.end = "nope_end";
    user.category = "nope_category";
    user.size = "nope_size";
    const FieldChoices c = choose_fields(fields, user);
    EXPECT_EQ(c.time.start, -1); // no silent fallback to detection
    EXPECT_EQ(c.time.end, -1);
    EXPECT_EQ(c.category, -1);
    EXPECT_EQ(c.size, -1);
    ASSERT_EQ(c.errors.size(), 4U);
    EXPECT_NE(c.errors[0].find("when_it_happened"), std::string::npos) << c.errors[0];
    EXPECT_NE(c.errors[1].find("nope_end"), std::string::npos) << c.errors[1];
    EXPECT_NE(c.errors[2].find("nope_category"), std::string::npos) << c.errors[2];
    EXPECT_NE(c.errors[3].find("nope_size"), std::string::npos) << c.errors[3];
}

// --- category, size, geo precision --------------------------------------------------------

TEST(FieldDetection, CategoryNeedsFewDistinctValues) {
    std::vector<std::string> many;
    many.reserve(100);
    for (int i = 0; i < 100; ++i)
        many.push_back("text " + std::to_string(i));
    const std::vector<FieldSample> fields{
        field("type", T::String, many), // free text: every value distinct
        field("category", T::String, repeat("Shelling", 50, repeat("Air strike", 50))),
    };
    EXPECT_EQ(choose_category_field(fields), 1);
    EXPECT_EQ(choose_category_field(std::vector<FieldSample>{fields[0]}), -1);
}

TEST(FieldDetection, SizeMustBeNumeric) {
    const std::vector<FieldSample> text{field("fatalities", T::String, {"many", "few", "3"})};
    EXPECT_EQ(choose_size_field(text), -1);
    const std::vector<FieldSample> numbers{
        field("deaths", T::String, {"3", " 4 ", "", "0"}),
    };
    EXPECT_EQ(choose_size_field(numbers), 0);
    const std::vector<FieldSample> real{field("Magnitude", T::Real, {"4.5"})};
    EXPECT_EQ(choose_size_field(real), 0);
}

TEST(FieldDetection, GeoPrecisionByName) {
    const std::vector<FieldSample> fields{
        field("precision", T::Integer, {"1"}), // too vague to be the geo precision
        field("Geo Precision", T::Integer, {"1", "2"}),
    };
    EXPECT_EQ(choose_geo_precision_field(fields), 1);
    EXPECT_EQ(choose_geo_precision_field(std::vector<FieldSample>{fields[0]}), -1);
    const std::vector<FieldSample> shapefile{field("GEO_PRECIS", T::Integer, {"3"})};
    EXPECT_EQ(choose_geo_precision_field(shapefile), 0);
}

// --- small helpers ------------------------------------------------------------------------

TEST(FieldParseNumber, Table) {
    const std::vector<std::pair<std::string, std::optional<double>>> cases{
        {"12", 12.0},
        {"3.5", 3.5},
        {" 7 ", 7.0},
        {"-2", -2.0},
        {"+4", 4.0},
        {"1e3", 1000.0},
        {"0", 0.0},
        {"\t0.25\n", 0.25},
        {"", std::nullopt},
        {"  ", std::nullopt},
        {"many", std::nullopt},
        {"NaN", std::nullopt},
        {"nan", std::nullopt},
        {"inf", std::nullopt},
        {"-Infinity", std::nullopt},
        {"12abc", std::nullopt},
        {"1,5", std::nullopt},
        {"++1", std::nullopt},
        {"0x10", std::nullopt},
        {"1 2", std::nullopt},
    };
    for (const auto& [text, expected] : cases) {
        SCOPED_TRACE("'" + text + "'");
        EXPECT_EQ(parse_number(text), expected);
    }
}

TEST(FieldNormalizeName, Table) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"Event Date", "event_date"},       {"event-date", "event_date"},
        {"EVENT_DATE", "event_date"},       {"time.start", "time_start"},
        {"geo_precision", "geo_precision"}, {"", ""},
        {"Start Time", "start_time"},       {"Ünïcode", "Ünïcode"}, // bytes ≥ 0x80 untouched
    };
    for (const auto& [name, expected] : cases)
        EXPECT_EQ(normalize_field_name(name), expected) << name;
}

} // namespace
