#include "render/font_atlas.hpp"

#include <stb_rect_pack.h>
#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace incimap::render {

namespace {

constexpr int kAtlasSize = 2048; // room for ~1,000 glyphs at each of a few sizes

// Code point ranges baked for every size.
struct Range {
    std::uint32_t first, last;
};
constexpr Range kRanges[] = {
    {0x20, 0x7E},     // ASCII
    {0xA0, 0x24F},    // Latin-1, Latin Extended-A and -B (ā, ū, ş, ı, ğ, …)
    {0x2BB, 0x2BC},   // modifier letters used in transliteration (ʻ ʼ)
    {0x300, 0x36F},   // combining diacritics (Z̄, ḏ written as letter + mark)
    {0x370, 0x3FF},   // Greek
    {0x400, 0x45F},   // Cyrillic
    {0x1E00, 0x1EFF}, // Latin Extended Additional (ḥ, ṣ, ṭ in transliterated Arabic)
    {0x2010, 0x2027}, // dashes, quotes, bullet, ellipsis
    {0x2030, 0x2033}, // per mille, primes (33°47′08″)
    {0x2190, 0x2193}, // arrows
    {0x2212, 0x2212}, // minus sign
    {0x221D, 0x221D}, // ∝ (proportional to)
    {0x25A1, 0x25A1}, // □ for missing glyphs
};

} // namespace

struct FontAtlas::Impl {
    std::vector<unsigned char> ttf;
    std::vector<unsigned char> pixels; // kAtlasSize² coverage
    // per size: per range: packed chars
    std::vector<std::vector<std::vector<stbtt_packedchar>>> packed;
    std::vector<float> ascent;
    int white_x = 0, white_y = 0;
};

FontAtlas::FontAtlas() : m_impl(std::make_unique<Impl>()) {}
FontAtlas::~FontAtlas() = default;
FontAtlas::FontAtlas(FontAtlas&&) noexcept = default;
FontAtlas& FontAtlas::operator=(FontAtlas&&) noexcept = default;

