// core::PageBlock (issue 14: a read's peak): once asked (the window), a large block has pages
// of its own, at a 2 MiB boundary, gone from the process the moment it is freed; a small one,
// or any made before it was asked (the commands), is new[]'s.

#include "core/free_memory.hpp"
#include "core/sanitizer.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// Whether every page of [p, p + bytes) is mapped in this process (mincore fails with ENOMEM
// on a range with an unmapped page).
bool mapped(const void* p, std::size_t bytes) {
    std::vector<unsigned char> pages((bytes + 4095) / 4096);
    errno = 0;
    const int rc = ::mincore(const_cast<void*>(p), bytes, pages.data());
    return rc == 0;
}

constexpr bool kSanitized = incimap::core::kAddressSanitizer;

using incimap::core::PageBlock;

// Pages of their own for the blocks made in a scope (as the window asks), off again after.
struct OwnPages {
    OwnPages() { PageBlock::set_own_pages(true); }
    ~OwnPages() { PageBlock::set_own_pages(false); }
};

} // namespace

TEST(PageBlock, ALargeBlockGivesItsPagesBackWhenFreed) {
    constexpr std::size_t kBytes = std::size_t{4} << 20;
    static_assert(kBytes >= PageBlock::kOwnPagesFrom);
    if (kSanitized)
        GTEST_SKIP() << "an AddressSanitizer build takes every block from new[]";
    const OwnPages own;
    PageBlock block(kBytes);
    ASSERT_TRUE(block);
    char* p = block.get();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % (std::size_t{2} << 20), 0u);
    std::memset(p, 0x5A, kBytes); // every byte asked for is there
    EXPECT_EQ(p[kBytes - 1], 0x5A);
    EXPECT_TRUE(mapped(p, kBytes));
    block.reset();
    EXPECT_FALSE(block);
    EXPECT_FALSE(mapped(p, 4096)) << "the pages of a freed large block are unmapped";
    EXPECT_EQ(errno, ENOMEM);
}

TEST(PageBlock, MovingHandsTheBlockOverOnce) {
    const OwnPages own;
    PageBlock a(std::size_t{3} << 20); // not a multiple of 2 MiB
    char* p = a.get();
    p[0] = 1;
    PageBlock b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_EQ(b.get(), p);
    PageBlock c;
    c = std::move(b);
    EXPECT_FALSE(b);
    EXPECT_EQ(c.get(), p);
    c = PageBlock{}; // frees it
    EXPECT_FALSE(c);
}

TEST(PageBlock, ASmallBlockIsAnOrdinaryOne) {
    const OwnPages own;
    PageBlock small(4096);
    ASSERT_TRUE(small);
    std::memset(small.get(), 7, 4096);
    EXPECT_EQ(small.get()[4095], 7);
    PageBlock none(0); // a row of no values still has somewhere to be
    EXPECT_TRUE(none);
}

TEST(PageBlock, UnaskedALargeBlockIsNewsAndFreedAsSuch) {
    PageBlock made_before(std::size_t{4} << 20);
    ASSERT_TRUE(made_before);
    made_before.get()[0] = 1;
    {
        const OwnPages own; // asked while the block lives: it is still freed as it was made
        made_before.reset();
    }
    EXPECT_FALSE(made_before);
    if (kSanitized)
        return;
    const OwnPages own;
    PageBlock mapped(std::size_t{4} << 20);
    PageBlock::set_own_pages(false);
    mapped.reset(); // made mapped, unmapped whatever the setting now
    EXPECT_FALSE(mapped);
}
