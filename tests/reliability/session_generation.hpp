#pragma once
// The sessions of the kill-during-write test: generation n's content is a function of n, so
// a file read back can be checked whole (the payload and file list are those of its n).

#include "scene/session.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace incimap::test {

inline std::uint64_t mix(std::uint64_t x) { // splitmix64
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

inline scene::Session session_for_generation(std::uint64_t n) {
    scene::Session s;
    const std::uint64_t h = mix(n);
    for (std::uint64_t k = 0; k < 1 + h % 64; ++k)
        s.files.push_back("/data/generation-" + std::to_string(n) + "/layer-" + std::to_string(k) +
                          ".geojson");
    const std::size_t payload = 100 + static_cast<std::size_t>((h >> 8) % 1500000);
    s.search = "gen=" + std::to_string(n) + ";";
    s.search.reserve(s.search.size() + payload);
    for (std::size_t i = 0; i < payload; ++i)
        s.search += static_cast<char>('a' + (n + i) % 26);
    s.center = core::LonLat{static_cast<double>(n % 360) - 180.0, 0.5};
    s.zoom = static_cast<double>(n % 20);
    s.window_w = 800 + static_cast<int>(n % 400);
    s.window_h = 600;
    return s;
}

// The generation a session says it is, when its whole content is that generation's.
inline std::optional<std::uint64_t> generation_of(const scene::Session& s) {
    if (s.search.rfind("gen=", 0) != 0)
        return std::nullopt;
    const std::uint64_t n = std::strtoull(s.search.c_str() + 4, nullptr, 10);
    const scene::Session expected = session_for_generation(n);
    if (s.search != expected.search || s.files != expected.files || s.zoom != expected.zoom ||
        s.window_w != expected.window_w)
        return std::nullopt;
    return n;
}

} // namespace incimap::test
