#include "app/large_blocks.hpp"

#include <malloc.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace incimap::app {

namespace {
constexpr std::size_t kDefault = std::size_t{1} << 20;
constexpr std::size_t kMost = std::size_t{32} << 20; // glibc's own ceiling for the threshold
} // namespace

std::size_t large_block_bytes_wanted(const char* value) {
    if (value == nullptr)
        return kDefault;
    std::size_t n = 0;
    const char* end = value + std::strlen(value);
    const auto [at, ec] = std::from_chars(value, end, n);
    if (ec != std::errc{} || at != end || value == end || n > kMost)
        return kDefault;
    return n;
}

std::size_t return_large_blocks_when_freed() {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr ||
        (tunables != nullptr && std::strstr(tunables, "glibc.malloc.mmap_threshold") != nullptr))
        return 0; // the user's own setting
    const std::size_t n = large_block_bytes_wanted(std::getenv("INCIMAP_LARGE_BLOCK_BYTES"));
    if (n > 0)
        mallopt(M_MMAP_THRESHOLD, static_cast<int>(n));
    return n;
}

} // namespace incimap::app
