#pragma once
// The timeline's histogram: for each bin of a run of equal bins, how many of the incidents the
// filters leave start in it, by legend group (a category with its own colour, the other
// categories together, no category). Plain data: the scene fills it, the timeline draws it.

#include "core/palette.hpp"
#include "core/time.hpp"

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace incimap::core {

struct TimeHistogram {
    struct Group {
        std::string label;
        Rgba8 colour;
    };
    UnixMs first = 0;                  // the first bin's start
    UnixMs bin = 0;                    // every bin's length
    std::size_t bins = 0;
    std::vector<Group> groups;         // in the legend's order
    std::vector<std::uint32_t> counts; // bins × groups, one bin after the other
    std::size_t undated = 0;           // incidents the filters leave that have no time
    // Incidents with an end of their own (core/time_span.hpp) among them: each is counted in
    // every bin it overlaps, not only where it starts.
    std::size_t spanning = 0;

    std::uint32_t at(std::size_t b, std::size_t g) const { return counts[b * groups.size() + g]; }
    std::size_t total(std::size_t b) const;
    std::size_t peak() const; // the largest total of a bin (at least 1)
};

// A bin width for a histogram of `span_ms` over `width_px`, from a ladder of calendar-ish
// units (1 h, 6 h, 1 d, 7 d, 30 d, 365 d), the smallest giving bins of at least `min_px`.
UnixMs histogram_bin_ms(UnixMs span_ms, double width_px, double min_px = 4.0);

// Adds to out[k · stride] the number of `sorted` times in [first + k·bin, first + (k+1)·bin)
// for k < bins. O(min(times in range, bins · log n)). `sorted`: any sorted random-access
// range of UnixMs (a vector, a span, a core::SortedTimes).
template <class Sorted>
void count_into_bins(const Sorted& sorted, UnixMs first, UnixMs bin, std::size_t bins,
                     std::uint32_t* out, std::size_t stride) {
    if (bins == 0 || bin <= 0 || sorted.empty())
        return;
    const UnixMs last = first + bin * static_cast<UnixMs>(bins);
    const auto begin = std::lower_bound(sorted.begin(), sorted.end(), first);
    const auto end = std::lower_bound(begin, sorted.end(), last);
    const auto in_range = static_cast<std::size_t>(end - begin);
    if (in_range <= bins * 16) { // few: walk them
        for (auto it = begin; it != end; ++it)
            out[static_cast<std::size_t>((*it - first) / bin) * stride] += 1;
        return;
    }
    auto it = begin; // many: two binary searches a bin
    for (std::size_t k = 0; k < bins; ++k) {
        const auto next = std::lower_bound(it, end, first + bin * static_cast<UnixMs>(k + 1));
        out[k * stride] += static_cast<std::uint32_t>(next - it);
        it = next;
    }
}

// Adds to out[k · stride] the number of intervals (sorted starts, sorted exclusive ends, one
// each, every end > its start) that began before bin k and still go on at its start: with
// count_into_bins of the starts, each interval is counted in every bin it overlaps.
// O(bins · log n).
void count_carried_into_bins(std::span<const UnixMs> sorted_starts,
                             std::span<const UnixMs> sorted_ends, UnixMs first, UnixMs bin,
                             std::size_t bins, std::uint32_t* out, std::size_t stride);

} // namespace incimap::core
