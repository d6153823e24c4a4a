#pragma once
// Giving freed heap pages back to the system (issue 14: memory).
//
// glibc keeps the blocks a program frees and reuses them; it returns pages to the system only
// from the top of the heap. A read at a million incidents frees ~100 MiB in blocks scattered
// through the heap (the parts' columns and rows, the parsers' buffers), and whether what comes
// next reused them went by the threads' timing, so a peak could sit on top of memory that was
// free all along. Called where a phase has just let go of much: after the parts of a read are
// merged, once a read is done (`render`), once a load is on screen (the window).

#include <cstddef>
#include <utility>

namespace incimap::core {

// The pages of the heap's free blocks back to the system (malloc_trim(0)); a few
// milliseconds at a million incidents. Does nothing where the C library has no such call.
void give_back_free_memory();

// Whether a read gives memory back as it goes (process-wide; `main` sets it before a command
// runs). On for the window: it lives on after its load, and its peak is the load on top of
// its fixed ~190 MiB, so the read's freed blocks go back the moment they are freed (PageBlock)
// or at the read's steps (give_back_while_reading). Off for the one-shot commands: the pages
// malloc keeps are reused without new faults, and `render` gives them back once, after the
// read (its peak is the GL context's, later). At 1M, `render`'s first map took 60k page
// faults with the trims and 45k without (0.03-0.08 s; docs/PERFORMANCE.md, twelfth round).
void set_lean_reads(bool on);
bool lean_reads();

// give_back_free_memory() where lean_reads(), else nothing: where a read has just let go of
// much (the parts merged, a column moved, rows consumed).
void give_back_while_reading();

// A block of memory for a read's rows (fast::RowArena), freed piecemeal as fast::finish()
// consumes them while it writes the table. Where lean_reads(), a block of kOwnPagesFrom bytes
// or more has pages of its own (mmap) that go back to the system the moment it is freed,
// whatever malloc would do (it kept them resident until its next trim: the load's peak);
// otherwise, and always in an AddressSanitizer build (which then checks every access as it
// checks new[]'s), new[]. A block is freed as it was made, whatever the setting is by then.
class PageBlock {
public:
    static constexpr std::size_t kOwnPagesFrom = std::size_t{1} << 20;
    PageBlock() = default;
    explicit PageBlock(std::size_t bytes);
    PageBlock(PageBlock&& other) noexcept { swap(other); }
    PageBlock& operator=(PageBlock&& other) noexcept {
        PageBlock(std::move(other)).swap(*this);
        return *this;
    }
    PageBlock(const PageBlock&) = delete;
    PageBlock& operator=(const PageBlock&) = delete;
    ~PageBlock() { reset(); }
    char* get() const { return m_data; }
    explicit operator bool() const { return m_data != nullptr; }
    void reset();

private:
    void swap(PageBlock& other) noexcept {
        std::swap(m_data, other.m_data);
        std::swap(m_bytes, other.m_bytes);
        std::swap(m_mapped, other.m_mapped);
    }
    char* m_data = nullptr;
    std::size_t m_bytes = 0;
    bool m_mapped = false; // pages of its own: munmap, not delete[]
};

} // namespace incimap::core
