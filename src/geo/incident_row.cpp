#include "geo/incident_row.hpp"

#include "geo/feature_values.hpp"
#include "geo/text_encoding.hpp"

#include <algorithm>
#include <string>
#include <vector>
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
                time.utc,
                time.precision_codes};
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

// The field of an unrepaired mojibake value, named once in the report.
void note_mojibake_field(core::LoadReport& report, std::size_t field) {
    if (field >= report.fields.size())
        return;
    const std::string& name = report.fields[field].name;
    if (std::find(report.mojibake_fields.begin(), report.mojibake_fields.end(), name) ==
        report.mojibake_fields.end())
        report.mojibake_fields.push_back(name);
}

} // namespace

core::IncidentTable::Incident incident_row(RowValues row, const FieldPlan& plan,
                                           std::int64_t feature, core::IncidentTable& table,
                                           core::LoadReport& report,
                                           std::optional<FileSpan> in_file) {
    // Double-encoded text repaired where lossless (the columns plan_fields found it in), and
    // counted; a row left in the file is repaired again when read back (repairing_rows), so
    // the time and category read here, and the count, are the same either way.
    thread_local std::vector<std::optional<std::string_view>> repaired_row;
    thread_local std::vector<std::string> repaired_text;
    if (std::find(plan.repair_text.begin(), plan.repair_text.end(), true) !=
                        plan.repair_text.end()) {
        repaired_row.assign(row.begin(), row.end());
        repaired_text.resize(row.size());
        for (std::size_t i = 0; i < row.size() && i < plan.repair_text.size(); ++i) {
            if (!plan.repair_text[i] || !row[i] || row[i]->size() <= 1)
                continue;
            if (auto fixed = repair_double_utf8(*row[i])) {
                repaired_text[i] = std::move(*fixed);
                repaired_row[i] = repaired_text[i];
                ++report.repaired_values;
            } else if (looks_double_utf8(*row[i])) {
                // Mojibake that would not come back whole: flagged, shown as written.
                ++report.mojibake_unrepaired;
                note_mojibake_field(report, i);
            }
        }
        row = repaired_row;
    }
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

namespace {

class RepairingRows final : public core::RowReader {
public:
    RepairingRows(std::shared_ptr<const core::RowReader> rows, std::vector<bool> repair)
        : m_rows(std::move(rows)), m_repair(std::move(repair)) {}
    std::string_view bytes(std::uint64_t offset, std::uint32_t length) const override {
        return m_rows->bytes(offset, length);
    }
    bool decode(std::string_view bytes,
                std::vector<std::optional<std::string>>& values) const override {
        if (!m_rows->decode(bytes, values))
            return false;
        for (std::size_t i = 0; i < values.size() && i < m_repair.size(); ++i)
            if (m_repair[i] && values[i] && values[i]->size() > 1)
                if (auto fixed = repair_double_utf8(*values[i]))
                    values[i] = std::move(*fixed);
        return true;
    }

private:
    std::shared_ptr<const core::RowReader> m_rows;
    std::vector<bool> m_repair;
};

} // namespace

std::shared_ptr<const core::RowReader> repairing_rows(std::shared_ptr<const core::RowReader> reader,
                                                      const FieldPlan& plan) {
    if (std::find(plan.repair_text.begin(), plan.repair_text.end(), true) ==
        plan.repair_text.end())
        return reader;
    return std::make_shared<RepairingRows>(std::move(reader), plan.repair_text);
}

void reserve_row_columns(core::IncidentTable& t, std::size_t n) {
    t.t_start.reserve(n);
    t.t_end.reserve(n);
    t.t_precision.reserve(n);
    t.t_zone.reserve(n);
    t.category.reserve(n);
    t.size.reserve(n);
    t.geo_precision.reserve(n);
    t.attr_row.reserve(n);
}

void append_row_columns(core::IncidentTable& t, std::size_t count,
                        const core::IncidentTable::Incident& in) {
    if (count == 1) { // a feature an incident, nearly always: push_back's inlined path
        t.t_start.push_back(in.time.start_ms);
        t.t_end.push_back(in.time.end_ms);
        t.t_precision.push_back(in.time.precision);
        t.t_zone.push_back(in.time.zone);
        t.category.push_back(in.category);
        t.size.push_back(in.size);
        t.geo_precision.push_back(in.geo_precision);
        t.attr_row.push_back(in.attr_row);
        return;
    }
    t.t_start.insert(t.t_start.end(), count, in.time.start_ms);
    t.t_end.insert(t.t_end.end(), count, in.time.end_ms);
    t.t_precision.insert(t.t_precision.end(), count, in.time.precision);
    t.t_zone.insert(t.t_zone.end(), count, in.time.zone);
    t.category.insert(t.category.end(), count, in.category);
    t.size.insert(t.size.end(), count, in.size);
    t.geo_precision.insert(t.geo_precision.end(), count, in.geo_precision);
    t.attr_row.insert(t.attr_row.end(), count, in.attr_row);
}

namespace {
template <class T> void move_column(std::vector<T>& to, std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
    std::vector<T>().swap(from);
}
} // namespace

void move_row_columns(core::IncidentTable& to, core::IncidentTable& from) {
    move_column(to.t_start, from.t_start);
    move_column(to.t_end, from.t_end);
    move_column(to.t_precision, from.t_precision);
    move_column(to.t_zone, from.t_zone);
    move_column(to.category, from.category);
    move_column(to.size, from.size);
    move_column(to.geo_precision, from.geo_precision);
    move_column(to.attr_row, from.attr_row);
}

} // namespace incimap::geo
