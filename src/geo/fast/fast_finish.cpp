// fast::finish: a parsed source's rows → the incident table and report (fields chosen from a
// sample, then each feature's time, category, size, precision and attribute row). Loading on
// every core (issue 14): the rows are split at feature boundaries into one part a thread; a
// part other than the first fills its own category dictionary, attribute rows and problem
// list, and the parts are merged in order into what one thread builds (categories in the order
// of first sight, attribute rows numbered on, problems in feature order and the first
// kMaxProblemsKept kept). A part whose own dictionary fills up (more distinct categories than
// an id holds) stops there; the rest of its rows is finished on the calling thread after the
// parts before it are merged, as one thread would have, so the outcome never depends on the
// thread count.

#include "geo/fast/fast_common.hpp"

#include "core/free_memory.hpp"
#include "core/parallel.hpp"
#include "geo/fast/file_rows.hpp"
#include "geo/field_plan.hpp"
#include "geo/incident_row.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace incimap::geo::fast {

namespace {

// A part takes at least this many incidents (a thread costs more than a few rows); a test's
// small ReadOptions::min_bytes_per_thread makes small tables split too.
constexpr std::size_t kMinIncidentsPerPart = 65536;

// What finishing a range of incidents needs, shared by the parts (read only).
struct Job {
    ParsedSource& src;
    const FieldPlan& plan;
    const std::vector<int>& pos_of;
    const ReadOptions& options;
    bool deferred = false;
    std::size_t nf = 0;
};

// One part: incidents [first, last) of src.table, whole features. `table` receives the
// attribute rows, categories and row columns, in incident order (the final table for the
// first part; for the others a table of their own, moved after it by merge_part). Geometry
// problems from src.geometry_problems[next_problem] with features up to the part's last are
// added to `report` before the row problems of the same feature, as one thread does.
struct Part {
    std::size_t first = 0, last = 0;
    std::size_t stopped = 0; // where it stopped: `last`, or earlier when `table` is full
    core::IncidentTable* table = nullptr;
    core::IncidentTable own;
    core::LoadReport* report = nullptr;
    core::LoadReport own_report;
    std::size_t next_problem = 0;
    bool cancelled = false;
};

void problems_through(const Job& job, Part& part, std::int64_t feature) {
    const auto& kept = job.src.geometry_problems;
    while (part.next_problem < kept.size() && kept[part.next_problem].feature <= feature) {
        part.report->add_problem(kept[part.next_problem].feature, kept[part.next_problem].reason);
        ++part.next_problem;
    }
}

// Finishes the part's incidents from part.stopped on; `main_thread`: the calling thread (it
// reports progress); `may_stop`: stop before a feature once part.table's dictionary is full.
void run_part(const Job& job, Part& part, bool main_thread, bool may_stop) {
    const core::IncidentTable& out = job.src.table; // positions and features
    RowArena& rows = job.src.rows;
    std::vector<std::optional<std::string_view>> vals(job.nf);
    const std::size_t begin = part.stopped;
    const std::size_t first_row = begin < part.last ? out.feature_at(begin) : 0;
    std::size_t done_features = 0;
    std::size_t i = begin;
    while (i < part.last) {
        if (may_stop && part.table->categories.size() >= core::kNoCategory)
            break;
        const std::uint32_t feature = out.feature_at(i);
        std::size_t j = i + 1;
        while (j < part.last && out.feature_at(j) == feature)
            ++j;
        problems_through(job, part, feature);
        if ((++done_features & 0xFFF) == 0) {
            if (job.options.cancel && job.options.cancel->load()) {
                part.cancelled = true;
                break;
            }
            // The rows before this one in the part are done (the part's first block may be
            // the previous part's last: kept).
            rows.release_between(first_row, feature);
            // Their pages back now and then (the columns filled meanwhile take as many).
            if (main_thread && (done_features & 0xFFFF) == 0)
                core::give_back_while_reading();
            // The readers report bytes parsed up to 0.9; this step is the rest.
            if (main_thread && job.options.progress)
                job.options.progress(0.9 + 0.1 * static_cast<double>(i - part.first) /
                                               static_cast<double>(part.last - part.first));
        }
        std::fill(vals.begin(), vals.end(), std::nullopt);
        rows.for_each(feature, [&](std::uint32_t field, std::optional<std::string_view> v) {
            if (job.pos_of[field] >= 0)
                vals[static_cast<std::size_t>(job.pos_of[field])] = v;
        });
        std::optional<FileSpan> in_file;
        if (job.deferred) {
            const RowArena::Span span = rows.span(feature);
            in_file = FileSpan{span.offset, span.length};
        }
        // The same row → incident step as the GDAL path's.
        append_row_columns(*part.table, j - i,
                           incident_row(vals, job.plan, feature, *part.table, *part.report, in_file));
        i = j;
    }
    part.stopped = i;
}

// Cuts incidents [0, n) into about `parts` ranges of whole features.
std::vector<std::pair<std::size_t, std::size_t>>
cut_at_features(const core::IncidentTable& table, std::size_t parts) {
    const std::size_t n = table.count();
    std::vector<std::pair<std::size_t, std::size_t>> cuts;
    std::size_t first = 0;
    for (std::size_t p = 1; p <= parts && first < n; ++p) {
        std::size_t last = p == parts ? n : std::max(first + 1, n * p / parts);
        while (last < n && table.feature_at(last) == table.feature_at(last - 1))
            ++last;
        cuts.emplace_back(first, last);
        first = last;
    }
    return cuts;
}

// Adds part `p` (not the first) to the final table and report: attribute rows, categories
// remapped to the final dictionary, problems and counts; then finishes the rest of its rows
// on this thread when it stopped early.
void merge_part(const Job& job, Part& part, Part& main_part) {
    core::IncidentTable& out = job.src.table;
    core::IncidentTable& final_table = *main_part.table;
    const auto attr_base = static_cast<std::uint32_t>(final_table.attributes.row_count());
    std::vector<core::CategoryId> to(part.own.categories.size());
    for (std::size_t c = 0; c < to.size(); ++c)
        to[c] = final_table.intern_category(part.own.categories[c]);
    core::IncidentTable& own_rows = part.own; // the row columns of [first, stopped)
    for (std::size_t k = 0; k < own_rows.attr_row.size(); ++k) {
        own_rows.attr_row[k] += attr_base;
        if (own_rows.category[k] != core::kNoCategory)
            own_rows.category[k] = to[own_rows.category[k]];
    }
    // The part's attribute rows, one per feature, after the final table's.
    core::AttributeStore& rows = final_table.attributes;
    const core::AttributeStore& own = part.own.attributes;
    if (job.deferred) {
        for (std::size_t k = part.first; k < part.stopped; ++k)
            if (k == part.first || out.feature_at(k) != out.feature_at(k - 1)) {
                const RowArena::Span span = job.src.rows.span(out.feature_at(k));
                rows.add_deferred_row(span.offset, span.length);
            }
    } else {
        rows.append_rows(own);
    }
    core::LoadReport& report = *main_part.report;
    for (core::Problem& problem : part.own_report.problems)
        if (report.problems.size() < core::LoadReport::kMaxProblemsKept)
            report.problems.push_back(std::move(problem));
    report.problem_count += part.own_report.problem_count;
    report.repaired_values += part.own_report.repaired_values;
    report.mojibake_unrepaired += part.own_report.mojibake_unrepaired;
    for (std::string& name : part.own_report.mojibake_fields)
        if (std::find(report.mojibake_fields.begin(), report.mojibake_fields.end(), name) ==
            report.mojibake_fields.end())
            report.mojibake_fields.push_back(std::move(name));
    move_row_columns(final_table, part.own); // after those of the parts before it
    part.own = core::IncidentTable{};
    if (part.stopped < part.last && !part.cancelled) {
        // Its dictionary filled up: the rest as one thread does it, into the final table.
        Part rest;
        rest.first = part.first;
        rest.stopped = part.stopped;
        rest.last = part.last;
        rest.table = main_part.table;
        rest.report = main_part.report;
        rest.next_problem = part.next_problem;
        run_part(job, rest, false, false);
        part.cancelled = rest.cancelled;
        part.next_problem = rest.next_problem;
    }
}

} // namespace

