#include "geo/tile_cache.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace incimap::geo {

std::uint64_t tile_cache_bound_bytes() {
    constexpr std::uint64_t kMiB = 1024 * 1024;
    if (const char* v = std::getenv("INCIMAP_TILE_CACHE_MIB")) {
        char* end = nullptr;
        const unsigned long long mib = std::strtoull(v, &end, 10);
        if (end != v && *end == '\0' && mib >= 1 && mib <= 65536)
            return mib * kMiB;
    }
    return 512 * kMiB;
}

std::string tile_service_folder(const std::string& tiles_root, const std::string& url_template) {
    std::uint64_t h = 1469598103934665603ull; // FNV-1a, 64 bits
    for (unsigned char c : url_template) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char name[17];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(h));
    return tiles_root + "/" + name;
}

std::uint64_t prune_tile_cache(const std::string& tiles_root, std::uint64_t max_bytes) {
    namespace fs = std::filesystem;
    struct File {
        fs::file_time_type written;
        std::uint64_t bytes;
        fs::path path;
    };
    std::vector<File> files;
    std::uint64_t total = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(
             tiles_root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code e2;
        if (!it->is_regular_file(e2) || it->is_symlink(e2))
            continue;
        const std::uint64_t bytes = it->file_size(e2);
        if (e2)
            continue;
        files.push_back({it->last_write_time(e2), bytes, it->path()});
        total += bytes;
    }
    if (total <= max_bytes)
        return total;
    std::sort(files.begin(), files.end(),
              [](const File& a, const File& b) { return a.written < b.written; });
    const std::uint64_t target = max_bytes / 10 * 8;
    for (const File& f : files) {
        if (total <= target)
            break;
        std::error_code e2;
        if (fs::remove(f.path, e2))
            total -= f.bytes;
    }
    return total;
}

} // namespace incimap::geo
