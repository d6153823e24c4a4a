#include "core/known_schemas.hpp"

#include "core/field_detection.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace incimap::core {

namespace {

using namespace std::string_view_literals;

// --- codebooks (from each project's published codebook) ---------------------------------

// ACLED codebook: time_precision and geo_precision.
constexpr std::array kAcledTimePrecision{CodeLabel{"1", "day"}, CodeLabel{"2", "week"},
                                         CodeLabel{"3", "month or coarser"}};
constexpr std::array kAcledGeoPrecision{CodeLabel{"1", "exact town"},
                                        CodeLabel{"2", "near a town / part of a region"},
                                        CodeLabel{"3", "a larger region"}};
constexpr std::array kAcledBooks{Codebook{"time_precision", kAcledTimePrecision},
                                 Codebook{"geo_precision", kAcledGeoPrecision}};

// UCDP GED codebook (version 23.1): type_of_violence, date_prec, where_prec.
constexpr std::array kUcdpViolence{CodeLabel{"1", "state-based"}, CodeLabel{"2", "non-state"},
                                   CodeLabel{"3", "one-sided"}};
constexpr std::array kUcdpDatePrec{
    CodeLabel{"1", "exact day"}, CodeLabel{"2", "2–6 days"}, CodeLabel{"3", "only the week"},
    CodeLabel{"4", "only the month"}, CodeLabel{"5", "only the year"}};
constexpr std::array kUcdpWherePrec{CodeLabel{"1", "exact location"},
                                    CodeLabel{"2", "within 25 km"},
                                    CodeLabel{"3", "second-order administrative division"},
                                    CodeLabel{"4", "first-order administrative division"},
                                    CodeLabel{"5", "linear feature or larger area"},
                                    CodeLabel{"6", "country"},
                                    CodeLabel{"7", "international waters or airspace"}};
// date_prec as time precision (codebook: 1 exact date, 2 a range of 2–6 days, 3 only the
// week known, 4 only the month, 5 only the year).
constexpr std::array kUcdpDatePrecision{
    PrecisionCode{"1", TimePrecision::Day}, PrecisionCode{"2", TimePrecision::Week},
    PrecisionCode{"3", TimePrecision::Week}, PrecisionCode{"4", TimePrecision::Month},
    PrecisionCode{"5", TimePrecision::Year}};
constexpr std::array kUcdpBooks{Codebook{"type_of_violence", kUcdpViolence},
                                Codebook{"date_prec", kUcdpDatePrec},
                                Codebook{"where_prec", kUcdpWherePrec}};

// CAMEO event root codes (GDELT's EventRootCode), and ActionGeo_Type.
constexpr std::array kCameoRoot{CodeLabel{"01", "make public statement"},
                                CodeLabel{"02", "appeal"},
                                CodeLabel{"03", "express intent to cooperate"},
                                CodeLabel{"04", "consult"},
                                CodeLabel{"05", "engage in diplomatic cooperation"},
                                CodeLabel{"06", "engage in material cooperation"},
                                CodeLabel{"07", "provide aid"},
                                CodeLabel{"08", "yield"},
                                CodeLabel{"09", "investigate"},
                                CodeLabel{"10", "demand"},
                                CodeLabel{"11", "disapprove"},
                                CodeLabel{"12", "reject"},
                                CodeLabel{"13", "threaten"},
                                CodeLabel{"14", "protest"},
                                CodeLabel{"15", "exhibit force posture"},
                                CodeLabel{"16", "reduce relations"},
                                CodeLabel{"17", "coerce"},
                                CodeLabel{"18", "assault"},
                                CodeLabel{"19", "fight"},
                                CodeLabel{"20", "use unconventional mass violence"}};
constexpr std::array kGdeltGeoType{CodeLabel{"1", "country"}, CodeLabel{"2", "US state"},
                                   CodeLabel{"3", "US city"}, CodeLabel{"4", "world city"},
                                   CodeLabel{"5", "world state"}};
constexpr std::array kGdeltBooks{Codebook{"eventrootcode", kCameoRoot},
                                 Codebook{"actiongeo_type", kGdeltGeoType}};

// NASA FIRMS: daynight and VIIRS confidence.
constexpr std::array kFirmsDayNight{CodeLabel{"D", "day"}, CodeLabel{"N", "night"}};
constexpr std::array kFirmsConfidence{CodeLabel{"l", "low"}, CodeLabel{"n", "nominal"},
                                      CodeLabel{"h", "high"}};
constexpr std::array kFirmsBooks{Codebook{"daynight", kFirmsDayNight},
                                 Codebook{"confidence", kFirmsConfidence}};

// --- signatures ---------------------------------------------------------------------------

constexpr std::array kAcledSig{"event_date"sv, "event_id_cnty"sv};
constexpr std::array kUcdpSig{"date_start"sv, "type_of_violence"sv, "where_prec"sv, "best"sv};
constexpr std::array kGdeltSig{"sqldate"sv, "actiongeo_lat"sv, "eventrootcode"sv};
constexpr std::array kFirmsSig{"acq_date"sv, "acq_time"sv, "frp"sv};
// The GeoJSON feed's properties and the CSV export's columns share these.
constexpr std::array kUsgsSig{"mag"sv, "time"sv, "updated"sv, "magtype"sv};
constexpr std::array kTrackerSig{"date"sv, "sources"sv, "verification"sv};

constexpr std::array kSchemas{
    KnownSchema{"ACLED", kAcledSig, "event_date", "", "", "event_type", "fatalities",
                "geo_precision", false, false, kAcledBooks,
                "timestamp is the upload time, never the event time"},
    KnownSchema{"UCDP GED", kUcdpSig, "date_start", "date_end", "", "type_of_violence", "best",
                "where_prec", false, false, kUcdpBooks,
                "best is the best estimate of deaths; date_prec and where_prec are the time "
                "and place precision",
                "date_prec",
                kUcdpDatePrecision},
    KnownSchema{"GDELT events", kGdeltSig, "sqldate", "", "", "eventrootcode", "nummentions", "",
                true, true, kGdeltBooks,
                "SQLDATE is the day of the event; DATEADDED is when GDELT saw it"},
    KnownSchema{"NASA FIRMS", kFirmsSig, "acq_date", "", "acq_time", "daynight", "frp", "", false,
                true, kFirmsBooks, "acq_date and acq_time are UTC"},
    KnownSchema{"USGS earthquakes",
                kUsgsSig,
                "time",
                "",
                "",
                "",
                "mag",
                "",
                false,
                false,
                {},
                "updated is when the event was last revised, not the event time"},
    KnownSchema{"OSINT tracker",
                kTrackerSig,
                "date",
                "",
                "",
                "verification",
                "",
                "",
                false,
                false,
                {},
                "sources lists the links each incident rests on"},
};

bool has_field(std::span<const FieldSample> fields, std::string_view normalised) {
    return std::any_of(fields.begin(), fields.end(), [&](const FieldSample& f) {
        return normalize_field_name(f.name) == normalised;
    });
}

} // namespace