void plan_from_rows(const ParsedSource& src, const ReadOptions& options,
                    core::LoadReport& report, std::vector<int>& pos_of, FieldPlan& plan) {
    // The layer's fields in GDAL's order, and a sample of the first features as text.
    const std::size_t nf = src.order.size();
    pos_of.assign(src.fields.size(), -1);
    report.fields.clear();
    for (std::size_t k = 0; k < nf; ++k) {
        pos_of[src.order[k]] = static_cast<int>(k);
        report.fields.push_back(src.fields[src.order[k]]);
    }
    const std::size_t n_sample = std::min<std::size_t>(src.rows.rows(), kSampleFeatures);
    std::vector<core::FieldSample> samples(nf);
    for (std::size_t k = 0; k < nf; ++k) {
        samples[k].name = report.fields[k].name;
        samples[k].type = report.fields[k].type;
        samples[k].values.assign(n_sample, std::string());
    }
    for (std::size_t row = 0; row < n_sample; ++row)
        src.rows.for_each(row, [&](std::uint32_t field, std::optional<std::string_view> v) {
            if (v && pos_of[field] >= 0)
                samples[static_cast<std::size_t>(pos_of[field])].values[row] = std::string(*v);
        });
    plan = FieldPlan{};
    plan.midnight_as_date.assign(nf, false);
    plan_from_samples(samples, options.fields, {}, report, plan);
}

