#include "geo/fast/fast_parallel.hpp"

#include "geo/read_limits.hpp"

#include "core/load_report.hpp"
#include "core/free_memory.hpp"
#include "core/parallel.hpp"

#include <algorithm>

namespace incimap::geo::fast {

namespace {
constexpr std::size_t kMinBytesPerThread = std::size_t{8} << 20;
} // namespace

std::size_t part_count(std::size_t bytes, const ReadOptions& options) {
    const std::size_t threads = core::thread_count(options.threads);
    const std::size_t least =
        options.min_bytes_per_thread ? options.min_bytes_per_thread : kMinBytesPerThread;
    return std::max<std::size_t>(1, std::min(threads, bytes / least));
}

bool PartsShared::add_bytes(std::uint64_t delta) {
    if (bytes.fetch_add(delta) + delta > budget) {
        stop = true;
        return false;
    }
    return true;
}

bool PartsShared::should_stop() {
    if (cancel && cancel->load()) {
        cancelled = true;
        stop = true;
    }
    return stop.load();
}

namespace {

// Appends one column of every part to `whole`'s, freeing each part's as it goes, then gives
// the freed pages back: the parts' columns and the whole's are never all held at once (at a
// million incidents the five columns are 32 MiB, and the parts' as much again).
template <class T, class Shift>
void append_column(std::vector<T>& whole, std::vector<ParsedSource>& parts,
                   std::vector<T> core::IncidentTable::*column, Shift&& shift) {
    std::size_t total = whole.size();
    for (const ParsedSource& p : parts)
        total += (p.table.*column).size();
    whole.reserve(total);
    for (std::size_t k = 0; k < parts.size(); ++k) {
        std::vector<T>& from = parts[k].table.*column;
        for (const T& v : from)
            whole.push_back(shift(k, v));
        std::vector<T>().swap(from);
    }
    core::give_back_while_reading();
}

} // namespace

void append_parts(ParsedSource& whole, std::vector<ParsedSource>& parts, bool fid_follows_feature) {
    // The parts' parsers and buffers are gone by now: their pages back first.
    core::give_back_while_reading();
    // Feature numbers (and FIDs that follow them) of part k shift by the features before it.
    std::vector<std::uint32_t> offset(parts.size());
    std::uint32_t features = static_cast<std::uint32_t>(whole.features);
    for (std::size_t k = 0; k < parts.size(); ++k) {
        offset[k] = features;
        features += static_cast<std::uint32_t>(parts[k].features);
    }
    using T = core::IncidentTable;
    core::IncidentTable& w = whole.table;
    const auto same = [](std::size_t, const auto& v) { return v; };
    append_column(w.lon, parts, &T::lon, same);
    append_column(w.lat, parts, &T::lat, same);
    append_column(w.z, parts, &T::z, same);
    append_column(w.feature_index, parts, &T::feature_index,
                  [&](std::size_t k, std::uint32_t f) { return f + offset[k]; });
    append_column(w.fid, parts, &T::fid, [&](std::size_t k, std::int64_t f) {
        return fid_follows_feature ? f + offset[k] : f;
    });
    std::size_t rows = whole.rows.rows();
    bool spans = whole.rows.has_spans();
    for (const ParsedSource& p : parts) {
        rows += p.rows.rows();
        spans = spans || p.rows.has_spans();
    }
    whole.rows.reserve_rows(rows, spans);
    for (std::size_t k = 0; k < parts.size(); ++k) {
        ParsedSource& part = parts[k];
        part.table = core::IncidentTable{};
        for (core::Problem& problem : part.geometry_problems)
            if (whole.geometry_problems.size() < core::LoadReport::kMaxProblemsKept)
                whole.geometry_problems.push_back(
                    {problem.feature + offset[k], std::move(problem.reason)});
        whole.geometry_problem_count += part.geometry_problem_count;
        whole.features += part.features;
        whole.skipped += part.skipped;
        whole.rows.append(std::move(part.rows));
        core::give_back_while_reading(); // the part's row list and spans, copied into whole's
    }
}

bool check_fits(const std::string& path, const PartCheck& check, std::uint64_t incidents_before,
                std::uint64_t row_bytes_before, std::size_t total_bytes,
                const ReadOptions& options) {
    const TableSize size{incidents_before + check.incidents, row_bytes_before + check.row_bytes};
    return check_progress(path, size, static_cast<double>(check.done_bytes),
                          static_cast<double>(total_bytes),
                          memory_budget(options.memory_budget_bytes))
        .empty();
}

} // namespace incimap::geo::fast
