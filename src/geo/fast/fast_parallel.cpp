#include "geo/fast/fast_parallel.hpp"

#include "geo/read_limits.hpp"

#include "core/load_report.hpp"
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

void append_part(ParsedSource& whole, ParsedSource& part, bool fid_follows_feature) {
    const auto offset = static_cast<std::uint32_t>(whole.features);
    core::IncidentTable& w = whole.table;
    core::IncidentTable& p = part.table;
    const std::size_t at = w.count(), n = p.count();
    w.lon.insert(w.lon.end(), p.lon.begin(), p.lon.end());
    w.lat.insert(w.lat.end(), p.lat.begin(), p.lat.end());
    w.z.insert(w.z.end(), p.z.begin(), p.z.end());
    w.feature_index.resize(at + n);
    w.fid.resize(at + n);
    for (std::size_t i = 0; i < n; ++i) {
        w.feature_index[at + i] = p.feature_index[i] + offset;
        w.fid[at + i] = fid_follows_feature ? p.fid[i] + offset : p.fid[i];
    }
    p = core::IncidentTable{};
    for (core::Problem& problem : part.geometry_problems)
        if (whole.geometry_problems.size() < core::LoadReport::kMaxProblemsKept)
            whole.geometry_problems.push_back({problem.feature + offset, std::move(problem.reason)});
    whole.geometry_problem_count += part.geometry_problem_count;
    whole.features += part.features;
    whole.skipped += part.skipped;
    whole.rows.append(std::move(part.rows));
}

} // namespace

void append_parts(ParsedSource& whole, std::vector<ParsedSource>& parts, bool fid_follows_feature) {
    std::size_t total = whole.table.count();
    for (const ParsedSource& p : parts)
        total += p.table.count();
    core::IncidentTable& w = whole.table;
    w.lon.reserve(total);
    w.lat.reserve(total);
    w.z.reserve(total);
    w.feature_index.reserve(total);
    w.fid.reserve(total);
    for (ParsedSource& p : parts)
        append_part(whole, p, fid_follows_feature);
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
