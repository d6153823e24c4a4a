#include "scene/playback_export.hpp"

#include "render/gl.hpp"
#include "render/map_style.hpp"

#include <cmath>
#include <optional>

namespace incimap::scene {

namespace {

// Frames the encoder may be behind before step() skips a UI frame instead of waiting: below
// the queue's capacity, so push() never blocks the window.
constexpr std::size_t kAhead = 2;

std::string thousands(std::size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

} // namespace

core::Camera playback_camera(const MapScene& scene, const core::PlaybackRequest& request) {
    core::Camera camera = scene.make_camera(request.width, request.height);
    camera.set_centre(scene.projection().forward(request.centre));
    camera.set_zoom(request.zoom);
    return camera;
}

PlaybackExport::~PlaybackExport() { cancel(); }

std::size_t PlaybackExport::done() const {
    if (!m_running)
        return m_ok ? m_total : 0;
    return m_queue ? m_queue->encoded() : 0;
}

std::string PlaybackExport::start(const core::PlaybackRequest& request, MapScene& scene,
                                  render::MapRenderer& renderer) {
    cancel();
    m_request = request;
    m_ok = false;
    m_result.clear();
    const core::PlaybackRequest& r = m_request;
    if (r.output.empty())
        return "Export playback: give a file name";
    std::vector<std::string> inputs;
    for (const Layer& layer : scene.layers())
        inputs.push_back(layer.path);
    std::string error;
    const std::optional<OutputKind> kind = classify_output(r.output, inputs, error);
    if (!kind)
        return "Export playback: " + error;
    const bool video = kind->kind == OutputKind::Video;
    const bool gif = video && kind->format == render::VideoFormat::Gif;
    if (r.width < 16 || r.height < 16 || r.width > 8192 || r.height > 8192)
        return "Export playback: the size must be from 16 to 8192 px on each side";
    if (video && !gif && (r.width % 2 != 0 || r.height % 2 != 0))
        return "Export playback: " + kind->name() + " needs an even width and height";
    if (r.fps < 1 || r.fps > (gif ? 50 : 120))
        return std::string("Export playback: frames per second from 1 to ") +
               (gif ? "50 for a GIF" : "120");
    if (r.plan.step <= 0)
        return "Export playback: the step must be a positive length, e.g. 1d";
    m_frames = core::frame_count(r.plan);
    if (m_frames == 0)
        return "Export playback: the range is empty (the end is not after the start)";
    if (m_frames > kMaxPlaybackFrames)
        return "Export playback: " + thousands(m_frames) + " frames, over the limit of " +
               thousands(kMaxPlaybackFrames) + "; take a longer step or a shorter range";
    const std::size_t hold =
        video ? static_cast<std::size_t>(std::lround(std::max(0.0, r.hold_last_s) * r.fps)) : 0;
    m_total = m_frames + hold;
    m_camera = playback_camera(scene, r);
    if (!m_target.create(r.width, r.height, 4, error)) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return "Export playback: " + error;
    }

    render::VideoSettings settings;
    settings.width = r.width;
    settings.height = r.height;
    settings.fps = r.fps;
    settings.format = kind->format;
    m_palette.reset();
    if (gif) { // as `animate`: the palette from the first, middle and last frame
        std::vector<render::Image> samples;
        for (std::size_t k : {std::size_t{0}, m_frames / 2, m_frames - 1})
            samples.push_back(draw(scene, renderer, k));
        std::vector<const render::Image*> pointers;
        for (const render::Image& s : samples)
            pointers.push_back(&s);
        m_palette = std::make_unique<render::GifPalette>();
        m_palette->build(pointers);
        settings.palette = m_palette.get();
    }
    m_out = std::make_unique<AnimateOutput>();
    if (std::string e = m_out->open(r.output, *kind, settings); !e.empty()) {
        e = m_out->in_terms_of_output(e);
        m_out.reset();
        return "Export playback: " + e;
    }
    m_queue = std::make_unique<render::EncodeQueue>(m_out->sink());
    m_format = kind->name();
    m_next = 0;
    m_last = {};
    m_running = true;
    return {};
}

render::Image PlaybackExport::draw(MapScene& scene, render::MapRenderer& renderer,
                                   std::size_t k) {
    const core::PlaybackRequest& r = m_request;
    const core::TimeWindow w = core::frame_window(r.plan, k);
    render::Overlay overlay = scene.overlay(m_camera, w);
    if (!r.title.empty())
        overlay.caption = r.title + " · " + overlay.caption;
    const bool overlay_on = r.legend || !r.title.empty();
    // `animate`'s look, not the window's: the light style, no badges, no window B. The
    // window's next sync puts its own back.
    const render::MapStyle style = renderer.style();
    renderer.style() = render::MapStyle{};
    renderer.set_clusters({});
    renderer.set_compare(std::nullopt);
    m_target.bind();
    glDisable(GL_SCISSOR_TEST);
    renderer.draw(m_camera, w, -1, overlay_on ? &overlay : nullptr);
    render::Image image = m_target.read();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    renderer.style() = style;
    return image;
}

void PlaybackExport::step(MapScene& scene, render::MapRenderer& renderer) {
    if (!m_running)
        return;
    if (std::string e = m_queue->error(); !e.empty()) {
        end(std::move(e));
        return;
    }
    if (m_next < m_total) {
        if (m_next - m_queue->encoded() >= kAhead)
            return; // the encoder is behind: the window goes on, the frame waits
        render::Image image = m_next < m_frames ? draw(scene, renderer, m_next) : m_last;
        if (m_next + 1 == m_frames && m_total > m_frames)
            m_last = image;
        if (!m_queue->push(std::move(image))) {
            end(m_queue->error());
            return;
        }
        ++m_next;
        return;
    }
    if (m_queue->encoded() < m_total)
        return; // the last frames are still being encoded
    std::string e = m_queue->finish();
    m_queue.reset();
    if (e.empty())
        e = m_out->commit();
    end(std::move(e));
}

void PlaybackExport::end(std::string error) {
    m_running = false;
    if (m_queue)
        m_queue->cancel();
    m_queue.reset();
    if (m_out) {
        if (!error.empty()) {
            error = m_out->in_terms_of_output(error);
            m_out->discard();
        }
        m_out.reset();
    }
    m_palette.reset();
    m_last = {};
    m_ok = error.empty();
    m_result = m_ok ? "Exported " + thousands(m_total) + " frames (" + m_format + ", " +
                          std::to_string(m_request.width) + "×" +
                          std::to_string(m_request.height) + ", " +
                          std::to_string(m_request.fps) + " fps) to " + m_request.output
                    : "Export playback failed: " + error;
}

void PlaybackExport::cancel() {
    if (!m_running)
        return;
    end("cancelled");
    m_ok = false;
    m_result = "Export playback cancelled; nothing written";
}

} // namespace incimap::scene
