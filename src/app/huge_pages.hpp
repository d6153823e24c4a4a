#pragma once
// Huge pages for the big buffers of a large load (issue 14).
//
// A million incidents are written into fresh memory once: the reader's row arenas, the
// table's columns, the spatial index, the GL uploads. With 4 KiB pages each first write of a
// page is a fault, and on a virtual machine those faults were a quarter of `info`'s time.
// glibc's malloc asks the kernel for transparent huge pages (2 MiB) on its large regions when
// its tunable glibc.malloc.hugetlb=1 is set — but glibc reads tunables only when a process
// starts. So before anything else, when THP is in its "madvise" mode and a large load is
// coming, incimap runs itself again (same PID, same arguments) with the tunable set.
//
// INCIMAP_HUGE_PAGES=0 turns it off; =1 forces it whatever the input's size.

namespace incimap::app {

// Returns only when no restart is wanted (or it failed): then carry on as is.
void restart_with_huge_pages(int argc, char** argv);

} // namespace incimap::app
