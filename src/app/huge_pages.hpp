#pragma once
// Huge pages for the big buffers of a large load (issue 14).
//
// A million incidents are written into fresh memory once: the reader's row arenas, the
// table's columns, the spatial index, the GL uploads. With 4 KiB pages each first write of a
// page is a fault, and on a virtual machine those faults were a quarter of `info`'s time.
// When the kernel gives transparent huge pages (2 MiB) on request (its "madvise" mode, the
// common default), incimap asks for them on every block of 4 MiB or more that C++ allocates:
// the program's `operator new` takes the block from malloc as before and advises the 2 MiB
// pages that lie wholly inside it (its ragged ends keep small pages, so nothing is touched
// that was not asked for). Small blocks and freeing are malloc's as they were.
//
// (Until 2026-12-05 `main` ran itself again with glibc's tunable glibc.malloc.hugetlb=1,
// which glibc reads only at start: that loaded the 200-odd libraries twice, ~0.1 s, and
// measured slower than advising the blocks here; docs/PERFORMANCE.md.)
//
// core::PageBlock (a read's row blocks, mapped apart so that they go back the moment they are
// freed) asks for huge pages on its own, and heeds the same switch.
//
// INCIMAP_HUGE_PAGES=0 turns it off. Not built into sanitizer builds (their allocator is
// their own).

#include <cstddef>

namespace incimap::app {

// Called once at the start of `main`: from then on blocks of 4 MiB or more are advised,
// unless INCIMAP_HUGE_PAGES=0.
void use_huge_pages_for_large_blocks();

// What `operator new` does (exposed for its test): malloc, then the advice when on.
void* allocate(std::size_t bytes);

} // namespace incimap::app
