#pragma once
// File ▸ Export playback… without blocking the window (issue 18): one frame drawn per call of
// step() into an off-screen target on the current GL context (the window's), by the renderer
// the map is drawn with, then encoded on the render::EncodeQueue worker into the same
// scene::AnimateOutput `incimap animate` writes through (a temp beside OUT, renamed at the
// end; cancel or an error removes it). Frame k is `animate`'s frame k for the same view and
// request: the same camera (centre, zoom, size), window (core::frame_window), overlay and
// map style (the light one `animate` draws, whatever the window's theme; no cluster badges,
// no compare rings).
//
// GL calls happen on the calling (main) thread only; step() never waits for the encoder
// except to flush it after the last frame.

#include "core/playback_request.hpp"
#include "render/encode_queue.hpp"
#include "render/gif_palette.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_target.hpp"
#include "scene/animate_output.hpp"
#include "scene/map_scene.hpp"

#include <memory>
#include <string>
#include <vector>

namespace incimap::scene {

inline constexpr std::size_t kMaxPlaybackFrames = 10000; // as `animate --max-frames`

// The camera of a request: `scene`'s projection, the request's size, centre and zoom.
core::Camera playback_camera(const MapScene& scene, const core::PlaybackRequest& request);

class PlaybackExport {
public:
    PlaybackExport() = default;
    PlaybackExport(const PlaybackExport&) = delete;
    PlaybackExport& operator=(const PlaybackExport&) = delete;
    ~PlaybackExport(); // cancels a running export (its temp removed)

    // Checks the request (output, size, fps, frame count), opens the output and, for a GIF,
    // draws the palette's sample frames. Needs the GL context. "" or the one-line error
    // (then nothing is left on disk).
    std::string start(const core::PlaybackRequest& request, MapScene& scene,
                      render::MapRenderer& renderer);
    // The next frame drawn and queued, when the encoder has room; after the last one is
    // encoded, the output flushed and put in place. Needs the GL context.
    void step(MapScene& scene, render::MapRenderer& renderer);
    // Stops now: the queued frames dropped, the temp removed.
    void cancel();

    bool running() const { return m_running; }
    std::size_t done() const;                  // frames encoded
    std::size_t total() const { return m_total; }
    const std::string& output() const { return m_request.output; }
    // After the end: whether OUT was written, and the one line that says so (or why not).
    bool ok() const { return m_ok; }
    const std::string& result() const { return m_result; }

private:
    render::Image draw(MapScene& scene, render::MapRenderer& renderer, std::size_t k);
    void end(std::string error); // "" = written; else the temp removed and `error` kept

    core::PlaybackRequest m_request;
    core::Camera m_camera;
    render::OffscreenTarget m_target;
    std::unique_ptr<render::GifPalette> m_palette; // outlives the encoder that reads it
    std::unique_ptr<AnimateOutput> m_out;
    std::unique_ptr<render::EncodeQueue> m_queue;  // gone before m_out
    std::string m_format;                          // "MP4", "GIF", …
    std::size_t m_frames = 0, m_total = 0, m_next = 0;
    render::Image m_last; // the last frame, repeated for the hold
    bool m_running = false, m_ok = false;
    std::string m_result;
};

} // namespace incimap::scene
