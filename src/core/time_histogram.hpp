#pragma once
// The timeline's histogram: for each bin of a run of equal bins, how many of the incidents the
// filters leave start in it, by legend group (a category with its own colour, the other
// categories together, no category). Plain data: the scene fills it, the timeline draws it.

#include "core/palette.hpp"
#include "core/time.hpp"

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
// for k < bins. O(min(times in range, bins · log n)).
void count_into_bins(std::span<const UnixMs> sorted, UnixMs first, UnixMs bin, std::size_t bins,
                     std::uint32_t* out, std::size_t stride);

// Adds to out[k · stride] the number of intervals (sorted starts, sorted exclusive ends, one
// each, every end > its start) that began before bin k and still go on at its start: with
// count_into_bins of the starts, each interval is counted in every bin it overlaps.
// O(bins · log n).
void count_carried_into_bins(std::span<const UnixMs> sorted_starts,
                             std::span<const UnixMs> sorted_ends, UnixMs first, UnixMs bin,
                             std::size_t bins, std::uint32_t* out, std::size_t stride);

} // namespace incimap::core
