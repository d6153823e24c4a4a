#pragma once
// A video file written frame by frame through FFmpeg's libraries (libavformat, libavcodec,
// libswscale; no `ffmpeg` binary): MP4 (H.264, libx264), WebM (VP9, libvpx) or an animated
// GIF (libavcodec's GIF encoder, frames mapped to a render::GifPalette). The caller picks the
// path (a temp beside the target; see app/animate_command.cpp for the atomic rename).

#include "render/frame_sink.hpp"
#include "render/gif_palette.hpp"

#include <memory>
#include <optional>
#include <string>

namespace incimap::render {

enum class VideoFormat { Mp4, WebM, Gif };

// By the extension of `path` (.mp4, .webm, .gif; any case); nullopt for others.
std::optional<VideoFormat> video_format_of(const std::string& path);
const char* to_string(VideoFormat format);

struct VideoSettings {
    VideoFormat format = VideoFormat::Mp4;
    int width = 0, height = 0; // MP4 and WebM: even
    int fps = 10;
    const GifPalette* palette = nullptr; // GIF: the palette (kept alive by the caller)
};

class VideoEncoder final : public FrameSink {
public:
    // Opens `path` for writing; nullptr and a one-line `error` when the codec is missing, the
    // size does not suit it or the file cannot be created.
    static std::unique_ptr<VideoEncoder> open(const std::string& path,
                                              const VideoSettings& settings, std::string& error);
    ~VideoEncoder() override;

    std::string add(const Image& image) override;
    std::string finish() override; // drains the encoder, writes the trailer, closes the file

    struct State;

private:
    explicit VideoEncoder(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace incimap::render
