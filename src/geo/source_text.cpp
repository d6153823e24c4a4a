#include "geo/source_text.hpp"

#include "geo/headerless.hpp"
#include "geo/read_limits.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace incimap::geo {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;

// A file descriptor closed at the end of the scope.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

// Reads the file from its start in chunks, calling f(chunk) until it returns false or the
// file ends; false when a read fails.
template <class F> bool each_chunk(int fd, std::vector<char>& buffer, F&& f) {
    if (::lseek(fd, 0, SEEK_SET) != 0)
        return false;
    while (true) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            return true;
        if (!f(std::string_view(buffer.data(), static_cast<std::size_t>(n))))
            return true;
    }
}

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// iconv's name for what to tell the user.
std::string iconv_hint(TextEncoding e) {
    return e == TextEncoding::Utf16LE || e == TextEncoding::Utf16BE ? "UTF-16"
           : e == TextEncoding::Windows1256                         ? "WINDOWS-1256"
                                                                    : "WINDOWS-1252";
}

} // namespace

SourceText::~SourceText() { release(); }

SourceText::SourceText(SourceText&& other) noexcept { *this = std::move(other); }

SourceText& SourceText::operator=(SourceText&& other) noexcept {
    if (this != &other) {
        release();
        error = std::move(other.error);
        encoding = other.encoding;
        examined = other.examined;
        header_schema = std::move(other.header_schema);
        header_columns = other.header_columns;
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_mapped = std::exchange(other.m_mapped, 0);
        m_gdal_path = std::exchange(other.m_gdal_path, {});
        m_sidecars = std::exchange(other.m_sidecars, {});
        m_stamp = other.m_stamp;
    }
    return *this;
}

void SourceText::release() {
    if (!m_gdal_path.empty())
        VSIUnlink(m_gdal_path.c_str());
    for (const std::string& sidecar : m_sidecars)
        VSIUnlink(sidecar.c_str());
    m_sidecars.clear();
    m_gdal_path.clear();
    if (m_data != nullptr)
        ::munmap(m_data, m_mapped);
    m_data = nullptr;
    m_size = m_mapped = 0;
}

SourceText prepare_source_text(const std::string& path, std::uint64_t budget) {
    SourceText out;
    if (path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos ||
        path.rfind("PG:", 0) == 0)
        return out;
    const std::string ext = lower_extension(path);
    const bool table = ext == ".csv" || ext == ".tsv";
    const bool json = ext == ".geojson" || ext == ".json" || ext == ".geojsonl" ||
                      ext == ".geojsons";
    if (!table && !json)
        return out;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return out; // the open says what is wrong with the path
    Fd f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0)
        return out;
    out.examined = true;
    out.m_stamp = fast::stamp_of_fd(f.fd);
    std::vector<char> buffer(kChunk);

    // 1. The encoding (a whole pass for CSV/TSV: a Latin-1 byte may come last) and the first
    // line.
    EncodingDetector detector(table);
    std::string first_line;
    bool first_line_done = false;
    if (!each_chunk(f.fd, buffer, [&](std::string_view chunk) {
            if (!first_line_done) {
                const std::size_t nl = chunk.find('\n');
                first_line.append(chunk.substr(0, nl));
                first_line_done = nl != std::string_view::npos || first_line.size() > 65536;
            }
            detector.add(chunk);
            return detector.wants_more();
        }))
        return out;
    const EncodingGuess guess = detector.result();
    if (!guess.error.empty()) {
        out.error = path + ": " + guess.error;
        return out;
    }
    out.encoding = guess.encoding;
    const bool utf16 =
        out.encoding == TextEncoding::Utf16LE || out.encoding == TextEncoding::Utf16BE;

    // 2. A known export without its header line (GDELT): the schema's names go in front.
    std::string header;
    // A UTF-8 BOM in front of the first value (GDELT saved by a Windows tool): not part of it.
    const bool utf8_bom = first_line.rfind("\xEF\xBB\xBF", 0) == 0;
    if (table && !utf16) {
        if (const core::HeaderlessLayout* layout =
                sniff_headerless(std::string_view(first_line).substr(utf8_bom ? 3 : 0))) {
            for (const std::string_view name : layout->columns)
                (header += header.empty() ? "" : "\t") += name;
            header += '\n';
            out.header_schema = std::string(layout->name);
            out.header_columns = layout->columns.size();
        }
    }
    if (out.encoding == TextEncoding::Utf8 && header.empty())
        return out; // read as it is

    // 3. The size of the UTF-8 text, then room for it (within the budget), then the text. A
    // UTF-8 BOM goes when the header goes in front of it (it would stick to the first value).
    const std::size_t skip = !header.empty() && utf8_bom && out.encoding == TextEncoding::Utf8
                                 ? 3
                                 : 0;
    const auto skipping = [skip](auto&& then) {
        return [&then, left = skip](std::string_view chunk) mutable {
            const std::size_t n = std::min(left, chunk.size());
            left -= n;
            chunk.remove_prefix(n);
            return chunk.empty() ? true : then(chunk);
        };
    };
    Utf8Sizer sizer(out.encoding);
    std::string why;
    auto size_chunk = [&](std::string_view chunk) {
        sizer.add(chunk, why);
        return why.empty();
    };
    if (!each_chunk(f.fd, buffer, skipping(size_chunk))) {
        out.error = path + ": cannot be read (" + std::strerror(errno) + ")";
        return out;
    }
    sizer.finish(why);
    if (!why.empty()) {
        out.error = path + ": " + why + "; save it as UTF-8 (e.g. iconv -f " +
                    iconv_hint(out.encoding) + " -t UTF-8)";
        return out;
    }
    const std::uint64_t size = header.size() + sizer.size();
    const std::uint64_t needed =
        size + estimate_from_file_size(size, json ? (ext == ".geojsonl" || ext == ".geojsons"
                                                         ? "GeoJSONSeq"
                                                         : "GeoJSON")
                                                  : "CSV");
    if (std::string over = over_budget_message(path, needed, budget); !over.empty()) {
        out.error = over + (out.encoding != TextEncoding::Utf8
                                ? " (or save it as UTF-8 first: iconv -f " +
                                      iconv_hint(out.encoding) + " -t UTF-8)"
                                : std::string());
        return out;
    }
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t mapped =
        (static_cast<std::size_t>(size) + fast::MappedFile::kPadding + page - 1) / page * page;
    void* base = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        out.error = path + ": no memory to recode it (" + std::strerror(errno) + ")";
        return out;
    }
    out.m_data = static_cast<char*>(base);
    out.m_mapped = mapped;
    std::memcpy(out.m_data, header.data(), header.size());
    std::size_t written = header.size();
    Recoder recoder(out.encoding);
    auto recode_chunk = [&](std::string_view chunk) {
        written += recoder.add(chunk, out.m_data + written, size - written, why);
        return why.empty();
    };
    const bool read = each_chunk(f.fd, buffer, skipping(recode_chunk));
    recoder.finish(why);
    if (!read || !why.empty() || written != size ||
        !(fast::stamp_of_fd(f.fd) == out.m_stamp)) {
        out.release();
        out.error = path + ": changed while it was read; load it again once the program " +
                    "writing it has finished";
        return out;
    }
    out.m_size = written;
    // Read-only from here: GDAL and the fast readers only read it.
    ::mprotect(base, mapped, PROT_READ);

    static std::atomic<std::uint64_t> serial{0};
    out.m_gdal_path = "/vsimem/incimap-text/" + std::to_string(serial++) + "/" +
                      std::filesystem::path(path).filename().string();
    VSILFILE* vf = VSIFileFromMemBuffer(out.m_gdal_path.c_str(),
                                        reinterpret_cast<GByte*>(out.m_data), out.m_size, FALSE);
    if (vf == nullptr) {
        out.release();
        out.error = path + ": could not be prepared for reading in memory";
        return out;
    }
    VSIFCloseL(vf);
    out.copy_sidecars(path);
    return out;
}

