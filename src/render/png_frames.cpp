#include "render/png_frames.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace incimap::render {

PngFrames::PngFrames(std::string folder, std::string pattern)
    : m_folder(std::move(folder)), m_pattern(std::move(pattern)) {}

std::string PngFrames::name_of(std::size_t k) const {
    char name[4096];
    std::snprintf(name, sizeof name, m_pattern.c_str(), static_cast<int>(k + 1));
    return name;
}

std::string PngFrames::add(const Image& image) {
    const std::string path = m_folder + "/" + name_of(m_next++);
    const std::string bytes = encode_png(image);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
        return "cannot write " + path + ": " + std::strerror(errno);
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int write_errno = errno;
    const bool closed = std::fclose(f) == 0;
    if (!wrote || !closed)
        return "cannot write " + path + ": " + std::strerror(wrote ? errno : write_errno);
    return {};
}

bool valid_frame_pattern(const std::string& name) {
    if (name.find('/') != std::string::npos)
        return false;
    int conversions = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] != '%')
            continue;
        if (i + 1 < name.size() && name[i + 1] == '%') {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        if (j < name.size() && name[j] == '0')
            ++j;
        std::size_t digits = 0;
        while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])) && digits < 2)
            ++j, ++digits;
        if (j >= name.size() || name[j] != 'd')
            return false;
        ++conversions;
        i = j;
    }
    return conversions == 1;
}

} // namespace incimap::render
