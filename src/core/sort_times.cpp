#include "core/sort_times.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace incimap::core {
namespace {

constexpr std::size_t kSmall = 2048;         // below this std::sort is as quick
constexpr std::size_t kMaxDistinct = 32768;  // the table (2× this) stays in the cache
constexpr UnixMs kEmpty = std::numeric_limits<UnixMs>::min(); // a slot nobody took

// Counts the distinct values of `times` into `out` (unsorted); false as soon as there are
// more than `cap` of them.
bool count_distinct(const std::vector<UnixMs>& times, std::size_t cap,
                    std::vector<std::pair<UnixMs, std::size_t>>& out) {
    int bits = 1;
    while ((std::size_t{1} << bits) < 2 * cap)
        ++bits;
    const std::size_t mask = (std::size_t{1} << bits) - 1;
    std::vector<UnixMs> keys(mask + 1, kEmpty);
    std::vector<std::size_t> counts(mask + 1, 0);
    std::size_t distinct = 0, empties = 0; // `empties`: values equal to kEmpty itself
    for (const UnixMs t : times) {
        if (t == kEmpty) {
            ++empties;
            continue;
        }
        std::size_t h = static_cast<std::size_t>(static_cast<std::uint64_t>(t) *
                                                 0x9E3779B97F4A7C15ull >> (64 - bits));
        while (keys[h] != kEmpty && keys[h] != t)
            h = (h + 1) & mask;
        if (keys[h] == kEmpty) {
            if (++distinct > cap)
                return false;
            keys[h] = t;
        }
        ++counts[h];
    }
    out.clear();
    if (empties > 0)
        out.emplace_back(kEmpty, empties);
    for (std::size_t h = 0; h <= mask; ++h)
        if (keys[h] != kEmpty)
            out.emplace_back(keys[h], counts[h]);
    return true;
}

} // namespace

void sort_times(std::vector<UnixMs>& times) {
    if (times.size() < kSmall) {
        std::sort(times.begin(), times.end());
        return;
    }
    if (std::is_sorted(times.begin(), times.end()))
        return;
    std::vector<std::pair<UnixMs, std::size_t>> distinct;
    if (!count_distinct(times, std::min(kMaxDistinct, times.size() / 8), distinct)) {
        std::sort(times.begin(), times.end());
        return;
    }
    std::sort(distinct.begin(), distinct.end());
    auto out = times.begin();
    for (const auto& [t, n] : distinct)
        out = std::fill_n(out, n, t);
}

} // namespace incimap::core
