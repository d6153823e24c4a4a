#include "geo/field_plan.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/ogr_values.hpp"
#include "geo/text_encoding.hpp"

#include <algorithm>

namespace incimap::geo {

namespace {

// FlatGeobuf (and other formats without a Date type) store a date as a DateTime at midnight
// with no zone; read like that, 2024-01-04 would be one second long. A DateTime column whose
// sampled values are all such midnights holds dates.
void detect_date_columns(const std::vector<bool>& datetime, std::vector<core::FieldSample>& samples,
                         const std::vector<int>& midnights, FieldPlan& plan) {
    plan.midnight_as_date.assign(samples.size(), false);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!datetime[i])
            continue;
        const auto filled = std::count_if(samples[i].values.begin(), samples[i].values.end(),
                                          [](const std::string& v) { return !v.empty(); });
        if (filled == 0 || midnights[i] != filled)
            continue;
        plan.midnight_as_date[i] = true;
        samples[i].type = core::FieldType::Date;
        for (auto& v : samples[i].values)
            v = v.substr(0, v.find('T'));
    }
}

// Whether a time column holds days written as midnights with no zone: every sampled value
// with a time of day is 00:00(:00) with no zone, and at least one has a time of day. Epoch
// integers are instants, never days.
bool holds_days(const core::FieldSample& f, const core::TimeParseOptions& options) {
    bool any = false;
    for (const auto& v : f.values) {
        if (v.empty())
            continue;
        if (v.find_first_not_of("0123456789", v.front() == '-' ? 1 : 0) == std::string::npos)
            return false; // an epoch integer
        const auto t = core::parse_time(v, options);
        if (!t || static_cast<int>(t->precision) <= static_cast<int>(core::TimePrecision::Day))
            continue;
        if (t->zone != core::ZoneKind::Floating ||
            t->start_ms != core::floor_days(t->start_ms) * core::kMsPerDay)
            return false;
        any = true;
    }
    return any;
}

} // namespace

FieldPlan plan_fields(const LayerSet& set, const core::FieldChoiceOverrides& user, KmlTime kml,
                      core::LoadReport& report) {
    const std::size_t n = set.fields.size();
    std::vector<core::FieldSample> samples(n);
    for (std::size_t i = 0; i < n; ++i) {
        samples[i].name = set.fields[i].name;
        samples[i].type = set.fields[i].type;
    }
    std::vector<int> midnights(n, 0);
    FieldPlan plan;
    // Several layers share the sample, so that a field only a later layer has is seen.
    const std::size_t per_layer =
        set.layers.size() <= 1 ? kSampleFeatures
                               : std::max<std::size_t>(kSampleFeatures / set.layers.size(), 200);
    std::int64_t before = 0; // features of the layers sampled before
    for (std::size_t li = 0; li < set.layers.size() && plan.sample_error_at < 0; ++li) {
        OGRLayer& layer = *set.layers[li];
        const std::vector<int>& map = set.field_map[li];
        // The main pass reads these features again and reports GDAL's messages about them
        // there, once.
        ErrorCapture sample_messages;
        layer.ResetReading();
        std::size_t taken = 0;
        while (taken < per_layer) {
            OGRFeatureUniquePtr f(layer.GetNextFeature());
            if (!f) {
                for (const auto& m : sample_messages.messages())
                    if (m.is_error) {
                        plan.sample_error_at = before + static_cast<std::int64_t>(taken);
                        plan.sample_error = m.text;
                        break;
                    }
                break;
            }
            ++taken;
            // What was said about features read is the main pass's to report; only what the
            // read that returned nothing said is kept.
            sample_messages.clear();
            for (auto& s : samples)
                s.values.emplace_back();
            for (std::size_t i = 0; i < map.size(); ++i) {
                const auto u = static_cast<std::size_t>(map[i]);
                samples[u].values.back() = field_text(*f, static_cast<int>(i)).value_or("");
                midnights[u] += is_midnight_without_zone(*f, static_cast<int>(i));
            }
            if (set.layer_field >= 0)
                samples[static_cast<std::size_t>(set.layer_field)].values.back() = layer.GetName();
        }
        layer.ResetReading();
        before += std::max<GIntBig>(layer.GetFeatureCount(FALSE), 0);
    }

    if (set.dates_as_written)
        plan.midnight_as_date.assign(n, false);
    else
        detect_date_columns(set.datetime, samples, midnights, plan);
    for (std::size_t i = 0; i < n; ++i)
        if (plan.midnight_as_date[i])
            report.fields[i].type = core::FieldType::Date;
    plan_from_samples(samples, user, std::move(kml), report, plan);
    // Several layers and no category field: the layer is the category (a KML's folders).
    if (set.layer_field >= 0 && plan.choice.category < 0 && user.category.empty()) {
        plan.choice.category = set.layer_field;
        report.category_field = report.layer_field;
    }
    return plan;
}

