#pragma once
// One malloc arena for the whole program (issue 14: memory).
//
// glibc gives each new thread its own arena (up to 8 per core), and memory freed in one arena
// is reused only by the threads of that arena. incimap reads, merges and indexes a file on
// worker threads and draws on the main one, so the blocks the read let go of were not there
// for the index or the GL driver to take: the window held 449 MiB at a million incidents
// where 409 MiB served with one arena, and `render` 390 where 378 did, at the same speed on
// 2 cores (docs/PERFORMANCE.md). The hot loops allocate rarely (columns grow by doubling,
// rows go to arenas of their own), so one lock costs little.
//
// INCIMAP_MALLOC_ARENAS=N sets N arenas instead; 0 leaves glibc's own choice (as does a
// GLIBC_TUNABLES that sets glibc.malloc.arena_max). No effect in sanitizer builds.

namespace incimap::app {

// The arenas asked for by INCIMAP_MALLOC_ARENAS (`value`; null: unset): 1 by default, 0 for
// glibc's own choice; a value that is not a whole number from 0 to 1024 counts as unset.
int malloc_arenas_wanted(const char* value);

// Called once at the start of `main`, before any thread: applies malloc_arenas_wanted() of
// the environment. Returns the arenas set, 0 when left to glibc.
int limit_malloc_arenas();

} // namespace incimap::app
