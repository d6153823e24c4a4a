#include "scene/animate_output.hpp"

#include "render/png_frames.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace incimap::scene {

std::string OutputKind::name() const {
    return kind == Video ? render::to_string(format) : "PNG";
}

namespace {

bool ends_with_png(const std::string& name) {
    if (name.size() < 4)
        return false;
    std::string ext = name.substr(name.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png";
}

std::string parent_of(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
}

} // namespace

std::optional<OutputKind> classify_output(const std::string& output,
                                          const std::vector<std::string>& inputs,
                                          std::string& error) {
    OutputKind out;
    std::error_code ec;
    const fs::path path(output);
    const std::string name = path.filename().string();
    if (auto format = render::video_format_of(output)) {
        out.kind = OutputKind::Video;
        out.format = *format;
        error = geo::check_output_path(output, inputs);
        return error.empty() ? std::optional(out) : std::nullopt;
    }
    if (name.find('%') != std::string::npos) {
        if (!ends_with_png(name) || !render::valid_frame_pattern(name)) {
            error = output + ": a frame pattern is a PNG name with one number, e.g. "
                             "frame-%04d.png";
            return std::nullopt;
        }
        out.kind = OutputKind::PngPattern;
        out.folder = parent_of(output);
        out.pattern = name;
        if (!fs::is_directory(out.folder, ec)) {
            error = "cannot write " + output + ": the folder " + out.folder + " does not exist";
            return std::nullopt;
        }
        return out;
    }
    const bool folder_like = name.empty() || fs::is_directory(path, ec) ||
                             path.extension().empty();
    if (!folder_like) {
        error = output + ": unknown format " + path.extension().string() +
                "; name it .mp4, .webm or .gif, a folder, or a frame-%04d.png pattern";
        return std::nullopt;
    }
    out.kind = OutputKind::PngFolder;
    out.folder = output;
    out.pattern = "frame-%04d.png";
    if (fs::exists(path, ec)) {
        if (!fs::is_directory(path, ec)) {
            error = "cannot write " + output + ": it exists and is not a folder";
            return std::nullopt;
        }
        if (!fs::is_empty(path, ec)) {
            error = "cannot write frames into " + output +
                    ": the folder is not empty; give a new or empty folder, or a pattern "
                    "such as " + (fs::path(output) / "frame-%04d.png").string();
            return std::nullopt;
        }
    } else if (!fs::is_directory(parent_of(fs::path(output).lexically_normal().string()), ec)) {
        error = "cannot write " + output + ": the folder " + parent_of(output) +
                " does not exist";
        return std::nullopt;
    }
    return out;
}

AnimateOutput::~AnimateOutput() { discard(); }

void AnimateOutput::discard() {
    m_sink.reset(); // closes the video file before its temp goes
    m_file.reset();
    if (!m_temp_dir.empty() && !m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp_dir, ec);
        m_temp_dir.clear();
    }
}

std::string AnimateOutput::in_terms_of_output(std::string error) const {
    auto replace = [&](const std::string& from, const std::string& to) {
        if (from.empty())
            return;
        for (std::size_t at = error.find(from); at != std::string::npos;
             at = error.find(from, at + to.size()))
            error.replace(at, from.size(), to);
    };
    if (m_file)
        replace(m_file->temp_path(), m_output);
    replace(m_temp_dir, m_kind.kind == OutputKind::PngFolder ? m_output : m_kind.folder);
    return error;
}

std::string AnimateOutput::open(const std::string& output, const OutputKind& kind,
                                const render::VideoSettings& settings) {
    m_output = output;
    m_kind = kind;
    std::string error;
    if (kind.kind == OutputKind::Video) {
        m_file = geo::AtomicFile::begin(output, error);
        if (!m_file)
            return error;
        m_sink = render::VideoEncoder::open(m_file->temp_path(), settings, error);
        if (!m_sink) {
            error = in_terms_of_output(error);
            discard();
            return error;
        }
        return {};
    }
    // A hidden folder beside the frames' place, unique to this process.
    static std::atomic<int> serial{0};
    const fs::path where = kind.kind == OutputKind::PngFolder
                               ? fs::path(parent_of(fs::path(output).lexically_normal().string()))
                               : fs::path(kind.folder);
    const std::string base = kind.kind == OutputKind::PngFolder
                                 ? fs::path(output).lexically_normal().filename().string()
                                 : std::string("frames");
    const fs::path temp = where / ("." + base + "." + std::to_string(::getpid()) + "-" +
                                   std::to_string(++serial) + ".incimap-tmp");
    std::error_code ec;
    if (!fs::create_directory(temp, ec) || ec)
        return "cannot write " + output + ": " + (ec ? ec.message() : "the temp folder exists");
    m_temp_dir = temp.string();
    m_sink = std::make_unique<render::PngFrames>(m_temp_dir, kind.pattern);
    return {};
}

std::string AnimateOutput::commit() {
    m_sink.reset();
    if (m_kind.kind == OutputKind::Video) {
        std::string e = m_file->commit();
        m_committed = e.empty();
        return e;
    }
    std::error_code ec;
    if (m_kind.kind == OutputKind::PngFolder) {
        const fs::path target = fs::path(m_output).lexically_normal();
        if (fs::is_directory(target, ec))
            fs::remove(target, ec); // empty (checked at the start)
        fs::rename(m_temp_dir, target, ec);
        if (ec)
            return "cannot write " + m_output + ": " + ec.message();
        m_committed = true;
        m_temp_dir.clear();
        return {};
    }
    // A pattern in an existing folder: each frame renamed into place, whole.
    std::vector<fs::path> names;
    for (const auto& entry : fs::directory_iterator(m_temp_dir, ec))
        names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    for (const fs::path& n : names) {
        fs::rename(fs::path(m_temp_dir) / n, fs::path(m_kind.folder) / n, ec);
        if (ec)
            return "cannot write " + (fs::path(m_kind.folder) / n).string() + ": " + ec.message();
    }
    fs::remove(m_temp_dir, ec);
    m_temp_dir.clear();
    m_committed = true;
    return {};
}

} // namespace incimap::scene
