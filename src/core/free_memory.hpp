#pragma once
// Giving freed heap pages back to the system (issue 14: memory).
//
// glibc keeps the blocks a program frees and reuses them; it returns pages to the system only
// from the top of the heap. A read at a million incidents frees ~100 MiB in blocks scattered
// through the heap (the parts' columns and rows, the parsers' buffers), and whether what comes
// next reused them went by the threads' timing, so a peak could sit on top of memory that was
// free all along. Called where a phase has just let go of much: after the parts of a read are
// merged, once a read is done (`render`), once a load is on screen (the window).

namespace incimap::core {

// The pages of the heap's free blocks back to the system (malloc_trim(0)); a few
// milliseconds at a million incidents. Does nothing where the C library has no such call.
void give_back_free_memory();

} // namespace incimap::core
