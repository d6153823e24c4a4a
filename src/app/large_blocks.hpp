#pragma once
// Large blocks go back to the system as soon as they are freed (issue 14: memory).
//
// glibc serves a block of at least its "mmap threshold" with pages of its own and unmaps them
// on free. The threshold starts at 128 KiB and rises to the size of each such block freed (up
// to 32 MiB), so after the first large free a read's row blocks, columns and parts came from
// the heap, and what they freed stayed resident until the next malloc_trim: at a million
// incidents `info` peaked 30 MiB above what it held at any moment, and the window's load
// 10-20 MiB above the window it then kept. A fixed threshold of 1 MiB keeps every large
// block apart, so the pages a read lets go of are gone at once; the time is the same
// (docs/PERFORMANCE.md, eleventh round).
//
// INCIMAP_LARGE_BLOCK_BYTES=N sets another threshold; 0 leaves glibc's own, as does the
// user's MALLOC_MMAP_THRESHOLD_ or a GLIBC_TUNABLES that sets glibc.malloc.mmap_threshold.
// No effect in sanitizer builds (their allocator is their own).

#include <cstddef>

namespace incimap::app {

// The threshold asked for by INCIMAP_LARGE_BLOCK_BYTES (`value`; null: unset): 1 MiB by
// default, 0 for glibc's own; a value that is not a whole number from 0 to 32 MiB counts as
// unset.
std::size_t large_block_bytes_wanted(const char* value);

// Called once at the start of `main`: applies large_block_bytes_wanted() of the environment.
// Returns the threshold set, 0 when left to glibc.
std::size_t return_large_blocks_when_freed();

} // namespace incimap::app
