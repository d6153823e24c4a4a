#pragma once
// Work split over threads: how many (INCIMAP_THREADS, else every core) and a call that runs
// one task per part on that many threads and returns when all are done. The readers split a
// file into parts this way; their results are merged in part order, so the outcome does not
// depend on the thread count.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <thread>
#include <vector>

namespace incimap::core {

// `requested` when non-zero, else INCIMAP_THREADS when it is a number ≥ 1, else the cores
// (std::thread::hardware_concurrency, at least 1); at most 256.
inline unsigned thread_count(unsigned requested = 0) {
    unsigned n = requested;
    if (n == 0)
        if (const char* env = std::getenv("INCIMAP_THREADS"); env != nullptr)
            n = static_cast<unsigned>(std::strtoul(env, nullptr, 10));
    if (n == 0)
        n = std::thread::hardware_concurrency();
    return std::clamp(n, 1u, 256u);
}

// Runs task(i) for every i in [0, parts): part 0 on the calling thread, the others on threads
// of their own (a read splits into at most thread_count() parts). The first exception thrown
// by a task is rethrown here after all have ended.
template <class Task> void run_parts(std::size_t parts, Task&& task) {
    if (parts == 0)
        return;
    std::vector<std::exception_ptr> errors(parts);
    auto guarded = [&](std::size_t i) {
        try {
            task(i);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        threads.reserve(parts - 1);
        for (std::size_t i = 1; i < parts; ++i)
            threads.emplace_back(guarded, i);
        guarded(0);
    } // joined here
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace incimap::core
