#include "core/field_detection.hpp"

#include "core/blanks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

namespace incimap::core {

std::string normalize_field_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == ' ' || c == '-' || c == '.')
            out += '_';
        else
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::optional<double> parse_number(std::string_view text) {
    text = without_blanks(text);
    if (text.empty())
        return std::nullopt;
    if (text.front() == '+')
        text.remove_prefix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

bool is_missing_marker(std::string_view text) {
    text = without_blanks(text);
    if (text.size() > 4)
        return false;
    std::string lower(text);
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "na" || lower == "n/a" || lower == "null" || lower == "-";
}

std::string coordinates_marked_missing(std::string_view lon, std::string_view lat) {
    std::string out;
    if (is_missing_marker(lat) && !lat.empty())
        out = "latitude marked missing (" + std::string(without_blanks(lat)) + ")";
    if (is_missing_marker(lon) && !lon.empty())
        out += (out.empty() ? "" : "; ") + std::string("longitude marked missing (") +
               std::string(without_blanks(lon)) + ")";
    return out;
}

namespace {

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

int find_field(std::span<const FieldSample> fields, std::string_view name) {
    // Exact name first, then case-insensitive.
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name)
            return static_cast<int>(i);
    const std::string wanted = normalize_field_name(name);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (normalize_field_name(fields[i].name) == wanted)
            return static_cast<int>(i);
    return -1;
}

// ACLED's `event_date` when the fields look like an ACLED export, else -1.
int acled_event_date(std::span<const FieldSample> fields) {
    const int event_date = find_field(fields, "event_date");
    if (event_date >= 0 && (find_field(fields, "event_id_cnty") >= 0 ||
                            find_field(fields, "time_precision") >= 0 ||
                            find_field(fields, "disorder_type") >= 0))
        return event_date;
    return -1;
}

struct TimeStats {
    std::size_t filled = 0, parsed = 0, plausible = 0;
    double fill_rate = 0, parse_rate = 0, plausibility = 0;
    int finest = 0;
};

// A bare integer (`2024`, `1704369600`), which reads as a time only by its size.
bool is_integer_text(std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
        v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.remove_suffix(1);
    if (!v.empty() && v.front() == '-')
        v.remove_prefix(1);
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

TimeStats time_stats(const FieldSample& f) {
    TimeStats s;
    const bool numeric_type = f.type == FieldType::Real;
    std::vector<std::string> nonempty;
    for (const auto& v : f.values)
        if (!v.empty() && !is_missing_marker(v))
            nonempty.push_back(v);
    const TimeParseOptions opts{detect_day_month_order(nonempty), true, true, 0};
    for (const auto& v : nonempty) {
        ++s.filled;
        if (numeric_type)
            continue; // reals are measurements, not times
        if (auto t = parse_time(v, opts)) {
            const int year = civil_from_days(floor_days(t->start_ms)).year;
            const bool plausible = year >= 1900 && year <= 2100;
            // Codes, counts and ids are integers too: an integer is a time only when it
            // lands in 1900–2100 (USERS.md), or any column of 4-digit codes would be "years".
            if (!plausible && is_integer_text(v))
                continue;
            ++s.parsed;
            s.plausible += plausible;
            s.finest = std::max(s.finest, static_cast<int>(t->precision));
        }
    }
    if (!f.values.empty())
        s.fill_rate = static_cast<double>(s.filled) / static_cast<double>(f.values.size());
    if (s.filled)
        s.parse_rate = static_cast<double>(s.parsed) / static_cast<double>(s.filled);
    if (s.parsed)
        s.plausibility = static_cast<double>(s.plausible) / static_cast<double>(s.parsed);
    return s;
}

bool is_identifier_name(std::string_view n) {
    return n == "id" || ends_with(n, "_id") || n == "fid" || n == "objectid";
}

bool is_time_candidate(const FieldSample& f, const TimeStats& s) {
    if (f.type == FieldType::Date || f.type == FieldType::DateTime)
        return s.parsed > 0;
    if (f.type != FieldType::String && f.type != FieldType::Integer)
        return false;
    // 10-digit ids read as plausible epoch seconds; a name penalty alone would still let an
    // id column become the timeline of a file that has no time (instead of saying so).
    if (is_identifier_name(normalize_field_name(f.name)))
        return false;
    return s.parsed > 0 && s.parse_rate >= 0.95;
}

double name_bonus(std::string_view n) {
    static constexpr std::array<std::pair<std::string_view, double>, 16> k_exact{{
        {"event_date", 0.6}, {"date", 0.5},       {"datetime", 0.5},   {"date_time", 0.5},
        {"occurred", 0.5},   {"occurred_at", 0.5}, {"time", 0.5},      {"event_time", 0.5},
        {"start", 0.45},     {"start_date", 0.45}, {"start_time", 0.45}, {"begin", 0.45},
        {"when", 0.45},      {"datetime_utc", 0.5}, {"timestamp", 0.3}, {"acq_date", 0.4},
    }};
    for (const auto& [name, bonus] : k_exact)
        if (n == name)
            return bonus;
    if (contains(n, "date") || contains(n, "time"))
        return 0.2;
    return 0.0;
}

bool is_bookkeeping_name(std::string_view n) {
    for (std::string_view word : {"updated", "created", "upload", "modified", "edited", "inserted",
                                  "ingested", "retrieved", "accessed", "processed"})
        if (contains(n, word))
            return true;
    return is_identifier_name(n);
}

bool is_end_name(std::string_view n) {
    for (std::string_view name : {"end", "end_date", "enddate", "end_time", "endtime", "date_end",
                                  "time_end", "to", "until", "finish", "finished", "ended", "stop"})
        if (n == name)
            return true;
    return n.starts_with("end_") || ends_with(n, "_end");
}

// The score of a field whose sample statistics are known (parsing the sample is the cost).
double score_with_stats(const FieldSample& field, const TimeStats& s,
                        bool other_time_fields_exist) {
    if (!is_time_candidate(field, s))
        return -1.0;
    const std::string n = normalize_field_name(field.name);
    double score = s.fill_rate * s.parse_rate * s.plausibility + name_bonus(n);
    if (is_bookkeeping_name(n))
        score -= 0.8;
    if (n == "timestamp" && other_time_fields_exist)
        score -= 0.8;
    if (is_end_name(n))
        score -= 0.4;
    score += 0.001 * s.finest; // among equals, the finer one
    return score;
}

// Two-digit years in a column: their century is the one nearest the column's four-digit
// years (the median of them), else the fixed 2000–2069 / 1970–1999 rule.
void two_digit_century(std::span<const std::string> values, TimeFieldChoice& choice) {
    std::vector<int> years;
    for (const auto& v : values) {
        if (has_two_digit_year(v)) {
            choice.two_digit_years = true;
            continue;
        }
        if (auto t = parse_time(v); t && t->precision != TimePrecision::None)
            years.push_back(civil_from_days(floor_days(t->start_ms)).year);
    }
    if (!choice.two_digit_years || years.empty())
        return;
    std::nth_element(years.begin(), years.begin() + static_cast<std::ptrdiff_t>(years.size() / 2),
                     years.end());
    choice.two_digit_near_year = years[years.size() / 2];
}

} // namespace

double time_field_score(const FieldSample& field, bool other_time_fields_exist) {
    return score_with_stats(field, time_stats(field), other_time_fields_exist);
}

int pair_end_field(std::span<const FieldSample> fields, int start) {
    if (start < 0)
        return -1;
    const std::string sn = normalize_field_name(fields[static_cast<std::size_t>(start)].name);
    std::vector<std::string> wanted;
    for (auto [from, to] : std::array<std::pair<std::string_view, std::string_view>, 4>{
             {{"start", "end"}, {"begin", "end"}, {"from", "to"}, {"first", "last"}}}) {
        if (auto at = sn.find(from); at != std::string::npos) {
            std::string w = sn;
            w.replace(at, from.size(), to);
            wanted.push_back(w);
        }
    }
    // The counterpart of the start's own name first (start_time → end_time, even when an
    // end_date comes earlier), then any end-like name.
    for (const bool counterpart_only : {true, false}) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (static_cast<int>(i) == start)
                continue;
            const std::string n = normalize_field_name(fields[i].name);
            const bool counterpart = std::find(wanted.begin(), wanted.end(), n) != wanted.end();
            if (!counterpart && (counterpart_only || !is_end_name(n)))
                continue;
            const TimeStats s = time_stats(fields[i]);
            if (is_time_candidate(fields[i], s) || (s.filled == 0 && !fields[i].values.empty()))
                return static_cast<int>(i);
        }
    }
    return -1;
}

