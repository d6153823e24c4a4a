#pragma once
// Numbered PNG frames: frame k written as printf(pattern, k + 1) inside a folder
// (e.g. frame-0001.png). The caller chooses the folder (a temp one, renamed or moved into place
// when every frame is written: see app/animate_command.cpp).

#include "render/frame_sink.hpp"

#include <string>

namespace incimap::render {

class PngFrames final : public FrameSink {
public:
    // `pattern`: a file name with one %d-style conversion (%d, %04d, …).
    PngFrames(std::string folder, std::string pattern);
    std::string add(const Image& image) override;
    std::string finish() override { return {}; }
    // Frame k's file name (k from 0; numbered from 1).
    std::string name_of(std::size_t k) const;

private:
    std::string m_folder, m_pattern;
    std::size_t m_next = 0;
};

// Whether `name` holds exactly one printf integer conversion (%d, %4d, %04d) and no other %
// but %%; the conversions a file pattern may use.
bool valid_frame_pattern(const std::string& name);

} // namespace incimap::render
