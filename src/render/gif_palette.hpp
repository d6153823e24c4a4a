#pragma once
// A 256-colour palette for an animated GIF of the map, made from frames of it: the colours
// the frames use most (the basemap's land, water and borders, the category colours, the
// legend), each the mean of the real colours in its 5-5-5 bit bin, so flat areas keep their
// exact colour. Every bin maps to its nearest palette entry through a 32,768-entry table; no
// dithering (a map's flat areas stay flat and the GIF stays small).

#include "render/offscreen_target.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace incimap::render {

class GifPalette {
public:
    // From `samples` (e.g. the first, middle and last frame); none: a uniform 6×7×6 cube.
    void build(std::span<const Image* const> samples);
    // The entries as 0xAARRGGBB (libavcodec's PAL8 layout), alpha 0xFF.
    const std::array<std::uint32_t, 256>& argb() const { return m_argb; }
    std::size_t used() const { return m_used; }
    // Writes `image`'s pixels as palette indices, `stride` bytes a row.
    void map(const Image& image, std::uint8_t* out, std::size_t stride) const;

private:
    std::array<std::uint32_t, 256> m_argb{};
    std::array<std::uint8_t, 32768> m_lut{};
    std::size_t m_used = 0;
};

} // namespace incimap::render