std::span<const KnownSchema> known_schemas() {
    return kSchemas;
}

const KnownSchema* recognise_schema(std::span<const FieldSample> fields) {
    for (const KnownSchema& s : kSchemas)
        if (std::all_of(s.signature.begin(), s.signature.end(),
                        [&](std::string_view name) { return has_field(fields, name); }))
            return &s;
    return nullptr;
}

const Codebook* codebook_for(const KnownSchema& schema, std::string_view field) {
    const std::string n = normalize_field_name(field);
    for (const Codebook& b : schema.codebooks)
        if (b.field == n)
            return &b;
    return nullptr;
}

std::string_view label_of(const Codebook& book, std::string_view code) {
    while (!code.empty() && code.front() == ' ')
        code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ')
        code.remove_suffix(1);
    for (const CodeLabel& c : book.labels)
        if (c.code == code)
            return c.label;
    return {};
}

namespace {

// --- headerless exports ---------------------------------------------------------------------

// GDELT event files as published (tab-separated, no header): 1.0's backfile (57 columns, up
// to DATEADDED), 1.0's daily files (58, with SOURCEURL), 2.0 (61: each place has an
// ADM2Code). From GDELT's codebooks (GDELT-Event_Codebook-V2.0.pdf, "Data Format"). The
// columns all versions share, once; each version is those plus its extra columns, joined.
template <std::size_t... N>
constexpr auto join(const std::array<std::string_view, N>&... parts) {
    std::array<std::string_view, (N + ...)> out{};
    std::size_t at = 0;
    ((std::copy(parts.begin(), parts.end(), out.begin() + static_cast<std::ptrdiff_t>(at)),
      at += N),
     ...);
    return out;
}

// The event and its two actors (35 columns).
constexpr std::array kGdeltEvent{
    "GLOBALEVENTID"sv, "SQLDATE"sv, "MonthYear"sv, "Year"sv, "FractionDate"sv, "Actor1Code"sv,
    "Actor1Name"sv, "Actor1CountryCode"sv, "Actor1KnownGroupCode"sv, "Actor1EthnicCode"sv,
    "Actor1Religion1Code"sv, "Actor1Religion2Code"sv, "Actor1Type1Code"sv, "Actor1Type2Code"sv,
    "Actor1Type3Code"sv, "Actor2Code"sv, "Actor2Name"sv, "Actor2CountryCode"sv,
    "Actor2KnownGroupCode"sv, "Actor2EthnicCode"sv, "Actor2Religion1Code"sv,
    "Actor2Religion2Code"sv, "Actor2Type1Code"sv, "Actor2Type2Code"sv, "Actor2Type3Code"sv,
    "IsRootEvent"sv, "EventCode"sv, "EventBaseCode"sv, "EventRootCode"sv, "QuadClass"sv,
    "GoldsteinScale"sv, "NumMentions"sv, "NumSources"sv, "NumArticles"sv, "AvgTone"sv};
// Each place (actor 1, actor 2, the action): its name and region, then (2.0 only) its ADM2
// code, then its point.
constexpr std::array kActor1Region{"Actor1Geo_Type"sv, "Actor1Geo_FullName"sv,
                                   "Actor1Geo_CountryCode"sv, "Actor1Geo_ADM1Code"sv};
constexpr std::array kActor1Point{"Actor1Geo_Lat"sv, "Actor1Geo_Long"sv,
                                  "Actor1Geo_FeatureID"sv};
constexpr std::array kActor2Region{"Actor2Geo_Type"sv, "Actor2Geo_FullName"sv,
                                   "Actor2Geo_CountryCode"sv, "Actor2Geo_ADM1Code"sv};
constexpr std::array kActor2Point{"Actor2Geo_Lat"sv, "Actor2Geo_Long"sv,
                                  "Actor2Geo_FeatureID"sv};
constexpr std::array kActionRegion{"ActionGeo_Type"sv, "ActionGeo_FullName"sv,
                                   "ActionGeo_CountryCode"sv, "ActionGeo_ADM1Code"sv};
constexpr std::array kActionPoint{"ActionGeo_Lat"sv, "ActionGeo_Long"sv,
                                  "ActionGeo_FeatureID"sv};
constexpr std::array kDateAdded{"DATEADDED"sv};
// Each version's extra columns.
constexpr std::array kSourceUrl{"SOURCEURL"sv};                 // 1.0 daily, 2.0
constexpr std::array kActor1Adm2{"Actor1Geo_ADM2Code"sv};       // 2.0
constexpr std::array kActor2Adm2{"Actor2Geo_ADM2Code"sv};       // 2.0
constexpr std::array kActionAdm2{"ActionGeo_ADM2Code"sv};       // 2.0

constexpr auto kGdelt1Columns = join(kGdeltEvent, kActor1Region, kActor1Point, kActor2Region,
                                     kActor2Point, kActionRegion, kActionPoint, kDateAdded);
constexpr auto kGdelt1DailyColumns = join(kGdelt1Columns, kSourceUrl);
constexpr auto kGdelt2Columns =
    join(kGdeltEvent, kActor1Region, kActor1Adm2, kActor1Point, kActor2Region, kActor2Adm2,
         kActor2Point, kActionRegion, kActionAdm2, kActionPoint, kDateAdded, kSourceUrl);
static_assert(kGdelt1Columns.size() == 57 && kGdelt1DailyColumns.size() == 58 &&
              kGdelt2Columns.size() == 61);

constexpr std::array kHeaderless{HeaderlessLayout{"GDELT 1.0 events", kGdelt1Columns},
                                 HeaderlessLayout{"GDELT 1.0 daily events", kGdelt1DailyColumns},
                                 HeaderlessLayout{"GDELT 2.0 events", kGdelt2Columns}};

} // namespace

const HeaderlessLayout* headerless_layout(std::size_t column_count) {
    for (const HeaderlessLayout& h : kHeaderless)
        if (h.columns.size() == column_count)
            return &h;
    return nullptr;
}

} // namespace incimap::core
