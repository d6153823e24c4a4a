#pragma once
// Text for labels and overlays: a TrueType font (Debian's DejaVu Sans by default) baked with
// stb_truetype into one single-channel atlas texture at the sizes the map uses. Covers Latin
// with its diacritics (Al Fallūjah, Şanlıurfa), Greek, Cyrillic and common punctuation;
// a code point outside the atlas is drawn as a small box, never dropped silently.

#include "render/gl_objects.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::render {

struct GlyphQuad {
    float x0, y0, x1, y1; // px, relative to the pen (y down)
    float u0, v0, u1, v1;
};

class FontAtlas {
public:
    FontAtlas();
    ~FontAtlas();
    FontAtlas(FontAtlas&&) noexcept;
    FontAtlas& operator=(FontAtlas&&) noexcept;

    // Bakes `font_file` at `sizes_px` (ascending). Needs a current GL context for upload().
    bool load(const std::string& font_file, std::vector<float> sizes_px, std::string& error);
    void upload(); // creates the texture and drops the CPU copy (load() again to re-upload)
    GLuint texture() const { return m_texture.get(); }

    // The baked size nearest to `size_px` (index into sizes).
    std::size_t size_index(float size_px) const;
    float size(std::size_t index) const { return m_sizes[index]; }
    float ascent(std::size_t index) const;
    // Width of `text` in px at size `index`.
    float measure(std::string_view text, std::size_t index) const;
    // Calls emit(quad) for each glyph of `text` set at pen (x, baseline y).
    template <typename Emit>
    void layout(std::string_view text, std::size_t index, float x, float y, Emit&& emit) const;
    // The atlas texel that is fully covered, for solid rectangles.
    void white_uv(float& u, float& v) const;

    // The system font to use: $INCIMAP_FONT, else the first of DejaVu/Noto that exists.
    static std::string default_font_file();

private:
    bool glyph(std::uint32_t codepoint, std::size_t index, float& x, float y, GlyphQuad& q) const;

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::vector<float> m_sizes;
    Texture m_texture;
};

// Decodes the next UTF-8 code point of `s` at `i` (advancing i); U+FFFD for a bad byte.
std::uint32_t next_codepoint(std::string_view s, std::size_t& i);

template <typename Emit>
void FontAtlas::layout(std::string_view text, std::size_t index, float x, float y,
                       Emit&& emit) const {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::uint32_t cp = next_codepoint(text, i);
        GlyphQuad q{};
        if (glyph(cp, index, x, y, q))
            emit(q);
    }
}

} // namespace incimap::render
