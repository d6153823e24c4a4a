#include "geo/field_plan.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/ogr_values.hpp"

#include <algorithm>

namespace incimap::geo {

namespace {

// FlatGeobuf (and other formats without a Date type) store a date as a DateTime at midnight
// with no zone; read like that, 2024-01-04 would be one second long. A DateTime column whose
// sampled values are all such midnights holds dates.
void detect_date_columns(const OGRFeatureDefn& defn, std::vector<core::FieldSample>& samples,
                         const std::vector<int>& midnights, FieldPlan& plan) {
    plan.midnight_as_date.assign(samples.size(), false);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (defn.GetFieldDefn(static_cast<int>(i))->GetType() != OFTDateTime)
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

} // namespace

FieldPlan plan_fields(OGRLayer& layer, const core::FieldChoiceOverrides& user, KmlTime kml,
                      core::LoadReport& report) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const int n = defn->GetFieldCount();
    std::vector<core::FieldSample> samples(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        samples[static_cast<std::size_t>(i)].name = defn->GetFieldDefn(i)->GetNameRef();
        samples[static_cast<std::size_t>(i)].type = field_type_of(*defn->GetFieldDefn(i));
    }
    std::vector<int> midnights(static_cast<std::size_t>(n), 0);
    FieldPlan plan;
    {
        // The main pass reads these features again and reports GDAL's messages about them
        // there, once.
        ErrorCapture sample_messages;
        layer.ResetReading();
        std::size_t taken = 0;
        while (taken < kSampleFeatures) {
            OGRFeatureUniquePtr f(layer.GetNextFeature());
            if (!f) {
                for (const auto& m : sample_messages.messages())
                    if (m.is_error) {
                        plan.sample_error_at = static_cast<std::int64_t>(taken);
                        plan.sample_error = m.text;
                        break;
                    }
                break;
            }
            ++taken;
            // What was said about features read is the main pass's to report; only what the
            // read that returned nothing said is kept.
            sample_messages.clear();
            for (int i = 0; i < n; ++i) {
                auto& sample = samples[static_cast<std::size_t>(i)];
                sample.values.push_back(field_text(*f, i).value_or(""));
                midnights[static_cast<std::size_t>(i)] += is_midnight_without_zone(*f, i);
            }
        }
        layer.ResetReading();
    }

    detect_date_columns(*defn, samples, midnights, plan);
    for (int i = 0; i < n; ++i)
        if (plan.midnight_as_date[static_cast<std::size_t>(i)])
            report.fields[static_cast<std::size_t>(i)].type = core::FieldType::Date;
    plan_from_samples(samples, user, std::move(kml), report, plan);
    return plan;
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
    if (user.time.empty() && user.end.empty() && kml.when >= 0 && kml.begin >= 0 && kml.end >= 0 &&
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
    report.time_reason = plan.choice.time.reason;
    report.category_field = name_of(plan.choice.category);
    report.size_field = name_of(plan.choice.size);
    report.geo_precision_field = name_of(plan.choice.geo_precision);
    // A guessed order still lets a later value with a part above 12 decide for itself.
    plan.time_options.order = plan.choice.time.order_guessed ? core::DayMonthOrder::Unknown
                                                             : plan.choice.time.order;
    if (plan.choice.time.order_guessed)
        report.notes.push_back("numeric dates in '" + report.time_field +
                               "' never show a part above 12; read as day/month "
                               "(use --date-order mdy for month/day)");
    if (report.time_field.empty() && !samples.empty() && !samples.front().values.empty())
        report.notes.push_back("no time field found; incidents are undated "
                               "(use --time-field NAME to pick one)");
}

KmlTime kml_time_fields(GDALDataset& ds, OGRLayer& layer, const std::string& path) {
    KmlTime kml;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    kml.when = defn->GetFieldIndex("timestamp");
    kml.begin = defn->GetFieldIndex("begin");
    kml.end = defn->GetFieldIndex("end");
    kml.name = defn->GetFieldIndex("Name");
    auto layers = read_kml_times(path);
    if (layers.size() != static_cast<std::size_t>(ds.GetLayerCount()))
        return kml;
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        if (ds.GetLayer(i) == &layer &&
            static_cast<GIntBig>(layers[static_cast<std::size_t>(i)].size()) ==
                layer.GetFeatureCount(TRUE))
            kml.raw = std::move(layers[static_cast<std::size_t>(i)]);
    return kml;
}

} // namespace incimap::geo
