#include "geo/fast/fast_common.hpp"

#include "geo/fast/file_rows.hpp"
#include "geo/field_plan.hpp"
#include "geo/incident_row.hpp"
#include "geo/read_limits.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>
#include <utility>

namespace incimap::geo::fast {

// --- SIGBUS guard ----------------------------------------------------------------------------

namespace {

// The mappings being read: a fixed table the signal handler reads without locks. 64 reads at
// once is far more than the loader and its workers ever run.
constexpr int kGuardSlots = 64;
struct GuardSlot {
    std::atomic<char*> begin{nullptr};
    std::atomic<std::size_t> length{0};
    std::atomic<int> faulted{0};
    std::atomic<char*> filled_from{nullptr}; // pages from here to the end replaced (nullptr: none)
};
GuardSlot g_slots[kGuardSlots];
// Faults on several threads (a read split in parts) replace pages one at a time.
std::atomic_flag g_fill_lock = ATOMIC_FLAG_INIT;
struct sigaction g_previous {};

void on_sigbus(int sig, siginfo_t* info, void* context) {
    char* const addr = static_cast<char*>(info->si_addr);
    for (GuardSlot& slot : g_slots) {
        char* const begin = slot.begin.load();
        const std::size_t length = slot.length.load();
        if (begin == nullptr || addr < begin || addr >= begin + length)
            continue;
        // Fresh pages from the faulting page to the end of the mapping: the read goes on over
        // them, and its reader reports the file as changed. They hold '"', not zeros: a string
        // being scanned for its closing quote (simdjson's, on a part's thread that indexed the
        // file before it shrank) ends there instead of running off the mapping. They are
        // filled aside and moved over the file's pages in one mremap: mapped in place and then
        // filled, another thread (a part, simdjson's stage-1 worker) read zeros there in the
        // meantime, scanned a string past its batch and overran the parser's string buffer
        // (heap corruption, HostileChanges.FileThatShrinksWhileReadGivesAnErrorNotACrash run
        // alone failed 11 times in 20). mmap, memset, mprotect and mremap are plain system
        // calls / stores here.
        while (g_fill_lock.test_and_set(std::memory_order_acquire)) {
        }
        char* const filled = slot.filled_from.load();
        char* const end = filled != nullptr ? filled : begin + length;
        if (addr >= end) { // another thread replaced this page meanwhile: read it again
            g_fill_lock.clear(std::memory_order_release);
            return;
        }
        const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        char* const from =
            reinterpret_cast<char*>(reinterpret_cast<std::uintptr_t>(addr) / page * page);
        const auto bytes = static_cast<std::size_t>(end - from);
        void* const aside =
            ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (aside != MAP_FAILED) {
            std::memset(aside, '"', bytes);
            ::mprotect(aside, bytes, PROT_READ);
            if (::mremap(aside, bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, from) != MAP_FAILED) {
                slot.filled_from.store(from);
                slot.faulted.store(1);
                g_fill_lock.clear(std::memory_order_release);
                return;
            }
            ::munmap(aside, bytes);
        }
        g_fill_lock.clear(std::memory_order_release);
        break;
    }
    // Not a guarded mapping: whoever handled SIGBUS before (a sanitizer, a fuzzer), or the
    // default action. Returning from a fault runs the access again, which then takes it.
    if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(sig, info, context);
        return;
    }
    if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN &&
        (g_previous.sa_flags & SA_SIGINFO) == 0) {
        g_previous.sa_handler(sig);
        return;
    }
    ::signal(SIGBUS, SIG_DFL);
    if (info->si_code <= 0) // sent (kill, raise), not a fault: nothing runs again
        ::raise(SIGBUS);
}

void install_sigbus_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGBUS, &sa, &g_previous);
    });
}

} // namespace

