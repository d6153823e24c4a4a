#pragma once
// Where an exported playback is written (`incimap animate`, File ▸ Export playback…), and how
// it stays atomic: a video goes to a temp file beside
// OUT (geo::AtomicFile) renamed over OUT at the end; numbered PNGs go to a temp folder beside
// them, renamed into place (a new folder) or moved file by file (a pattern in an existing
// folder) at the end. Destroyed before commit(), it removes whatever it wrote.

#include "geo/write/atomic_file.hpp"
#include "render/frame_sink.hpp"
#include "render/video_encoder.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace incimap::scene {

struct OutputKind {
    enum Kind { Video, PngFolder, PngPattern } kind = Video;
    render::VideoFormat format = render::VideoFormat::Mp4; // Video
    std::string folder;                                      // PNGs: where the frames go
    std::string pattern;                                     // PNGs: frame-%04d.png or OUT's
    std::string name() const; // "MP4", "WebM", "GIF", "PNG"
};

// OUT classified, or nullopt and the one-line error (unknown extension, bad pattern, a folder
// that is missing or not empty, an input).
std::optional<OutputKind> classify_output(const std::string& output,
                                          const std::vector<std::string>& inputs,
                                          std::string& error);

class AnimateOutput {
public:
    AnimateOutput() = default;
    AnimateOutput(const AnimateOutput&) = delete;
    AnimateOutput& operator=(const AnimateOutput&) = delete;
    ~AnimateOutput(); // removes the temp unless committed

    // Creates the temp and the sink writing into it; "" or the error.
    std::string open(const std::string& output, const OutputKind& kind,
                     const render::VideoSettings& settings);
    render::FrameSink& sink() { return *m_sink; }
    // The sink's finish() already done: puts the result in place. "" or the error.
    std::string commit();
    // Removes the temp now (also what the destructor does).
    void discard();
    // `error` with the temp's name replaced by what the user named (OUT, its folder).
    std::string in_terms_of_output(std::string error) const;

private:
    std::string m_output;
    OutputKind m_kind;
    std::optional<geo::AtomicFile> m_file; // Video
    std::string m_temp_dir;                // PNGs
    std::size_t m_frames = 0;
    std::unique_ptr<render::FrameSink> m_sink;
    bool m_committed = false;
};

} // namespace incimap::scene