namespace {

// Whether ≥ 95 % of a field's non-empty values are times of day.
bool holds_times_of_day(const FieldSample& f, bool allow_hhmm) {
    std::size_t filled = 0, parsed = 0;
    for (const auto& v : f.values) {
        if (v.empty())
            continue;
        ++filled;
        if (const auto t = parse_time_of_day(v); t && (allow_hhmm || !t->hhmm))
            ++parsed;
    }
    return filled > 0 && parsed * 100 >= filled * 95;
}

} // namespace

int pair_time_of_day_field(std::span<const FieldSample> fields, int start) {
    if (start < 0)
        return -1;
    // The start must hold dates only (a day each).
    std::size_t days = 0;
    for (const auto& v : fields[static_cast<std::size_t>(start)].values) {
        if (v.empty())
            continue;
        const auto t = parse_time(v, TimeParseOptions{DayMonthOrder::Unknown, true, true, 0});
        if (!t || t->precision != TimePrecision::Day)
            return -1;
        ++days;
    }
    if (days == 0)
        return -1;
    // By name first (`time`, `acq_time`, `*_time`, `hour`, `hhmm`), then by values alone
    // for HH:MM text (an integer column is a time of day only when its name says so).
    int by_values = -1;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (static_cast<int>(i) == start || fields[i].type == FieldType::Real)
            continue;
        const std::string n = normalize_field_name(fields[i].name);
        if (is_bookkeeping_name(n) || is_end_name(n))
            continue;
        // Not `time_precision`, `time_zone`: only names of a clock time.
        const bool named = n == "time" || n == "hour" || n == "hhmm" || n == "time_of_day" ||
                           n == "timeofday" || n == "time_utc" || ends_with(n, "_time");
        if (named && holds_times_of_day(fields[i], true))
            return static_cast<int>(i);
        if (by_values < 0 && fields[i].type == FieldType::String &&
            holds_times_of_day(fields[i], false))
            by_values = static_cast<int>(i);
    }
    return by_values;
}