MapGuard::MapGuard(MappedFile& file) : m_file(file) {
    if (file.m_data == nullptr)
        return;
    install_sigbus_handler();
    for (int i = 0; i < kGuardSlots; ++i) {
        char* expected = nullptr;
        if (g_slots[i].begin.load() == nullptr) {
            g_slots[i].faulted.store(0);
            g_slots[i].filled_from.store(nullptr);
            g_slots[i].length.store(file.m_mapped);
            if (g_slots[i].begin.compare_exchange_strong(expected, file.m_data)) {
                file.m_slot = i;
                return;
            }
        }
    }
    // All slots taken: unguarded, as before the guard (the re-stat still reports a shrink).
}

MapGuard::~MapGuard() {
    if (m_file.m_slot < 0)
        return;
    GuardSlot& slot = g_slots[m_file.m_slot];
    if (slot.faulted.load() != 0)
        m_file.m_faulted = true;
    slot.begin.store(nullptr);
    m_file.m_slot = -1;
}

FileStamp stamp_of_fd(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return {};
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::int64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::optional<ReadResult> decline(Declined* declined, std::string why) {
    if (declined != nullptr)
        declined->why = std::move(why);
    return std::nullopt;
}

std::string shrank_message(const std::string& path) {
    return path + ": changed while it was read (it shrank): nothing was added; load it again " +
           "once the program writing it has finished";
}

bool MappedFile::shrank() const {
    if (m_faulted || (m_slot >= 0 && g_slots[m_slot].faulted.load() != 0))
        return true;
    return m_fd >= 0 && stamp_of_fd(m_fd).size < static_cast<std::int64_t>(m_size);
}

// --- MappedFile -----------------------------------------------------------------------------

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_stamp(other.m_stamp), m_faulted(other.m_faulted),
      m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
      m_mapped(std::exchange(other.m_mapped, 0)), m_released(std::exchange(other.m_released, 0)),
      m_borrowed(other.m_borrowed) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        assert(m_slot < 0 && other.m_slot < 0); // never moved while guarded
        if (m_data != nullptr && !m_borrowed)
            ::munmap(m_data, m_mapped);
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_borrowed = other.m_borrowed;
        m_stamp = other.m_stamp;
        m_faulted = other.m_faulted;
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_mapped = std::exchange(other.m_mapped, 0);
        m_released = std::exchange(other.m_released, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (m_data != nullptr && !m_borrowed)
        ::munmap(m_data, m_mapped);
    if (m_fd >= 0)
        ::close(m_fd);
}

// --- TextOverride ---------------------------------------------------------------------------

namespace {
thread_local TextOverride* t_override = nullptr;
} // namespace

TextOverride::TextOverride(std::string path, std::string_view text, const FileStamp& stamp)
    : m_path(std::move(path)), m_text(text), m_stamp(stamp), m_outer(t_override) {
    t_override = this;
}

TextOverride::~TextOverride() { t_override = m_outer; }

std::optional<MappedFile> MappedFile::open(const std::string& path, std::string& why) {
    for (const TextOverride* o = t_override; o != nullptr; o = o->m_outer)
        if (o->m_path == path) {
            MappedFile out;
            out.m_data = const_cast<char*>(o->m_text.data()); // never written: PROT_READ use
            out.m_size = o->m_text.size();
            out.m_mapped = o->m_text.size() + kPadding;
            out.m_stamp = o->m_stamp;
            out.m_borrowed = true;
            return out;
        }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        why = "not a non-empty regular file";
        ::close(fd);
        return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t mapped = (size + kPadding + page - 1) / page * page;
    // Zero pages first, then the file over their start: the padding past the end of the
    // file reads as zeros (a file mapping alone would fault past its last page).
    void* base = ::mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        why = std::strerror(errno);
        ::close(fd);
        return std::nullopt;
    }
    void* file = ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
    if (file == MAP_FAILED) {
        why = std::strerror(errno);
        ::munmap(base, mapped);
        ::close(fd);
        return std::nullopt;
    }
    ::madvise(base, size, MADV_SEQUENTIAL);
    MappedFile out;
    out.m_data = static_cast<char*>(base);
    out.m_size = size;
    out.m_mapped = mapped;
    out.m_fd = fd;
    out.m_stamp = stamp_of_fd(fd);
    return out;
}

