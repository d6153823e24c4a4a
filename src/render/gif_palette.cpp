#include "render/gif_palette.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace incimap::render {

namespace {

inline std::uint32_t bin_of(const std::uint8_t* p) {
    return (std::uint32_t(p[0] >> 3) << 10) | (std::uint32_t(p[1] >> 3) << 5) | (p[2] >> 3);
}

} // namespace

void GifPalette::build(std::span<const Image* const> samples) {
    struct Bin {
        std::uint64_t count = 0, r = 0, g = 0, b = 0;
    };
    std::vector<Bin> bins(32768);
    for (const Image* image : samples) {
        const std::size_t n = image->rgba.size() / 4;
        const std::uint8_t* p = image->rgba.data();
        for (std::size_t i = 0; i < n; ++i, p += 4) {
            Bin& b = bins[bin_of(p)];
            ++b.count;
            b.r += p[0];
            b.g += p[1];
            b.b += p[2];
        }
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < bins.size(); ++i)
        if (bins[i].count > 0)
            order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return bins[a].count != bins[b].count ? bins[a].count > bins[b].count : a < b;
    });
    std::vector<std::array<int, 3>> colours;
    for (std::size_t k = 0; k < order.size() && colours.size() < 256; ++k) {
        const Bin& b = bins[order[k]];
        colours.push_back({int(b.r / b.count), int(b.g / b.count), int(b.b / b.count)});
    }
    // Spare entries (or no samples): a coarse cube, so colours not seen still map near.
    for (int r = 0; r < 6 && colours.size() < 256; ++r)
        for (int g = 0; g < 7 && colours.size() < 256; ++g)
            for (int b = 0; b < 6 && colours.size() < 256; ++b)
                colours.push_back({r * 51, g * 255 / 6, b * 51});
    m_used = colours.size();
    for (std::size_t i = 0; i < 256; ++i) {
        const auto& c = colours[std::min(i, colours.size() - 1)];
        m_argb[i] = 0xFF000000u | (std::uint32_t(c[0]) << 16) | (std::uint32_t(c[1]) << 8) |
                    std::uint32_t(c[2]);
    }
    for (std::uint32_t bin = 0; bin < 32768; ++bin) {
        // The bin's own colour when it was seen, else its centre.
        int r, g, b;
        if (bins[bin].count > 0) {
            r = int(bins[bin].r / bins[bin].count);
            g = int(bins[bin].g / bins[bin].count);
            b = int(bins[bin].b / bins[bin].count);
        } else {
            r = int(((bin >> 10) & 31) << 3) + 4;
            g = int(((bin >> 5) & 31) << 3) + 4;
            b = int((bin & 31) << 3) + 4;
        }
        int best = 0, best_d = std::numeric_limits<int>::max();
        for (std::size_t i = 0; i < m_used; ++i) {
            const int dr = colours[i][0] - r, dg = colours[i][1] - g, db = colours[i][2] - b;
            const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db; // rough perceptual weights
            if (d < best_d) {
                best_d = d;
                best = int(i);
            }
        }
        m_lut[bin] = static_cast<std::uint8_t>(best);
    }
}

void GifPalette::map(const Image& image, std::uint8_t* out, std::size_t stride) const {
    for (int y = 0; y < image.height; ++y) {
        const std::uint8_t* p = image.pixel(0, y);
        std::uint8_t* row = out + static_cast<std::size_t>(y) * stride;
        for (int x = 0; x < image.width; ++x, p += 4)
            row[x] = m_lut[bin_of(p)];
    }
}

} // namespace incimap::render
