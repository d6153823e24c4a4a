#pragma once
// Loading on every core (issue 14): what the fast readers share to read a file in parts, one
// thread a part, and merge the parts in file order into the ParsedSource one thread would have
// built: features numbered on from the parts before, problems in order, attribute rows with
// their field ids, and the single-thread read's memory-budget checks replayed over the merged
// counts. Anything unusual in a part (a feature the reader declines, one over the size cap, a
// part that does not begin where the one before ended) makes the caller read the whole file
// again on one thread, so the outcome never depends on the thread count.

#include "geo/fast/fast_common.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace incimap::geo::fast {

// The part count for a text of `bytes`: at most the thread count, each part at least
// min_bytes_per_thread (ReadOptions); 1 means "read on this thread as before".
std::size_t part_count(std::size_t bytes, const ReadOptions& options);

// What the parts of one read share while they run.
struct PartsShared {
    std::atomic<bool> stop{false};          // a part failed, or the read was cancelled
    std::atomic<std::uint64_t> bytes{0};    // table bytes built by all parts so far
    std::uint64_t budget = 0;               // the read's memory budget
    const std::atomic<bool>* cancel = nullptr;
    std::atomic<bool> cancelled{false};
    // Adds `delta` table bytes; false (and stop) when all parts together are over the budget:
    // one thread would refuse the file, so the caller reads it on one thread for that message.
    bool add_bytes(std::uint64_t delta);
    // Whether the parts should stop now (a failure elsewhere, or cancel).
    bool should_stop();
};

// A budget check of the single-thread read, as it falls in a part: after `features` of the
// part's features, `done_bytes` of the file read (absolute), with the part's counts then.
struct PartCheck {
    std::size_t done_bytes = 0;
    std::uint64_t incidents = 0, row_bytes = 0;
};

// Appends `parts` in order (features numbered from 0 in each) to `whole`: feature numbers
// (and FIDs when `fid_follows_feature`) shifted by the features before, problems, counts and
// rows; each part is emptied as it goes. The rows' field ids must already be whole's
// (RowArena::remap_fields).
void append_parts(ParsedSource& whole, std::vector<ParsedSource>& parts, bool fid_follows_feature);

// Whether `check` (counts of its part) fits the budget once the parts before it are counted
// (`incidents_before`, `row_bytes_before`): the single-thread read's check at that point.
bool check_fits(const std::string& path, const PartCheck& check, std::uint64_t incidents_before,
                std::uint64_t row_bytes_before, std::size_t total_bytes,
                const ReadOptions& options);

} // namespace incimap::geo::fast
