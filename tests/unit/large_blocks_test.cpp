// Large blocks go back at once (issue 14, app/large_blocks.*): with the fixed threshold a
// block of 2 MiB has pages of its own even after another such block was freed, so freeing it
// gives them back; glibc's own threshold (INCIMAP_LARGE_BLOCK_BYTES=0) rises with that free
// and puts the next one in the heap, where its pages stay resident after it is freed.

#include "app/large_blocks.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kOwnAllocator = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

// Whether `p` lies in the main arena's [heap] mapping.
bool in_main_heap(const void* p) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::ifstream in("/proc/self/maps");
    for (std::string line; std::getline(in, line);) {
        if (line.find("[heap]") == std::string::npos)
            continue;
        std::uintptr_t from = 0, to = 0;
        char dash = 0;
        std::istringstream head(line);
        head >> std::hex >> from >> dash >> to;
        return at >= from && at < to;
    }
    return false;
}

// In a child process (malloc's settings are per process): sets the environment, applies it,
// frees one 2 MiB block and exits 0 when the next 2 MiB block has pages of its own, 3 when it
// lies in the heap.
[[noreturn]] void child(const char* bytes) {
    if (bytes == nullptr)
        unsetenv("INCIMAP_LARGE_BLOCK_BYTES");
    else
        setenv("INCIMAP_LARGE_BLOCK_BYTES", bytes, 1);
    unsetenv("GLIBC_TUNABLES");
    unsetenv("MALLOC_MMAP_THRESHOLD_");
    incimap::app::return_large_blocks_when_freed();
    constexpr std::size_t kBlock = std::size_t{2} << 20;
    void* volatile first = std::malloc(kBlock); // volatile: the pair is not optimised away
    static_cast<char*>(first)[0] = 1;
    std::free(first);
    void* next = std::malloc(kBlock);
    const bool own_pages = !in_main_heap(next);
    std::free(next);
    std::_Exit(own_pages ? 0 : 3);
}

} // namespace

TEST(LargeBlocks, TheEnvironmentPicksTheThreshold) {
    using incimap::app::large_block_bytes_wanted;
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    EXPECT_EQ(large_block_bytes_wanted(nullptr), kMiB);
    EXPECT_EQ(large_block_bytes_wanted("262144"), 262144u);
    EXPECT_EQ(large_block_bytes_wanted("0"), 0u);
    EXPECT_EQ(large_block_bytes_wanted(""), kMiB);
    EXPECT_EQ(large_block_bytes_wanted("big"), kMiB);
    EXPECT_EQ(large_block_bytes_wanted("-1"), kMiB);
    EXPECT_EQ(large_block_bytes_wanted("4k"), kMiB);
    EXPECT_EQ(large_block_bytes_wanted("99999999999"), kMiB); // over glibc's 32 MiB ceiling
}

TEST(LargeBlocksDeathTest, ABlockFreedLeavesTheNextLargeOneItsOwnPages) {
    if (kOwnAllocator)
        GTEST_SKIP() << "sanitizer builds keep their own allocator";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(child(nullptr), ::testing::ExitedWithCode(0), "");
    EXPECT_EXIT(child("1048576"), ::testing::ExitedWithCode(0), "");
    // The control: glibc's own threshold rose with the free; the next block is in the heap.
    EXPECT_EXIT(child("0"), ::testing::ExitedWithCode(3), "");
}