std::vector<bool> fields_read_by(const FieldPlan& plan, std::size_t nf) {
    std::vector<bool> read(nf, false);
    const auto mark = [&](int field) {
        if (field >= 0 && static_cast<std::size_t>(field) < nf)
            read[static_cast<std::size_t>(field)] = true;
    };
    const core::FieldChoices& c = plan.choice;
    for (const int field : {c.time.start, c.time.end, c.time.precision, c.time.time_of_day,
                            c.category, c.size, c.geo_precision, plan.kml.when, plan.kml.begin,
                            plan.kml.end})
        mark(field);
    for (std::size_t k = 0; k < nf && k < plan.repair_text.size(); ++k)
        if (plan.repair_text[k])
            read[k] = true;
    return read;
}

void plan_from_samples(const std::vector<core::FieldSample>& samples,
                       const core::FieldChoiceOverrides& user, KmlTime kml,
                       core::LoadReport& report, FieldPlan& plan) {
    plan.choice = core::choose_fields(samples, user);

    // KML: TimeStamp, else TimeSpan, whatever the scores say (USERS.md, a known signature).
    auto any_value = [&](int i) {
        return i >= 0 && std::any_of(samples[static_cast<std::size_t>(i)].values.begin(),
                                     samples[static_cast<std::size_t>(i)].values.end(),
                                     [](const std::string& v) { return !v.empty(); });
    };
    const bool raw_when =
        std::any_of(kml.raw.begin(), kml.raw.end(), [](const auto& t) { return !t.when.empty(); });
    const bool raw_span = std::any_of(kml.raw.begin(), kml.raw.end(), [](const auto& t) {
        return !t.begin.empty() || !t.end.empty();
    });
    const bool has_when = raw_when || any_value(kml.when);
    const bool has_span = raw_span || any_value(kml.begin) || any_value(kml.end);
    if (user.time.empty() && user.end.empty() && !user.no_time && !user.no_end && kml.when >= 0 && kml.begin >= 0 && kml.end >= 0 &&
        (has_when || has_span)) {
        // The start and end fields name what the report shows; the reader applies the rule.
        kml.rule = true;
        plan.choice.time = {};
        plan.choice.time.start = has_when ? kml.when : kml.begin;
        plan.choice.time.end = has_span ? kml.end : -1;
        plan.choice.time.reason = "KML TimeStamp, else TimeSpan begin/end";
    }
    plan.kml = std::move(kml);

    auto name_of = [&](int i) { return i >= 0 ? samples[static_cast<std::size_t>(i)].name : ""; };
    report.time_field = name_of(plan.choice.time.start);
    report.end_field = name_of(plan.choice.time.end);
    report.time_of_day_field = name_of(plan.choice.time.time_of_day);
    plan.time_of_day_field = report.time_of_day_field;
    report.time_reason = plan.choice.time.reason;
    report.category_field = name_of(plan.choice.category);
    report.size_field = name_of(plan.choice.size);
    report.geo_precision_field = name_of(plan.choice.geo_precision);
    // A guessed order still lets a later value with a part above 12 decide for itself.
    plan.time_options.order = plan.choice.time.order_guessed ? core::DayMonthOrder::Unknown
                                                             : plan.choice.time.order;
    plan.time_options.two_digit_years = true;
    plan.time_options.compact_dates = plan.choice.time.compact_dates;
    if (plan.choice.schema && !plan.kml.rule) {
        report.schema = std::string(plan.choice.schema->name);
        if (!plan.choice.schema->note.empty())
            report.notes.push_back(report.schema +
                                   " export: " + std::string(plan.choice.schema->note));
    }
    plan.time_options.two_digit_near_year = plan.choice.time.two_digit_near_year;
    if (plan.choice.time.two_digit_years)
        report.notes.push_back("two-digit years in '" + report.time_field + "' read as " +
                               (plan.choice.time.two_digit_near_year > 0
                                    ? "the year nearest " +
                                          std::to_string(plan.choice.time.two_digit_near_year) +
                                          " (the median of its four-digit years)"
                                    : std::string("2000–2069 for 00–69 and 1970–1999 for 70–99")));
    if (!plan.kml.rule) {
        const auto& time = plan.choice.time;
        plan.start_days =
            time.start >= 0 &&
            holds_days(samples[static_cast<std::size_t>(time.start)], plan.time_options);
        plan.end_days = time.end >= 0 &&
                        holds_days(samples[static_cast<std::size_t>(time.end)], plan.time_options);
        for (const auto& [days, name] : {std::pair{plan.start_days, report.time_field},
                                         std::pair{plan.end_days, report.end_field}})
            if (days)
                report.notes.push_back("every time in '" + name +
                                       "' is a midnight with no zone: read as whole days" +
                                       (name == report.end_field ? " (the end day included)" : ""));
    }
    if (!report.time_of_day_field.empty()) // what was paired, so that it can be overridden
        report.notes.push_back("dates in '" + report.time_field + "' and times of day in '" +
                               report.time_of_day_field +
                               "' combined into one instant (--time-of-day-field NAME picks "
                               "another column)");
    if (plan.choice.time.order_guessed)
        report.notes.push_back("numeric dates in '" + report.time_field +
                               "' never show a part above 12; read as day/month "
                               "(use --date-order mdy for month/day)");
    // Mojibake (UTF-8 read as Latin-1 or 1252 and saved again): repaired value by value where
    // the repair is lossless (geo/text_encoding.hpp), and said, with the field.
    plan.repair_text.assign(samples.size(), false);
    int said = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& f = samples[i];
        if (f.type != core::FieldType::String)
            continue;
        const auto bad = std::find_if(f.values.begin(), f.values.end(), [](const std::string& v) {
            return v.size() > 1 && repair_double_utf8(v).has_value();
        });
        const auto lost = std::find_if(f.values.begin(), f.values.end(), [](const std::string& v) {
            return v.size() > 1 && looks_double_utf8(v);
        });
        if (bad == f.values.end() && lost == f.values.end())
            continue;
        plan.repair_text[i] = true; // repaired, or flagged where the repair would lose text
        if (bad == f.values.end()) {
            if (said++ < 3)
                report.notes.push_back("'" + f.name + "' holds double-encoded text (UTF-8 read "
                                       "as Latin-1 or Windows-1252 and saved again) that cannot "
                                       "be repaired losslessly: '" + *lost +
                                       "' shown as written (mojibake_unrepaired counts them)");
            continue;
        }
        if (said++ < 3)
            report.notes.push_back("'" + f.name + "' holds double-encoded text (UTF-8 read as " +
                                   "Latin-1 or Windows-1252 and saved again): '" + *bad +
                                   "' is '" + *repair_double_utf8(*bad) +
                                   "'; repaired where the repair is lossless, the rest shown "
                                   "as written");
    }
    if (report.time_field.empty() && !samples.empty() && !samples.front().values.empty())
        report.notes.push_back("no time field found; incidents are undated "
                               "(use --time-field NAME to pick one)");
}

KmlTime kml_time_fields(GDALDataset& ds, const LayerSet& set, const std::string& path) {
    KmlTime kml;
    if (set.layers.empty())
        return kml;
    // LIBKML gives every layer the same fields; the union names them once.
    auto index_of = [&](const char* name) {
        for (std::size_t i = 0; i < set.fields.size(); ++i)
            if (set.fields[i].name == name)
                return static_cast<int>(i);
        return -1;
    };
    kml.when = index_of("timestamp");
    kml.begin = index_of("begin");
    kml.end = index_of("end");
    kml.name = index_of("Name");
    auto layers = read_kml_times(path);
    if (layers.size() != static_cast<std::size_t>(ds.GetLayerCount()))
        return kml;
    std::vector<KmlFeatureTime> raw;
    for (std::size_t k = 0; k < set.layers.size(); ++k) {
        auto& times = layers[static_cast<std::size_t>(set.indices[k])];
        if (static_cast<GIntBig>(times.size()) != set.layers[k]->GetFeatureCount(TRUE))
            return kml;
        raw.insert(raw.end(), std::make_move_iterator(times.begin()),
                   std::make_move_iterator(times.end()));
    }
    kml.raw = std::move(raw);
    return kml;
}

} // namespace incimap::geo
