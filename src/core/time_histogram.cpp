#include "core/time_histogram.hpp"

#include <algorithm>

namespace incimap::core {

std::size_t TimeHistogram::total(std::size_t b) const {
    std::size_t n = 0;
    for (std::size_t g = 0; g < groups.size(); ++g)
        n += at(b, g);
    return n;
}

std::size_t TimeHistogram::peak() const {
    std::size_t p = 1;
    for (std::size_t b = 0; b < bins; ++b)
        p = std::max(p, total(b));
    return p;
}

void count_carried_into_bins(std::span<const UnixMs> sorted_starts,
                             std::span<const UnixMs> sorted_ends, UnixMs first, UnixMs bin,
                             std::size_t bins, std::uint32_t* out, std::size_t stride) {
    if (bins == 0 || bin <= 0 || sorted_starts.empty())
        return;
    for (std::size_t k = 0; k < bins; ++k) {
        const UnixMs at = first + bin * static_cast<UnixMs>(k);
        // Begun before `at`, minus over by `at` (an end ≤ at had its start before it).
        const auto begun = std::lower_bound(sorted_starts.begin(), sorted_starts.end(), at) -
                           sorted_starts.begin();
        const auto over =
            std::upper_bound(sorted_ends.begin(), sorted_ends.end(), at) - sorted_ends.begin();
        if (begun > over)
            out[k * stride] += static_cast<std::uint32_t>(begun - over);
    }
}

UnixMs histogram_bin_ms(UnixMs span_ms, double width_px, double min_px) {
    static constexpr UnixMs k_ladder[] = {kMsPerHour,     6 * kMsPerHour,  kMsPerDay,
                                          7 * kMsPerDay,  30 * kMsPerDay,  365 * kMsPerDay};
    for (UnixMs bin : k_ladder) {
        const double bins = static_cast<double>(span_ms) / static_cast<double>(bin);
        if (bins <= 0 || width_px / bins >= min_px)
            return bin;
    }
    return 365 * kMsPerDay;
}

} // namespace incimap::core