// GDAL's CSV driver reads the column types from a .csvt and the CRS from a .prj beside the
// file it opens: beside the in-memory text too, copied (small files only; a FIFO or a folder
// is not opened). A .prj is checked there as beside any CSV (geo/crs_guard.hpp).
void SourceText::copy_sidecars(const std::string& path) {
    constexpr std::uintmax_t kMaxSidecarBytes = 1 << 20;
    const std::filesystem::path real(path), in_memory(m_gdal_path);
    for (const char* ext : {".csvt", ".CSVT", ".prj", ".PRJ"}) {
        std::filesystem::path sidecar = real;
        sidecar.replace_extension(ext);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(sidecar, ec) ||
            std::filesystem::file_size(sidecar, ec) > kMaxSidecarBytes || ec)
            continue;
        Fd in;
        in.fd = ::open(sidecar.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (in.fd < 0)
            continue;
        std::string bytes;
        std::vector<char> chunk(64 << 10);
        if (!each_chunk(in.fd, chunk, [&](std::string_view c) {
                bytes.append(c);
                return bytes.size() <= kMaxSidecarBytes;
            }) ||
            bytes.size() > kMaxSidecarBytes)
            continue;
        std::filesystem::path target = in_memory;
        target.replace_extension(ext);
        auto* copy = static_cast<GByte*>(CPLMalloc(bytes.size() + 1));
        std::memcpy(copy, bytes.data(), bytes.size());
        VSILFILE* vf = VSIFileFromMemBuffer(target.c_str(), copy, bytes.size(), TRUE);
        if (vf == nullptr) {
            CPLFree(copy);
            continue;
        }
        VSIFCloseL(vf);
        m_sidecars.push_back(target.string());
    }
}

void report_source_text(const SourceText& text, const std::string& path, ReadResult& r) {
    if (!text.in_memory()) {
        if (text.examined)
            r.report.encoding = std::string(encoding_name(text.encoding));
        return;
    }
    core::LoadReport& report = r.report;
    auto own_name = [&](std::string& s) {
        for (std::size_t at = s.find(text.gdal_path()); at != std::string::npos;
             at = s.find(text.gdal_path(), at + path.size()))
            s.replace(at, text.gdal_path().size(), path);
    };
    own_name(r.error);
    for (auto& n : report.notes)
        own_name(n);
    for (auto& p : report.problems)
        own_name(p.reason);
    report.encoding = std::string(encoding_name(text.encoding));
    report.recoded = text.recoded();
    if (text.recoded())
        report.notes.insert(report.notes.begin(),
                            "the file is " + std::string(encoding_name(text.encoding)) +
                                " text, not UTF-8: recoded to UTF-8 to be read (the file is "
                                "unchanged)");
    if (!text.header_schema.empty()) {
        report.header_supplied = text.header_schema;
        report.notes.insert(report.notes.begin(),
                            "no header line: " + std::to_string(text.header_columns) +
                                " columns read as " + text.header_schema +
                                " (the column names from its codebook)");
    }
}

} // namespace incimap::geo
