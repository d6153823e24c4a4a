#include "render/video_encoder.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cctype>
#include <cstring>

namespace incimap::render {

std::optional<VideoFormat> video_format_of(const std::string& path) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos)
        return std::nullopt;
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == "mp4")
        return VideoFormat::Mp4;
    if (ext == "webm")
        return VideoFormat::WebM;
    if (ext == "gif")
        return VideoFormat::Gif;
    return std::nullopt;
}

const char* to_string(VideoFormat format) {
    switch (format) {
    case VideoFormat::Mp4: return "MP4";
    case VideoFormat::WebM: return "WebM";
    case VideoFormat::Gif: return "GIF";
    }
    return "?";
}

namespace {

std::string av_text(int code) {
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buffer, sizeof buffer);
    return buffer;
}

} // namespace

struct VideoEncoder::State {
    VideoSettings settings;
    std::string path;
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    AVStream* stream = nullptr;
    AVFrame* frame = nullptr;
    AVPacket* packet = nullptr;
    SwsContext* scale = nullptr;
    std::int64_t next_pts = 0;
    bool header_written = false, file_open = false, finished = false;

    ~State() {
        if (scale)
            sws_freeContext(scale);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&codec);
        if (format) {
            if (file_open)
                avio_closep(&format->pb);
            avformat_free_context(format);
        }
    }

    // Sends `f` (nullptr: drain) and writes every packet the encoder gives back.
    std::string encode(AVFrame* f) {
        int rc = avcodec_send_frame(codec, f);
        if (rc < 0)
            return "cannot encode a frame of " + path + ": " + av_text(rc);
        for (;;) {
            rc = avcodec_receive_packet(codec, packet);
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
                return {};
            if (rc < 0)
                return "cannot encode a frame of " + path + ": " + av_text(rc);
            av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            rc = av_interleaved_write_frame(format, packet);
            if (rc < 0)
                return "cannot write " + path + ": " + av_text(rc);
        }
    }
};

VideoEncoder::VideoEncoder(std::unique_ptr<State> state) : m_state(std::move(state)) {}
VideoEncoder::~VideoEncoder() = default;