void MappedFile::release_before(std::size_t offset) {
    if (m_borrowed)
        return;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = std::min(offset, m_size) / page * page;
    if (end <= m_released)
        return;
    ::madvise(m_data + m_released, end - m_released, MADV_DONTNEED);
    m_released = end;
}

void MappedFile::release_range(std::size_t begin, std::size_t end) const {
    if (m_borrowed) // a TextOverride's text is the only copy: dropped pages would read zeros
        return;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t from = (begin + page - 1) / page * page;
    const std::size_t to = std::min(end, m_size) / page * page;
    if (to > from)
        ::madvise(m_data + from, to - from, MADV_DONTNEED);
}

bool MappedFile::contains(char c) const {
    constexpr std::size_t kWindow = std::size_t{16} << 20;
    for (std::size_t at = 0; at < m_size; at += kWindow) {
        const std::size_t n = std::min(kWindow, m_size - at);
        const bool found = std::memchr(m_data + at, c, n) != nullptr;
        release_range(at, at + n);
        if (found)
            return true;
    }
    return false;
}

// --- RowArena -------------------------------------------------------------------------------

void RowArena::remap_fields(const std::vector<std::uint32_t>& to) {
    for (std::size_t row = 0; row < rows(); ++row) {
        const RowRef r = where(row);
        char* p = m_blocks[r.block].get() + r.offset;
        char* const end = p + r.length;
        while (p < end) {
            std::uint16_t field = 0;
            std::memcpy(&field, p, 2);
            const auto remapped = static_cast<std::uint16_t>(to[field]);
            std::memcpy(p, &remapped, 2);
            const char* q = p + 2;
            const std::uint32_t len_plus_1 = read_varint(q);
            p += (q - p) + (len_plus_1 > 0 ? len_plus_1 - 1 : 0);
        }
    }
}

void RowArena::reserve_rows(std::size_t rows, bool spans) {
    m_offsets.reserve(rows);
    if (spans)
        m_spans.reserve(rows);
}

void RowArena::append(RowArena&& part) {
    if (!m_spans.empty() || !part.m_spans.empty()) {
        m_spans.resize(rows());
        part.m_spans.resize(part.rows());
        m_spans.append(part.m_spans);
    }
    const std::size_t first_row = rows();
    m_offsets.insert(m_offsets.end(), part.m_offsets.begin(), part.m_offsets.end());
    for (const std::size_t first : part.m_block_first)
        m_block_first.push_back(first + first_row);
    m_block_end.insert(m_block_end.end(), part.m_block_end.begin(), part.m_block_end.end());
    for (auto& b : part.m_blocks)
        m_blocks.push_back(std::move(b));
    m_block_used = part.m_block_used;
    m_block_size = part.m_block_size;
    m_bytes += part.m_bytes;
    m_value_bytes += part.m_value_bytes;
    part = RowArena{};
}

