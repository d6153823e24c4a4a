#include "app/huge_pages.hpp"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace incimap::app {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kAdviseFrom = std::size_t{4} << 20; // at least one whole huge page inside
std::atomic<bool> g_advise{false};

} // namespace

void use_huge_pages_for_large_blocks() {
    const char* want = std::getenv("INCIMAP_HUGE_PAGES");
    g_advise = want == nullptr || std::strcmp(want, "0") != 0;
}

void* allocate(std::size_t bytes) {
    void* p = std::malloc(bytes == 0 ? 1 : bytes);
    if (p != nullptr && bytes >= kAdviseFrom && g_advise.load(std::memory_order_relaxed)) {
        const auto at = reinterpret_cast<std::uintptr_t>(p);
        const std::uintptr_t from = (at + kHugePage - 1) & ~(kHugePage - 1);
        const std::uintptr_t to = (at + bytes) & ~(kHugePage - 1);
        if (to > from) // advice only: a kernel without THP ignores it, nothing to handle
            (void)::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
    }
    return p;
}

} // namespace incimap::app

// The program's allocation functions (the replaceable ones: the nothrow and array forms of
// libstdc++ call these). Sanitizer builds keep their own.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define INCIMAP_OWN_ALLOCATOR 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define INCIMAP_OWN_ALLOCATOR 0
#endif
#endif
#ifndef INCIMAP_OWN_ALLOCATOR
#define INCIMAP_OWN_ALLOCATOR 1
#endif

#if INCIMAP_OWN_ALLOCATOR
void* operator new(std::size_t bytes) {
    if (void* p = incimap::app::allocate(bytes))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t bytes) { return ::operator new(bytes); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
