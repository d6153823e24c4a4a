#pragma once
// Where the frames of an exported playback go: a video file (render/video_encoder.hpp) or
// numbered PNGs (render/png_frames.hpp). Frames arrive in order, all of one size.

#include "render/offscreen_target.hpp"

#include <string>

namespace incimap::render {

class FrameSink {
public:
    virtual ~FrameSink() = default;
    // Takes frame `image`; "" or a one-line error (then the sink is unusable).
    virtual std::string add(const Image& image) = 0;
    // After the last frame: flushes what is buffered. "" or a one-line error.
    virtual std::string finish() = 0;
};

} // namespace incimap::render