void RowArena::add_value(std::uint32_t field, std::optional<std::string_view> value) {
    static_assert(kMaxFields < 0xFFFF, "a field id is kept in 2 bytes");
    assert(field <= 0xFFFF);
    // A value of 4 GiB or more is cut to 4 GiB - 2 (the store's own limit, AttributeStore::add).
    const std::uint32_t len_plus_1 =
        value ? static_cast<std::uint32_t>(std::min<std::size_t>(value->size(), 0xFFFFFFFEu)) + 1
              : 0;
    char head[2 + 5];
    const auto id = static_cast<std::uint16_t>(field);
    std::memcpy(head, &id, 2);
    std::size_t n = 2;
    std::uint32_t v = len_plus_1;
    do {
        head[n++] = static_cast<char>((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v != 0);
    m_scratch.append(head, n);
    if (value) {
        m_scratch.append(value->data(), len_plus_1 - 1);
        m_row_value_bytes += len_plus_1 - 1;
    }
}

void RowArena::end_row() {
    const std::size_t n = m_scratch.size();
    if (m_block_used + n > m_block_size || m_blocks.empty() || !m_blocks.back()) {
        m_blocks.emplace_back(std::max(m_block_size, n));
        m_block_first.push_back(rows());
        m_block_end.push_back(0);
        m_block_used = 0;
    }
    std::memcpy(m_blocks.back().get() + m_block_used, m_scratch.data(), n);
    m_offsets.push_back(static_cast<std::uint32_t>(m_block_used));
    m_block_used += n;
    m_block_end.back() = static_cast<std::uint32_t>(m_block_used);
    if (n > m_block_size) // a row larger than a block has a block to itself
        m_block_used = m_block_size;
    m_bytes += n;
    m_value_bytes += m_row_value_bytes;
}

void RowArena::set_span(std::uint64_t offset, std::uint32_t length) {
    if (m_offsets.empty())
        return;
    m_spans.resize(rows());
    m_spans.set(rows() - 1, {offset, length});
}

void RowArena::truncate(std::size_t row) {
    if (m_spans.size() > row)
        m_spans.resize(row);
    if (row >= rows())
        return;
    const RowRef first = where(row);
    m_offsets.resize(row);
    m_blocks.resize(first.block + 1);
    m_block_first.resize(first.block + 1);
    m_block_end.resize(first.block + 1);
    m_block_end.back() = first.offset;
    m_block_used = first.offset;
}

void RowArena::release_before(std::size_t row) {
    if (row >= rows())
        return;
    const std::uint32_t keep = block_of(row);
    for (std::uint32_t b = 0; b < keep; ++b)
        m_blocks[b].reset();
}

void RowArena::release_between(std::size_t first, std::size_t row) {
    if (row >= rows() || first >= row)
        return;
    // The block of `first` may hold rows of the range before; the block of `row` holds `row`.
    const std::uint32_t keep = block_of(row);
    for (std::uint32_t b = block_of(first) + 1; b < keep; ++b)
        m_blocks[b].reset();
}

// --- finishing ------------------------------------------------------------------------------

void ParsedSource::add_geometry_problem(std::int64_t feature, std::string reason) {
    ++geometry_problem_count;
    if (geometry_problems.size() < core::LoadReport::kMaxProblemsKept)
        geometry_problems.push_back({feature, std::move(reason)});
}

void ParsedSource::skip_too_large(std::uint64_t bytes, std::uint64_t cap) {
    rows.begin_row();
    rows.end_row();
    add_geometry_problem(features, feature_too_large(bytes, cap));
    ++features;
    ++skipped;
}

bool ParsedSource::within_budget(const std::string& path, std::size_t done_bytes,
                                 std::size_t total_bytes, const ReadOptions& options) {
    const TableSize size{table.count(), rows.bytes()};
    refused = check_progress(path, size, static_cast<double>(done_bytes),
                             static_cast<double>(total_bytes),
                             memory_budget(options.memory_budget_bytes));
    if (!refused.empty())
        refused += " (stopped at feature " + std::to_string(features) + ")";
    return refused.empty();
}

void ParsedSource::reserve_for(std::size_t done_bytes, std::size_t total_bytes) {
    if (done_bytes == 0 || table.count() == 0)
        return;
    const auto n = static_cast<std::size_t>(static_cast<double>(table.count()) *
                                            static_cast<double>(total_bytes) /
                                            static_cast<double>(done_bytes) * 1.02) +
                   16;
    table.lon.reserve(n);
    table.lat.reserve(n);
    table.z.reserve(n);
    table.feature_index.reserve(n);
    table.fid.reserve(n);
}

std::string real_text(double value) {
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%.15g", value);
    return std::string(buf, static_cast<std::size_t>(n));
}

std::string layer_name_of(const std::string& path) {
    return std::filesystem::path(path).stem().string();
}

} // namespace incimap::geo::fast
