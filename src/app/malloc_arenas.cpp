#include "app/malloc_arenas.hpp"

#include <malloc.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace incimap::app {

int malloc_arenas_wanted(const char* value) {
    if (value == nullptr)
        return 1;
    int n = -1;
    const char* end = value + std::strlen(value);
    const auto [at, ec] = std::from_chars(value, end, n);
    if (ec != std::errc{} || at != end || n < 0 || n > 1024)
        return 1;
    return n;
}

int limit_malloc_arenas() {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.arena_max") != nullptr)
        return 0; // the user's own setting
    const int n = malloc_arenas_wanted(std::getenv("INCIMAP_MALLOC_ARENAS"));
    if (n > 0)
        mallopt(M_ARENA_MAX, n);
    return n;
}

} // namespace incimap::app
