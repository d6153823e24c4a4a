// core/free_memory (issue 14: a read's peak). Where reads are lean (the window), a read's
// trims give freed pages back and a large PageBlock has pages of its own, at a 2 MiB
// boundary, gone from the process the moment it is freed; where they are not (the one-shot
// commands), the trims do nothing and a block is new[]'s, as is a small one, or any made
// before reads turned lean.

#include "core/free_memory.hpp"
#include "core/sanitizer.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
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

// How many of the pages wholly inside [p, p + bytes) are resident (none where one is not
// mapped); `pages` is sized by the caller, so that asking allocates nothing.
std::size_t resident(const void* p, std::size_t bytes, std::vector<unsigned char>& pages) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t from = (at + 4095) & ~std::uintptr_t{4095};
    const std::uintptr_t to = (at + bytes) & ~std::uintptr_t{4095};
    const std::size_t n = (to - from) / 4096;
    if (n > pages.size() || ::mincore(reinterpret_cast<void*>(from), to - from, pages.data()) != 0)
        return 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i)
        count += pages[i] & 1u;
    return count;
}

constexpr bool kSanitized = incimap::core::kAddressSanitizer;

using incimap::core::PageBlock;

// Lean reads in a scope (as the window asks), off again after.
struct OwnPages {
    OwnPages() { incimap::core::set_lean_reads(true); }
    ~OwnPages() { incimap::core::set_lean_reads(false); }
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
    incimap::core::set_lean_reads(false);
    mapped.reset(); // made mapped, unmapped whatever the setting now
    EXPECT_FALSE(mapped);
}

// The trims a read makes at its steps give the heap's free pages back in the window, and
// leave them to malloc in the one-shot commands (pages reused without new faults).
TEST(LeanReads, TrimsWhileReadingOnlyWhereReadsAreLean) {
    if (kSanitized)
        GTEST_SKIP() << "an AddressSanitizer build has its own allocator";
    // 64 KiB blocks (below malloc's mmap threshold: in the heap), written, then every other
    // one freed: a free block between two held ones stays a free block inside the heap.
    constexpr std::size_t kBlock = std::size_t{64} << 10;
    constexpr std::size_t kBlocks = 256;
    std::vector<char*> blocks(kBlocks);
    std::vector<unsigned char> pages(kBlock / 4096);
    // The pages of the freed blocks that are resident, of the freed blocks' pages.
    const auto freed_resident = [&] {
        std::size_t count = 0;
        for (std::size_t i = 0; i < kBlocks; i += 2)
            count += resident(blocks[i], kBlock, pages);
        return count;
    };
    const auto fill_and_free_half = [&] {
        for (char*& b : blocks) {
            b = static_cast<char*>(std::malloc(kBlock));
            std::memset(b, 0x5A, kBlock);
        }
        const std::size_t written = freed_resident();
        for (std::size_t i = 0; i < kBlocks; i += 2)
            std::free(blocks[i]);
        return written;
    };
    const auto free_the_rest = [&] {
        for (std::size_t i = 1; i < kBlocks; i += 2)
            std::free(blocks[i]);
    };

    std::size_t written = fill_and_free_half();
    ASSERT_GE(written, kBlocks / 2 * 14) << "written blocks are resident";
    incimap::core::give_back_while_reading(); // reads are not lean: nothing given back
    EXPECT_GE(freed_resident(), written * 9 / 10) << "the one-shot commands keep freed pages";
    free_the_rest();

    const OwnPages lean;
    written = fill_and_free_half();
    ASSERT_GE(written, kBlocks / 2 * 14);
    incimap::core::give_back_while_reading();
    EXPECT_LE(freed_resident(), written / 10) << "a lean read's trim gives freed pages back";
    free_the_rest();
}
