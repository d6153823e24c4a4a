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

void count_into_bins(std::span<const UnixMs> sorted, UnixMs first, UnixMs bin, std::size_t bins,
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

} // namespace incimap::core