std::optional<std::vector<std::uint32_t>> fields_not_read(const ParsedSource& sample,
                                                          const ReadOptions& options) {
    core::LoadReport report;
    std::vector<int> pos_of;
    FieldPlan plan;
    plan_from_rows(sample, options, report, pos_of, plan);
    if (!plan.choice.errors.empty())
        return std::nullopt;
    const std::vector<bool> read = fields_read_by(plan, report.fields.size());
    std::vector<std::uint32_t> ids;
    for (std::size_t k = 0; k < report.fields.size(); ++k)
        if (!read[k])
            ids.push_back(sample.order[k]);
    return ids;
}

ReadResult finish(ParsedSource& src, const std::string& path, const ReadOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    ReadResult r;
    core::LoadReport& report = r.report;
    report.source = path;
    report.driver = src.driver;
    report.fast = true;
    report.layer = src.layer;
    report.layers = {src.layer};
    report.features = src.features;
    report.skipped = src.skipped;
    report.cancelled = src.cancelled;
    if (!src.refused.empty()) {
        r.error = src.refused;
        return r;
    }
    if (src.cancelled) { // a cancelled load is dropped by its caller
        r.ok = true;
        return r;
    }

    std::vector<int> pos_of;
    FieldPlan plan;
    plan_from_rows(src, options, report, pos_of, plan);
    const std::size_t nf = src.order.size();
    if (!src.dropped_fields.empty()) {
        // Fields chosen with the whole file's fields may read one whose values were dropped.
        const std::vector<bool> read = fields_read_by(plan, nf);
        for (std::size_t k = 0; k < nf; ++k)
            if (read[k] && std::find(src.dropped_fields.begin(), src.dropped_fields.end(),
                                     report.fields[k].name) != src.dropped_fields.end()) {
                src.values_missing = true;
                return r;
            }
    }
    if (!plan.choice.errors.empty()) {
        r.error = path + ": " + plan.choice.errors.front();
        return r;
    }

    core::IncidentTable& table = src.table;
    // The read's own columns as rules where they follow one (no z, a feature an incident,
    // FIDs that count features: 16 bytes an incident) before the row columns take theirs.
    table.compact_columns();
    core::give_back_while_reading();
    // The row columns are written as the rows are read, each part its own, then moved after
    // the first part's in order (written pages only: the read rows give theirs back meanwhile).
    reserve_row_columns(table, table.count());
    table.attributes.set_schema(report.fields);
    const std::size_t n = table.count();
    // Attributes on demand: the rows stay in the file; the table keeps where each one lies.
    const bool deferred = src.decode_row && src.rows.has_spans();
    // The store's rows: each value's bytes and 4 bytes a field (the arena's heads are smaller),
    // with room to spare: a part's values may be longer than the average (later ids, notes),
    // repaired text longer than read, and a reservation short by a byte doubles the store.
    // Room reserved and not written costs no memory (its pages are never touched).
    const std::size_t store_bytes = src.rows.value_bytes() + 4 * report.fields.size() * n;
    const auto with_room = [](std::size_t bytes) { return bytes + bytes / 8 + (std::size_t{1} << 20); };
    if (!deferred)
        table.attributes.reserve(n, with_room(store_bytes));
    else // a row a feature (fewer where features give no incident)
        table.attributes.reserve_deferred(static_cast<std::size_t>(src.features));

    // The parts: one a thread, each of whole features.
    const std::size_t least =
        options.min_bytes_per_thread ? std::max<std::size_t>(1, options.min_bytes_per_thread / 256)
                                     : kMinIncidentsPerPart;
    const std::size_t wanted =
        std::max<std::size_t>(1, std::min<std::size_t>(core::thread_count(options.threads),
                                                       n / least));
    const auto cuts = cut_at_features(table, wanted);
    std::vector<Part> parts(std::max<std::size_t>(1, cuts.size()));
    const Job job{src, plan, pos_of, options, deferred, nf};
    for (std::size_t p = 0; p < parts.size(); ++p) {
        Part& part = parts[p];
        if (p < cuts.size())
            std::tie(part.first, part.last) = cuts[p];
        part.stopped = part.first;
        if (p == 0) {
            part.table = &table;
            part.report = &report;
        } else {
            part.table = &part.own;
            part.own.attributes.set_schema(report.fields);
            // The report's field names (the problems' texts use them), none of its counts.
            part.own_report = report;
            part.own_report.problems.clear();
            part.own_report.problem_count = 0;
            part.own_report.repaired_values = 0;
            part.own_report.mojibake_unrepaired = 0;
            part.own_report.mojibake_fields.clear();
            part.report = &part.own_report;
            // Geometry problems of features after the previous part's last.
            const std::int64_t after = table.feature_at(part.first - 1);
            const auto& kept = src.geometry_problems;
            part.next_problem = static_cast<std::size_t>(
                std::partition_point(kept.begin(), kept.end(),
                                     [&](const core::Problem& q) { return q.feature <= after; }) -
                kept.begin());
            reserve_row_columns(part.own, part.last - part.first);
            if (!deferred)
                part.own.attributes.reserve(part.last - part.first,
                                            with_room(store_bytes / n * (part.last - part.first)));
        }
    }
    core::run_parts(parts.size(), [&](std::size_t p) { run_part(job, parts[p], p == 0, p > 0); });
    for (std::size_t p = 1; p < parts.size() && !parts[0].cancelled; ++p) {
        if (parts[p].cancelled)
            parts[0].cancelled = true;
        else
            merge_part(job, parts[p], parts[0]);
        parts[0].next_problem = parts[p].next_problem;
        parts[0].cancelled = parts[0].cancelled || parts[p].cancelled;
    }
    report.cancelled = parts[0].cancelled;

    if (report.cancelled) {
        table = core::IncidentTable{}; // a cancelled load is dropped by its caller
    } else {
        problems_through(job, parts[0], std::numeric_limits<std::int64_t>::max());
        report.problem_count +=
            src.geometry_problem_count - static_cast<std::int64_t>(src.geometry_problems.size());
        if (options.progress)
            options.progress(1.0);
    }
    src.rows = RowArena{};
    core::give_back_while_reading(); // the rows' blocks, before the scene projects and indexes
    if (deferred && !report.cancelled) {
        std::string why;
        auto reader = FileRowReader::open(path, std::move(src.decode_row), pos_of, src.stamp, why);
        if (!reader) {
            r.error = why;
            return r;
        }
        table.attributes.set_row_reader(repairing_rows(std::move(reader), plan));
        report.notes.push_back("attributes are read from the file when shown (a large file)");
    }
    r.table = std::move(table);
    r.ok = true;
    if (std::getenv("INCIMAP_FAST_READERS_VERBOSE") != nullptr)
        std::fprintf(
            stderr,
            "incimap: fast reader: fields, times and attributes of %zu incidents "
            "in %.3f s (%zu part(s))\n",
            r.table.count(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
            parts.size());
    return r;
}

} // namespace incimap::geo::fast
