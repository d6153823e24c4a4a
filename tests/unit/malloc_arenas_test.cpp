// One malloc arena (issue 14, app/malloc_arenas.*): by default a worker thread's blocks come
// from the main arena (the [heap] mapping), so what one thread frees another can reuse;
// INCIMAP_MALLOC_ARENAS picks another number, 0 leaves glibc's own arenas (a new thread's
// blocks then lie in an arena of their own, outside [heap]).

#include "app/malloc_arenas.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

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

// In a child process (arenas are per process and made once): sets the environment, limits
// the arenas, and exits 0 when a new thread's block lies in the main heap, 3 when not.
[[noreturn]] void child(const char* arenas) {
    if (arenas == nullptr)
        unsetenv("INCIMAP_MALLOC_ARENAS");
    else
        setenv("INCIMAP_MALLOC_ARENAS", arenas, 1);
    unsetenv("GLIBC_TUNABLES");
    incimap::app::limit_malloc_arenas();
    bool main_heap = false;
    std::thread t([&] {
        void* p = std::malloc(4096); // under the mmap threshold: from the thread's arena
        main_heap = in_main_heap(p);
        std::free(p);
    });
    t.join();
    std::_Exit(main_heap ? 0 : 3);
}

} // namespace

TEST(MallocArenas, TheEnvironmentPicksTheNumber) {
    using incimap::app::malloc_arenas_wanted;
    EXPECT_EQ(malloc_arenas_wanted(nullptr), 1);
    EXPECT_EQ(malloc_arenas_wanted("4"), 4);
    EXPECT_EQ(malloc_arenas_wanted("0"), 0);
    EXPECT_EQ(malloc_arenas_wanted(""), 1);
    EXPECT_EQ(malloc_arenas_wanted("two"), 1);
    EXPECT_EQ(malloc_arenas_wanted("-1"), 1);
    EXPECT_EQ(malloc_arenas_wanted("3x"), 1);
    EXPECT_EQ(malloc_arenas_wanted("99999"), 1);
}

TEST(MallocArenasDeathTest, AWorkerThreadAllocatesFromTheMainArena) {
    if (kOwnAllocator)
        GTEST_SKIP() << "sanitizer builds keep their own allocator";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(child(nullptr), ::testing::ExitedWithCode(0), "");
    EXPECT_EXIT(child("1"), ::testing::ExitedWithCode(0), "");
    // The control: glibc's own arenas put the thread's block elsewhere.
    EXPECT_EXIT(child("0"), ::testing::ExitedWithCode(3), "");
}