TimeFieldChoice choose_time_field(std::span<const FieldSample> fields) {
    TimeFieldChoice choice;
    // ACLED: event_date is the event day; `timestamp` is the upload time and never used.
    if (const int event_date = acled_event_date(fields); event_date >= 0) {
        choice.start = event_date;
        choice.precision = find_field(fields, "time_precision");
        choice.reason = "ACLED export: event_date";
        if (choice.precision >= 0)
            choice.reason += " widened by time_precision";
    } else {
        std::vector<double> scores(fields.size(), -1.0);
        std::vector<TimeStats> stats;
        stats.reserve(fields.size());
        int candidates = 0;
        for (const FieldSample& f : fields) {
            stats.push_back(time_stats(f));
            if (is_time_candidate(f, stats.back()) &&
                !is_bookkeeping_name(normalize_field_name(f.name)))
                ++candidates;
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const bool others = candidates > (normalize_field_name(fields[i].name) == "timestamp");
            scores[i] = score_with_stats(fields[i], stats[i], others);
        }
        const auto best = std::max_element(scores.begin(), scores.end());
        if (best == scores.end() || *best <= 0.0)
            return choice;
        choice.start = static_cast<int>(best - scores.begin());
        choice.reason = "best-scoring time field";
    }
    choice.end = pair_end_field(fields, choice.start);
    choice.time_of_day = pair_time_of_day_field(fields, choice.start);
    if (choice.time_of_day == choice.end || choice.time_of_day == choice.precision)
        choice.time_of_day = -1;
    return choice;
}

