#include "geo/fast/file_rows.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace incimap::geo::fast {

bool attributes_on_demand(const ReadOptions& options, std::size_t file_bytes) {
    switch (options.attributes) {
    case ReadOptions::Attributes::Memory: return false;
    case ReadOptions::Attributes::OnDemand: return true;
    case ReadOptions::Attributes::Auto: break;
    }
    return file_bytes > kAttributesOnDemandAbove;
}

namespace {

// One block of one reader's file, per thread (readers run on the UI thread and the filter
// worker at once; neither shares a buffer).
struct BlockCache {
    std::uint64_t serial = 0; // the reader it belongs to
    std::uint64_t start = 0;  // file offset of buf[0]
    std::size_t size = 0;     // bytes read into buf
    std::string buf;
};

} // namespace

FileRowReader::FileRowReader(int fd, RowDecode decode, std::vector<int> pos_of,
                             const FileStamp& read)
    : m_fd(fd), m_decode(std::move(decode)), m_pos_of(std::move(pos_of)), m_stamp(read) {
    static std::atomic<std::uint64_t> serials{0};
    m_serial = ++serials;
}

FileRowReader::~FileRowReader() {
    if (m_fd >= 0)
        ::close(m_fd);
}

std::shared_ptr<FileRowReader> FileRowReader::open(const std::string& path, RowDecode decode,
                                                   std::vector<int> pos_of, const FileStamp& read,
                                                   std::string& why) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        why = path + ": cannot open it again to read attributes: " + std::strerror(errno);
        return nullptr;
    }
    // Opened by its path after the read: another file renamed over it, or the same one
    // rewritten, would give other rows for these spans.
    const FileStamp now = stamp_of_fd(fd);
    if (now != read) {
        ::close(fd);
        why = now.size >= 0 && now.size < read.size
                  ? shrank_message(path)
                  : path + ": changed while it was read: nothing was added; load it again " +
                        "once the program writing it has finished";
        return nullptr;
    }
    return std::shared_ptr<FileRowReader>(
        new FileRowReader(fd, std::move(decode), std::move(pos_of), read));
}

std::string_view FileRowReader::bytes(std::uint64_t offset, std::uint32_t length) const {
    thread_local BlockCache cache;
    const bool hit = cache.serial == m_serial && offset >= cache.start &&
                     offset + length <= cache.start + cache.size;
    if (!hit) {
        // A file written over since it was read no longer holds these rows.
        if (stamp_of_fd(m_fd) != m_stamp) {
            cache.serial = 0;
            return {};
        }
        const std::size_t want = std::max<std::size_t>(kBlock, length);
        cache.buf.assign(want, '\0');
        std::size_t got = 0;
        while (got < want) {
            const ssize_t n =
                ::pread(m_fd, cache.buf.data() + got, want - got, static_cast<off_t>(offset + got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        cache.serial = m_serial;
        cache.start = offset;
        cache.size = got;
        if (got < length) {
            cache.serial = 0; // the file shrank: nothing to show for this row
            return {};
        }
    }
    const auto at = static_cast<std::size_t>(offset - cache.start);
    return std::string_view(cache.buf.data() + at, length);
}

bool FileRowReader::decode(std::string_view bytes,
                           std::vector<std::optional<std::string>>& values) const {
    // A copy followed by zeros: simdjson reads up to 64 bytes past the end of its input.
    thread_local std::string padded;
    padded.assign(bytes.data(), bytes.size());
    padded.append(MappedFile::kPadding, '\0');
    thread_local RowArena row = [] {
        RowArena a;
        a.set_block_size(kRowBlock);
        return a;
    }();
    row.truncate(0);
    if (!m_decode(std::string_view(padded.data(), bytes.size()), row) || row.rows() != 1)
        return false;
    row.for_each(0, [&](std::uint32_t field, std::optional<std::string_view> v) {
        if (field < m_pos_of.size() && m_pos_of[field] >= 0 &&
            static_cast<std::size_t>(m_pos_of[field]) < values.size())
            values[static_cast<std::size_t>(m_pos_of[field])] =
                v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
    });
    return true;
}

} // namespace incimap::geo::fast
