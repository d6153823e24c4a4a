#include "geo/incident_row.hpp"

#include "geo/feature_values.hpp"

#include <limits>

namespace incimap::geo {

namespace {

std::string_view text_of(RowValues row, int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= row.size() || !row[static_cast<std::size_t>(i)])
        return {};
    return *row[static_cast<std::size_t>(i)];
}

// The texts the time is read from: the chosen fields, or KML's elements as written.
TimeTexts time_texts(RowValues row, const FieldPlan& plan, std::string_view time_field) {
    const auto& time = plan.choice.time;
    TimeTexts t{text_of(row, time.start),
                text_of(row, time.end),
                text_of(row, time.precision),
                time_field,
                plan.start_days,
                plan.end_days,
                text_of(row, time.time_of_day),
                time.time_of_day >= 0 ? std::string_view(plan.time_of_day_field)
                                      : std::string_view{},
                time.utc};
    if (plan.kml.rule) {
        // A TimeStamp is an instant (of its precision); else the TimeSpan, where an open span
        // is its one known end.
        const std::string_view when = text_of(row, plan.kml.when);
        const std::string_view begin = text_of(row, plan.kml.begin);
        const std::string_view end = text_of(row, plan.kml.end);
        t.start = !when.empty() ? when : !begin.empty() ? begin : end;
        t.end = !when.empty() || begin.empty() ? std::string_view{} : end;
        t.start_field = !when.empty() ? "timestamp" : !begin.empty() ? "begin" : "end";
    }
    return t;
}

} // namespace

core::IncidentTable::Incident incident_row(RowValues row, const FieldPlan& plan,
                                           std::int64_t feature, core::IncidentTable& table,
                                           core::LoadReport& report,
                                           std::optional<FileSpan> in_file) {
    core::IncidentTable::Incident in;
    in.attr_row = static_cast<std::uint32_t>(table.attributes.row_count());
    if (in_file) {
        table.attributes.add_deferred_row(in_file->offset, in_file->length);
    } else {
        table.attributes.begin_row();
        for (const auto& v : row)
            table.attributes.add(v);
        table.attributes.end_row();
    }

    const auto& choice = plan.choice;
    if (choice.time.start >= 0)
        in.time = incident_time(time_texts(row, plan, report.time_field), plan.time_options,
                                feature, report);
    if (choice.category >= 0) {
        const std::string_view c = text_of(row, choice.category);
        if (!c.empty()) {
            // A known schema's code is shown as its label (UCDP's 1 is "state-based").
            const std::string_view label = choice.category_codes
                                               ? core::label_of(*choice.category_codes, c)
                                               : std::string_view{};
            in.category = table.intern_category(label.empty() ? c : label);
        }
    }
    if (choice.size >= 0)
        in.size = incident_size(text_of(row, choice.size), report.size_field, feature, report);
    if (choice.geo_precision >= 0)
        in.geo_precision = geo_precision_from(text_of(row, choice.geo_precision));
    return in;
}

void size_row_columns(core::IncidentTable& t) {
    const std::size_t n = t.count();
    t.t_start.assign(n, 0);
    t.t_end.assign(n, 0);
    t.t_precision.assign(n, core::TimePrecision::None);
    t.t_zone.assign(n, core::ZoneKind::Floating);
    t.category.assign(n, core::kNoCategory);
    t.size.assign(n, std::numeric_limits<float>::quiet_NaN());
    t.geo_precision.assign(n, core::GeoPrecision::Unknown);
    t.attr_row.assign(n, 0);
}

void set_row_columns(core::IncidentTable& t, std::size_t first, std::size_t last,
                     const core::IncidentTable::Incident& in) {
    for (std::size_t k = first; k < last; ++k) {
        t.t_start[k] = in.time.start_ms;
        t.t_end[k] = in.time.end_ms;
        t.t_precision[k] = in.time.precision;
        t.t_zone[k] = in.time.zone;
        t.category[k] = in.category;
        t.size[k] = in.size;
        t.geo_precision[k] = in.geo_precision;
        t.attr_row[k] = in.attr_row;
    }
}

} // namespace incimap::geo