int choose_category_field(std::span<const FieldSample> fields) {
    static constexpr std::array<std::string_view, 12> k_names{
        "event_type", "category",  "type",       "class",         "kind",       "event_class",
        "incident_type", "attack_type", "sub_event_type", "disorder_type", "weapon", "group"};
    for (std::string_view name : k_names) {
        const int i = find_field(fields, name);
        if (i < 0)
            continue;
        const auto& f = fields[static_cast<std::size_t>(i)];
        if (f.type != FieldType::String && f.type != FieldType::Integer)
            continue;
        std::set<std::string_view> distinct;
        std::size_t filled = 0;
        for (const auto& v : f.values)
            if (!v.empty()) {
                distinct.insert(v);
                ++filled;
            }
        // A category has few values compared with the rows (an id or a free text has not).
        if (filled > 0 && distinct.size() <= 256 &&
            (distinct.size() <= 32 || distinct.size() * 2 <= filled))
            return i;
    }
    return -1;
}

int choose_size_field(std::span<const FieldSample> fields) {
    static constexpr std::array<std::string_view, 11> k_names{
        "fatalities", "deaths",    "killed", "dead",  "casualties", "victims",
        "mag",        "magnitude", "size",   "count", "injuries"};
    for (std::string_view name : k_names) {
        const int i = find_field(fields, name);
        if (i < 0)
            continue;
        const auto& f = fields[static_cast<std::size_t>(i)];
        if (f.type == FieldType::Integer || f.type == FieldType::Real)
            return i;
        if (f.type != FieldType::String)
            continue;
        std::size_t filled = 0, numeric = 0;
        for (const auto& v : f.values)
            if (!v.empty() && !is_missing_marker(v)) {
                ++filled;
                numeric += parse_number(v).has_value();
            }
        if (filled == 0 || numeric * 100 >= filled * 95)
            return i;
    }
    return -1;
}

int choose_geo_precision_field(std::span<const FieldSample> fields) {
    for (std::string_view name : {"geo_precision", "geoprecision", "location_precision",
                                  "geo_precis", "precision_geo"})
        if (const int i = find_field(fields, name); i >= 0)
            return i;
    return -1;
}

namespace {

// A known schema's fields, where the file has them and the user chose nothing else.
void apply_schema(std::span<const FieldSample> fields, const FieldChoiceOverrides& user,
                  FieldChoices& out) {
    const KnownSchema& s = *out.schema;
    auto field = [&](std::string_view name) {
        return name.empty() ? -1 : find_field(fields, name);
    };
    if (user.time.empty()) {
        if (const int t = field(s.time); t >= 0 && t != out.time.start) {
            out.time = {};
            out.time.start = t;
            out.time.reason =
                std::string(s.name) + " export: " + fields[static_cast<std::size_t>(t)].name;
            out.time.end = field(s.end) >= 0 ? field(s.end) : pair_end_field(fields, t);
            out.time.time_of_day = pair_time_of_day_field(fields, t);
        }
        if (out.time.start == field(s.time)) {
            out.time.compact_dates = s.compact_dates;
            out.time.utc = s.utc;
            if (const int p = field(s.time_precision); p >= 0) {
                // A schema's precision codes (UCDP's date_prec): the precision each stands for.
                out.time.precision = p;
                out.time.precision_codes = s.precision_codes;
                out.time.reason += ", precision from " + fields[static_cast<std::size_t>(p)].name;
            }
            if (const int tod = field(s.time_of_day); tod >= 0 && user.time_of_day.empty())
                out.time.time_of_day = tod;
        }
    }
    if (const int c = field(s.category); c >= 0 && user.category.empty())
        out.category = c;
    if (const int z = field(s.size); z >= 0 && user.size.empty())
        out.size = z;
    if (const int g = field(s.geo_precision); g >= 0)
        out.geo_precision = g;
    if (out.category >= 0)
        out.category_codes = codebook_for(s, fields[static_cast<std::size_t>(out.category)].name);
}

} // namespace

