#include "core/free_memory.hpp"

#include "core/sanitizer.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace incimap::core {

void give_back_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

namespace {
std::atomic<bool> g_lean_reads{false};
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kPage = 4096;
bool huge_pages_wanted() {
    static const bool wanted = [] {
        const char* v = std::getenv("INCIMAP_HUGE_PAGES"); // as app/huge_pages.hpp reads it
        return v == nullptr || std::strcmp(v, "0") != 0;
    }();
    return wanted;
}
} // namespace

void set_lean_reads(bool on) { g_lean_reads = on; }

bool lean_reads() { return g_lean_reads.load(std::memory_order_relaxed); }

void give_back_while_reading() {
    if (lean_reads())
        give_back_free_memory();
}

PageBlock::PageBlock(std::size_t bytes) : m_bytes(bytes) {
    // A sanitizer checks what new[] gives (a row written past its block), not a mapping.
    if (bytes < kOwnPagesFrom || kAddressSanitizer || !lean_reads()) {
        m_data = new char[bytes == 0 ? 1 : bytes];
        return;
    }
    // At a 2 MiB boundary, so that huge pages can back all of it (as operator new advises
    // its large blocks, app/huge_pages.hpp): a quarter of the faults of 4 KiB pages.
    const std::size_t mapped = bytes + kHugePage;
    void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t from = (at + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t to = (from + bytes + kPage - 1) & ~(kPage - 1);
    if (from > at)
        ::munmap(p, from - at);
    if (at + mapped > to)
        ::munmap(reinterpret_cast<void*>(to), at + mapped - to);
    m_bytes = to - from;
    m_data = reinterpret_cast<char*>(from);
    m_mapped = true;
    if (huge_pages_wanted())
        (void)::madvise(m_data, m_bytes, MADV_HUGEPAGE); // advice: nothing to handle
}

void PageBlock::reset() {
    if (m_data == nullptr)
        return;
    if (m_mapped)
        ::munmap(m_data, m_bytes);
    else
        delete[] m_data;
    m_data = nullptr;
    m_bytes = 0;
    m_mapped = false;
}

} // namespace incimap::core
