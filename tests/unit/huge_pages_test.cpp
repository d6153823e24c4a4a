// Huge pages for large blocks (issue 14, app/huge_pages.*): a block of 4 MiB or more that
// the program allocates is advised for transparent huge pages — the kernel marks the 2 MiB
// pages inside it "hg" in /proc/self/smaps — unless INCIMAP_HUGE_PAGES=0; a small block is not.

#include "app/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

// The VmFlags of the mapping that holds `p`, from /proc/self/smaps ("" when not found).
std::string vm_flags_at(const void* p) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::ifstream in("/proc/self/smaps");
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        std::uintptr_t from = 0, to = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
            inside = at >= from && at < to;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0)
            return line;
    }
    return "";
}

bool advised(const void* p) { return vm_flags_at(p).find(" hg") != std::string::npos; }

class HugePages : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
            GTEST_SKIP() << "this kernel has no transparent huge pages";
    }
    void TearDown() override {
        ::unsetenv("INCIMAP_HUGE_PAGES");
        incimap::app::use_huge_pages_for_large_blocks();
    }
};

TEST_F(HugePages, LargeBlocksAreAdvisedAndSmallOnesAreNot) {
    ::unsetenv("INCIMAP_HUGE_PAGES");
    incimap::app::use_huge_pages_for_large_blocks();
    constexpr std::size_t kBig = std::size_t{16} << 20;
    char* big = static_cast<char*>(incimap::app::allocate(kBig));
    ASSERT_NE(big, nullptr);
    EXPECT_TRUE(advised(big + kBig / 2)) << vm_flags_at(big + kBig / 2);
    char* small = static_cast<char*>(incimap::app::allocate(256 << 10));
    ASSERT_NE(small, nullptr);
    EXPECT_FALSE(advised(small)) << vm_flags_at(small);
    std::free(small);
    std::free(big);
}

TEST_F(HugePages, OffWithTheEnvironmentVariable) {
    ::setenv("INCIMAP_HUGE_PAGES", "0", 1);
    incimap::app::use_huge_pages_for_large_blocks();
    constexpr std::size_t kBig = std::size_t{16} << 20;
    char* big = static_cast<char*>(incimap::app::allocate(kBig));
    ASSERT_NE(big, nullptr);
    EXPECT_FALSE(advised(big + kBig / 2)) << vm_flags_at(big + kBig / 2);
    std::free(big);
}

} // namespace
