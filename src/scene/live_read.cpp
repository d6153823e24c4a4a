#include "scene/live_read.hpp"

#include "core/filters.hpp"
#include "geo/fast/fast_common.hpp"
#include "geo/reader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace incimap::scene {

namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

bool is_line_oriented(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The extensions the fast readers take (geo/reader.cpp): they read the snapshot.
    return ext == ".csv" || ext == ".geojsonl" || ext == ".geojsons";
}

LiveRead read_complete_lines(const std::string& path, geo::ReadOptions options) {
    LiveRead out;
    out.path = path;
    if (!is_line_oriented(path)) {
        out.read = geo::read_incidents(path, options);
        return out;
    }
    Fd f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::uint64_t>(st.st_size) > kLiveSnapshotMaxBytes) {
        out.read = geo::read_incidents(path, options); // says what is wrong, or reads in place
        return out;
    }
    // A snapshot of the bytes there now: a writer appending meanwhile changes nothing of it.
    const auto size = static_cast<std::size_t>(st.st_size);
    std::string text(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::pread(f.fd, text.data() + got, size - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // shrank meanwhile: what was read is what there is
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    const std::size_t last_newline = text.rfind('\n');
    if (last_newline == std::string::npos) {
        out.nothing_complete = true;
        out.held_bytes = static_cast<std::int64_t>(got);
        out.read.report.source = path;
        return out;
    }
    const std::size_t complete = last_newline + 1;
    out.held_bytes = static_cast<std::int64_t>(got - complete);
    text.resize(complete);
    text.append(geo::fast::MappedFile::kPadding, '\0'); // the readers read past the end
    geo::fast::FileStamp stamp = geo::fast::stamp_of_fd(f.fd);
    stamp.size = static_cast<std::int64_t>(complete);
    // The readers see the snapshot as the file (thread-local, this read only); its values are
    // kept in memory, since the file's bytes on disk are no longer the ones read.
    options.attributes = geo::ReadOptions::Attributes::Memory;
    geo::fast::TextOverride snapshot(path, std::string_view(text.data(), complete), stamp);
    out.read = geo::read_incidents(path, options);
    return out;
}

void apply_field_choice(LiveRead& r, bool colour, const std::optional<std::string>& field) {
    core::IncidentTable& table = r.read.table;
    int index = -1;
    const auto& fields = table.attributes.fields();
    for (std::size_t k = 0; field && k < fields.size(); ++k)
        if (fields[k].name == *field)
            index = static_cast<int>(k);
    if (colour) {
        core::recategorise(table, index);
        r.read.report.category_field = index >= 0 ? *field : "";
    } else {
        core::resize_by(table, index);
        r.read.report.size_field = index >= 0 ? *field : "";
    }
}

} // namespace incimap::scene