FieldChoices choose_fields(std::span<const FieldSample> fields, const FieldChoiceOverrides& user) {
    FieldChoices out;
    if (!user.time.empty()) {
        out.time.start = find_field(fields, user.time);
        if (out.time.start < 0)
            out.errors.push_back("no field named '" + user.time + "' for --time-field");
        else
            out.time.reason = "chosen by --time-field";
        // Picking ACLED's event_date by hand must not lose its widening: a week- or
        // month-precise event would otherwise be drawn as one exact day.
        if (out.time.start >= 0 && out.time.start == acled_event_date(fields))
            out.time.precision = find_field(fields, "time_precision");
        out.time.end = pair_end_field(fields, out.time.start);
        out.time.time_of_day = pair_time_of_day_field(fields, out.time.start);
        if (out.time.time_of_day == out.time.end || out.time.time_of_day == out.time.precision)
            out.time.time_of_day = -1;
    } else {
        out.time = choose_time_field(fields);
    }
    if (!user.time_of_day.empty()) {
        out.time.time_of_day = find_field(fields, user.time_of_day);
        if (out.time.time_of_day < 0)
            out.errors.push_back("no field named '" + user.time_of_day +
                                 "' for --time-of-day-field");
    }
    if (!user.end.empty()) {
        out.time.end = find_field(fields, user.end);
        if (out.time.end < 0)
            out.errors.push_back("no field named '" + user.end + "' for --end-field");
    }
    if (out.time.start >= 0) {
        std::vector<std::string> nonempty;
        for (const auto& v : fields[static_cast<std::size_t>(out.time.start)].values)
            if (!v.empty())
                nonempty.push_back(v);
        two_digit_century(nonempty, out.time);
        out.time.order = user.order != DayMonthOrder::Unknown ? user.order
                                                               : detect_day_month_order(nonempty);
        if (out.time.order == DayMonthOrder::Unknown) {
            // Numeric D/M dates that never exceed 12 cannot be told apart: read them day
            // first (the order in most of the world and in ACLED exports) and say so.
            bool numeric_dmy = false;
            for (const auto& v : nonempty)
                if (v.size() >= 8 && std::isdigit(static_cast<unsigned char>(v[0])) &&
                    (v[1] == '/' || v[2] == '/' || v[1] == '.' || v[2] == '.' ||
                     ((v[1] == '-' || v[2] == '-') && v.size() >= 10 && v[4] != '-')))
                    numeric_dmy = true;
            out.time.order_guessed = numeric_dmy;
            out.time.order = DayMonthOrder::DayFirst;
        }
    }
    if (!user.category.empty()) {
        out.category = find_field(fields, user.category);
        if (out.category < 0)
            out.errors.push_back("no field named '" + user.category + "' for --category-field");
    } else {
        out.category = choose_category_field(fields);
    }
    if (!user.size.empty()) {
        out.size = find_field(fields, user.size);
        if (out.size < 0)
            out.errors.push_back("no field named '" + user.size + "' for --size-field");
    } else {
        out.size = choose_size_field(fields);
    }
    out.geo_precision = choose_geo_precision_field(fields);
    out.schema = recognise_schema(fields);
    if (out.schema)
        apply_schema(fields, user, out);
    if (user.no_end) // issue 20: "(none)" chosen in the layer's panel
        out.time.end = -1;
    if (user.no_time)
        out.time = {};
    return out;
}

} // namespace incimap::core