std::string FontAtlas::default_font_file() {
    if (const char* env = std::getenv("INCIMAP_FONT"); env && *env)
        return env;
    for (const char* candidate : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"})
        if (std::filesystem::exists(candidate))
            return candidate;
    return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

bool FontAtlas::load(const std::string& font_file, std::vector<float> sizes_px,
                     std::string& error) {
    std::ifstream in(font_file, std::ios::binary);
    if (!in) {
        error = "cannot read the font " + font_file + " (install fonts-dejavu-core)";
        return false;
    }
    Impl& d = *m_impl;
    d.ttf.assign(std::istreambuf_iterator<char>(in), {});
    stbtt_fontinfo info;
    if (stbtt_InitFont(&info, d.ttf.data(), stbtt_GetFontOffsetForIndex(d.ttf.data(), 0)) == 0) {
        error = font_file + " is not a TrueType font";
        return false;
    }
    m_sizes = std::move(sizes_px);
    d.pixels.assign(static_cast<std::size_t>(kAtlasSize) * kAtlasSize, 0);
    stbtt_pack_context pc;
    if (stbtt_PackBegin(&pc, d.pixels.data(), kAtlasSize, kAtlasSize, 0, 1, nullptr) == 0) {
        error = "cannot start packing the font atlas";
        return false;
    }
    stbtt_PackSetOversampling(&pc, 2, 1);
    d.packed.clear();
    d.ascent.clear();
    for (float size : m_sizes) {
        std::vector<std::vector<stbtt_packedchar>> per_range;
        std::vector<stbtt_pack_range> ranges;
        for (const Range& r : kRanges)
            per_range.emplace_back(r.last - r.first + 1);
        for (std::size_t k = 0; k < std::size(kRanges); ++k) {
            stbtt_pack_range pr{};
            pr.font_size = size;
            pr.first_unicode_codepoint_in_range = static_cast<int>(kRanges[k].first);
            pr.num_chars = static_cast<int>(kRanges[k].last - kRanges[k].first + 1);
            pr.chardata_for_range = per_range[k].data();
            ranges.push_back(pr);
        }
        if (stbtt_PackFontRanges(&pc, d.ttf.data(), 0, ranges.data(),
                                 static_cast<int>(ranges.size())) == 0) {
            stbtt_PackEnd(&pc);
            error = "the font atlas is too small for the requested sizes";
            return false;
        }
        int ascent = 0, descent = 0, gap = 0;
        stbtt_GetFontVMetrics(&info, &ascent, &descent, &gap);
        d.ascent.push_back(static_cast<float>(ascent) * stbtt_ScaleForPixelHeight(&info, size));
        d.packed.push_back(std::move(per_range));
    }
    stbtt_PackEnd(&pc);
    // A fully covered 2×2 block in the last corner for solid shapes.
    d.white_x = kAtlasSize - 2;
    d.white_y = kAtlasSize - 2;
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 2; ++x)
            d.pixels[static_cast<std::size_t>(d.white_y + y) * kAtlasSize +
                     static_cast<std::size_t>(d.white_x + x)] = 255;
    return true;
}

void FontAtlas::upload() {
    m_texture = make_texture();
    glBindTexture(GL_TEXTURE_2D, m_texture.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, kAtlasSize, kAtlasSize, 0, GL_RED, GL_UNSIGNED_BYTE,
                 m_impl->pixels.data());
    // The texture holds them now: the 4 MiB copy goes (issue 14, memory).
    std::vector<unsigned char>().swap(m_impl->pixels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

std::size_t FontAtlas::size_index(float size_px) const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < m_sizes.size(); ++i)
        if (std::abs(m_sizes[i] - size_px) < std::abs(m_sizes[best] - size_px))
            best = i;
    return best;
}

float FontAtlas::ascent(std::size_t index) const { return m_impl->ascent[index]; }

void FontAtlas::white_uv(float& u, float& v) const {
    u = (static_cast<float>(m_impl->white_x) + 1.0f) / kAtlasSize;
    v = (static_cast<float>(m_impl->white_y) + 1.0f) / kAtlasSize;
}

bool FontAtlas::glyph(std::uint32_t cp, std::size_t index, float& x, float y, GlyphQuad& q) const {
    const Impl& d = *m_impl;
    if (index >= d.packed.size())
        return false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (std::size_t k = 0; k < std::size(kRanges); ++k) {
            if (cp < kRanges[k].first || cp > kRanges[k].last)
                continue;
            stbtt_aligned_quad aq;
            float yy = y;
            stbtt_GetPackedQuad(d.packed[index][k].data(), kAtlasSize, kAtlasSize,
                                static_cast<int>(cp - kRanges[k].first), &x, &yy, &aq, 0);
            q = {aq.x0, aq.y0, aq.x1, aq.y1, aq.s0, aq.t0, aq.s1, aq.t1};
            return true;
        }
        if (cp < 0x20)
            return false; // control characters take no space
        cp = 0x25A1;      // not in the atlas: a visible box
    }
    return false;
}

float FontAtlas::measure(std::string_view text, std::size_t index) const {
    float x = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        GlyphQuad q{};
        glyph(next_codepoint(text, i), index, x, 0, q);
    }
    return x;
}

std::uint32_t next_codepoint(std::string_view s, std::size_t& i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size())
            return -1;
        const auto c = static_cast<unsigned char>(s[i + k]);
        return (c & 0xC0) == 0x80 ? (c & 0x3F) : -1;
    };
    if (c0 < 0x80) {
        ++i;
        return c0;
    }
    int n = (c0 & 0xE0) == 0xC0 ? 2 : (c0 & 0xF0) == 0xE0 ? 3 : (c0 & 0xF8) == 0xF0 ? 4 : 0;
    std::uint32_t cp = n == 2 ? (c0 & 0x1F) : n == 3 ? (c0 & 0x0F) : (c0 & 0x07);
    for (int k = 1; k < n; ++k) {
        const int c = cont(static_cast<std::size_t>(k));
        if (c < 0) {
            n = 0;
            break;
        }
        cp = (cp << 6) | static_cast<std::uint32_t>(c);
    }
    if (n == 0) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(n);
    return cp;
}

} // namespace incimap::render
