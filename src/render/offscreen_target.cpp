#include "render/offscreen_target.hpp"

#include <png.h>
#include <zlib.h>
#include <stb_image.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace incimap::render {

namespace {

// The largest side a framebuffer may have here: the least of the renderbuffer, texture and
// viewport limits.
int largest_side() {
    GLint renderbuffer = 0, texture = 0;
    GLint viewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &texture);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
    int side = renderbuffer;
    for (const GLint limit : {texture, viewport[0], viewport[1]})
        if (limit > 0)
            side = std::min(side, static_cast<int>(limit));
    return side;
}

std::string size_text(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

} // namespace

bool OffscreenTarget::allocate(int width, int height, int samples) {
    while (glGetError() != GL_NO_ERROR) {
    }
    m_width = width;
    m_height = height;
    m_samples = samples;
    m_draw_fbo = {};
    m_draw_colour = {};
    m_resolve_colour = make_renderbuffer();
    glBindRenderbuffer(GL_RENDERBUFFER, m_resolve_colour.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    m_resolve_fbo = make_framebuffer();
    glBindFramebuffer(GL_FRAMEBUFFER, m_resolve_fbo.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              m_resolve_colour.get());
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (ok && samples > 0) {
        m_draw_colour = make_renderbuffer();
        glBindRenderbuffer(GL_RENDERBUFFER, m_draw_colour.get());
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
        m_draw_fbo = make_framebuffer();
        glBindFramebuffer(GL_FRAMEBUFFER, m_draw_fbo.get());
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                  m_draw_colour.get());
        ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    }
    // The driver may accept the storage and say GL_OUT_OF_MEMORY only now.
    ok = glGetError() == GL_NO_ERROR && ok;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (!ok) {
        m_draw_fbo = {};
        m_draw_colour = {};
        m_resolve_fbo = {};
        m_resolve_colour = {};
    }
    return ok;
}

bool OffscreenTarget::create(int width, int height, int samples, std::string& error) {
    if (width <= 0 || height <= 0) {
        error = "image size " + size_text(width, height) + " must be at least 1x1";
        return false;
    }
    const int side = largest_side();
    if (width <= side && height <= side && allocate(width, height, samples))
        return true;
    // Too large for this GPU (its size limits, or its memory): the largest of the same shape
    // that works, found by trying smaller ones (each side / sqrt(2), about half the pixels).
    const double fit = std::min({1.0, static_cast<double>(side) / width,
                                 static_cast<double>(side) / height});
    double w = std::floor(width * fit), h = std::floor(height * fit);
    auto smaller = [](double length) { return std::round(length / std::sqrt(2.0)); };
    if (w >= width && h >= height) { // the size was within the limits: its memory failed
        w = smaller(w);
        h = smaller(h);
    }
    std::string largest;
    for (; w >= 1 && h >= 1; w = smaller(w), h = smaller(h))
        if (allocate(static_cast<int>(w), static_cast<int>(h), samples)) {
            largest = size_text(static_cast<int>(w), static_cast<int>(h));
            break;
        }
    *this = OffscreenTarget{};
    error = "image " + size_text(width, height) + " is too large for this GPU; the largest " +
            (largest.empty() ? std::string("that works could not be found (the GPU is out of "
                                           "memory?)")
                             : "that works is about " + largest + ": use --size " + largest +
                                   " or smaller");
    return false;
}

void OffscreenTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, m_samples > 0 ? m_draw_fbo.get() : m_resolve_fbo.get());
    glViewport(0, 0, m_width, m_height);
}

Image OffscreenTarget::read() {
    if (m_samples > 0) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m_draw_fbo.get());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolve_fbo.get());
        glBlitFramebuffer(0, 0, m_width, m_height, 0, 0, m_width, m_height, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolve_fbo.get());
    Image img;
    img.width = m_width;
    img.height = m_height;
    img.rgba.resize(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    // GL's rows run bottom-up; images run top-down.
    const std::size_t row = static_cast<std::size_t>(m_width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < m_height / 2; ++y) {
        std::uint8_t* a = img.rgba.data() + static_cast<std::size_t>(y) * row;
        std::uint8_t* b = img.rgba.data() + static_cast<std::size_t>(m_height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return img;
}

namespace {

void append_png_bytes(png_structp png, png_bytep data, png_size_t size) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), size);
}

// libpng reports an error by longjmp back here: nothing with a destructor lives in this frame.
bool encode_with_libpng(const Image& image, png_bytep* rows, std::string* out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (png == nullptr)
        return false;
    png_infop info = png_create_info_struct(png);
    if (info == nullptr || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info != nullptr ? &info : nullptr);
        return false;
    }
    png_set_write_fn(png, out, append_png_bytes, nullptr);
    // Run-length deflate over rows filtered "sub" or "up", whichever libpng finds smaller: a
    // map is runs of flat colour. At 1280 x 800 the 1M-incident map took 0.035 s (1.77 MB) and
    // the sample's 0.015 s (207 kB), against 0.095 s (1.88 MB) and 0.029 s (205 kB) with zlib
    // level 3 and all five filters, which had replaced stb_image_write's level 6 at 0.2 s
    // (issue 14: `render`'s first map; docs/PERFORMANCE.md).
    png_set_compression_strategy(png, Z_RLE);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

} // namespace

std::string encode_png(const Image& image) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() < static_cast<std::size_t>(image.width) *
                                static_cast<std::size_t>(image.height) * 4)
        return {};
    std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
    auto* pixels = const_cast<png_bytep>(image.rgba.data()); // libpng only reads them
    for (std::size_t y = 0; y < rows.size(); ++y)
        rows[y] = pixels + y * static_cast<std::size_t>(image.width) * 4;
    std::string bytes;
    if (!encode_with_libpng(image, rows.data(), &bytes))
        return {};
    return bytes;
}

std::string write_png(const Image& image, const std::string& path) {
    const std::string bytes = encode_png(image);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
        return "cannot write " + path + ": " + std::strerror(errno);
    const bool ok = !bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !ok)
        return "cannot write " + path + ": " + std::strerror(ok ? errno : err);
    return {};
}

bool read_png(const std::string& path, Image& out) {
    int w = 0, h = 0, n = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 4);
    if (data == nullptr)
        return false;
    out.width = w;
    out.height = h;
    out.rgba.assign(data, data + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    stbi_image_free(data);
    return true;
}

} // namespace incimap::render
