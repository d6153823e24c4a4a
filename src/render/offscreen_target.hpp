#pragma once
// A framebuffer to draw into without a window: a 4× multisampled colour buffer resolved
// into a plain one, read back as RGBA8 rows top-down and written as PNG.

#include "render/gl_objects.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace incimap::render {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba; // row-major, top row first

    const std::uint8_t* pixel(int x, int y) const {
        return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(x)) * 4];
    }
};

class OffscreenTarget {
public:
    // width × height pixels; `samples` 0 for no multisampling. An image too large for this
    // GPU (its size limits or its memory) gives "…too large for this GPU; the largest that
    // works is about WxH…", found by trying smaller sizes of the same shape.
    bool create(int width, int height, int samples, std::string& error);
    void bind() const; // binds the framebuffer to draw into and sets the viewport
    Image read();      // resolves and reads back
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    bool allocate(int width, int height, int samples); // false (and nothing kept) when it fails

    int m_width = 0, m_height = 0, m_samples = 0;
    Framebuffer m_draw_fbo, m_resolve_fbo;
    Renderbuffer m_draw_colour, m_resolve_colour;
};

// The PNG file's bytes for `image`.
std::string encode_png(const Image& image);
// Writes `image` as a PNG, plainly (test artifacts; user-facing writes go through
// geo::write_file_atomically). Returns "" or the error.
std::string write_png(const Image& image, const std::string& path);
// Reads a PNG into RGBA8; returns false when it cannot.
bool read_png(const std::string& path, Image& out);

} // namespace incimap::render