std::unique_ptr<VideoEncoder> VideoEncoder::open(const std::string& path,
                                                 const VideoSettings& settings,
                                                 std::string& error) {
    av_log_set_level(AV_LOG_ERROR);
    auto s = std::make_unique<State>();
    s->settings = settings;
    s->path = path;
    const VideoFormat vf = settings.format;
    if (vf != VideoFormat::Gif && (settings.width % 2 != 0 || settings.height % 2 != 0)) {
        error = std::string(to_string(vf)) + " needs an even width and height; got " +
                std::to_string(settings.width) + "x" + std::to_string(settings.height);
        return nullptr;
    }
    if (vf == VideoFormat::Gif && settings.palette == nullptr) {
        error = "GIF: no palette";
        return nullptr;
    }
    const char* muxer = vf == VideoFormat::Mp4 ? "mp4" : vf == VideoFormat::WebM ? "webm" : "gif";
    int rc = avformat_alloc_output_context2(&s->format, nullptr, muxer, path.c_str());
    if (rc < 0 || !s->format) {
        error = std::string("FFmpeg has no ") + muxer + " writer: " + av_text(rc);
        return nullptr;
    }
    const char* encoder_name = vf == VideoFormat::Mp4 ? "libx264" : vf == VideoFormat::WebM
                                                                        ? "libvpx-vp9"
                                                                        : "gif";
    const AVCodec* codec = avcodec_find_encoder_by_name(encoder_name);
    if (!codec) {
        error = std::string("this FFmpeg has no ") + encoder_name + " encoder";
        return nullptr;
    }
    s->stream = avformat_new_stream(s->format, nullptr);
    s->codec = avcodec_alloc_context3(codec);
    s->frame = av_frame_alloc();
    s->packet = av_packet_alloc();
    if (!s->stream || !s->codec || !s->frame || !s->packet) {
        error = "out of memory opening " + path;
        return nullptr;
    }
    AVCodecContext* c = s->codec;
    c->width = settings.width;
    c->height = settings.height;
    c->time_base = AVRational{1, settings.fps};
    c->framerate = AVRational{settings.fps, 1};
    c->pix_fmt = vf == VideoFormat::Gif ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P;
    c->gop_size = settings.fps * 2;
    if (s->format->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (vf == VideoFormat::Mp4) {
        // veryfast: a map's flat areas compress well at any preset; the speed matters more.
        av_opt_set(c->priv_data, "preset", "veryfast", 0);
        av_opt_set(c->priv_data, "crf", "20", 0);
    } else if (vf == VideoFormat::WebM) {
        c->bit_rate = 0;
        av_opt_set(c->priv_data, "crf", "32", 0);
        av_opt_set(c->priv_data, "deadline", "realtime", 0);
        av_opt_set(c->priv_data, "cpu-used", "8", 0);
        av_opt_set(c->priv_data, "row-mt", "1", 0);
        c->thread_count = 2;
    }
    rc = avcodec_open2(c, codec, nullptr);
    if (rc < 0) {
        error = std::string("cannot start the ") + encoder_name + " encoder: " + av_text(rc);
        return nullptr;
    }
    rc = avcodec_parameters_from_context(s->stream->codecpar, c);
    if (rc < 0) {
        error = "cannot set up " + path + ": " + av_text(rc);
        return nullptr;
    }
    s->stream->time_base = vf == VideoFormat::Gif ? AVRational{1, 100} : c->time_base;
    s->stream->avg_frame_rate = c->framerate;
    s->frame->format = c->pix_fmt;
    s->frame->width = c->width;
    s->frame->height = c->height;
    rc = av_frame_get_buffer(s->frame, 0);
    if (rc < 0) {
        error = "out of memory opening " + path;
        return nullptr;
    }
    if (vf != VideoFormat::Gif) {
        s->scale = sws_getContext(c->width, c->height, AV_PIX_FMT_RGBA, c->width, c->height,
                                  AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
        if (!s->scale) {
            error = "cannot convert frames for " + path;
            return nullptr;
        }
    }
    rc = avio_open(&s->format->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
        error = "cannot write " + path + ": " + av_text(rc);
        return nullptr;
    }
    s->file_open = true;
    AVDictionary* options = nullptr;
    if (vf == VideoFormat::Mp4)
        av_dict_set(&options, "movflags", "+faststart", 0); // playable while downloading
    rc = avformat_write_header(s->format, &options);
    av_dict_free(&options);
    if (rc < 0) {
        error = "cannot write " + path + ": " + av_text(rc);
        return nullptr;
    }
    s->header_written = true;
    return std::unique_ptr<VideoEncoder>(new VideoEncoder(std::move(s)));
}

std::string VideoEncoder::add(const Image& image) {
    State& s = *m_state;
    if (image.width != s.codec->width || image.height != s.codec->height)
        return "a frame of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
               " in a video of " + std::to_string(s.codec->width) + "x" +
               std::to_string(s.codec->height);
    int rc = av_frame_make_writable(s.frame);
    if (rc < 0)
        return "out of memory encoding " + s.path;
    if (s.settings.format == VideoFormat::Gif) {
        s.settings.palette->map(image, s.frame->data[0],
                                static_cast<std::size_t>(s.frame->linesize[0]));
        std::memcpy(s.frame->data[1], s.settings.palette->argb().data(), 256 * 4);
    } else {
        const std::uint8_t* src[1] = {image.rgba.data()};
        const int stride[1] = {image.width * 4};
        sws_scale(s.scale, src, stride, 0, image.height, s.frame->data, s.frame->linesize);
    }
    s.frame->pts = s.next_pts++;
    return s.encode(s.frame);
}

std::string VideoEncoder::finish() {
    State& s = *m_state;
    if (s.finished)
        return {};
    s.finished = true;
    if (std::string e = s.encode(nullptr); !e.empty())
        return e;
    int rc = av_write_trailer(s.format);
    if (rc < 0)
        return "cannot write " + s.path + ": " + av_text(rc);
    avio_flush(s.format->pb);
    if (s.format->pb->error < 0) // e.g. the disk filled while buffered bytes went out
        return "cannot write " + s.path + ": " + av_text(s.format->pb->error);
    rc = avio_closep(&s.format->pb);
    s.file_open = false;
    if (rc < 0)
        return "cannot write " + s.path + ": " + av_text(rc);
    return {};
}

} // namespace incimap::render
