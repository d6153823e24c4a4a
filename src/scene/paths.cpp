#include "scene/paths.hpp"

#include <cstdlib>
#include <filesystem>

namespace incimap::scene {

namespace {

std::string xdg_dir(const char* variable, const char* fallback) {
    std::filesystem::path base;
    if (const char* v = std::getenv(variable); v && *v == '/')
        base = v;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / fallback;
    else
        base = std::filesystem::temp_directory_path();
    const auto dir = base / "incimap";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    return dir.string();
}

} // namespace

std::string config_dir() { return xdg_dir("XDG_CONFIG_HOME", ".config"); }
std::string state_dir() { return xdg_dir("XDG_STATE_HOME", ".local/state"); }
std::string cache_dir() { return xdg_dir("XDG_CACHE_HOME", ".cache"); }

std::string source_name(const std::string& path) {
    if (path.rfind("PG:", 0) != 0)
        return std::filesystem::path(path).filename().string();
    // "PG:dbname=incidents host=…": the value after "dbname=" up to a space or quote.
    const std::size_t at = path.find("dbname=");
    if (at == std::string::npos)
        return "PostGIS";
    std::size_t begin = at + 7;
    const bool quoted = begin < path.size() && path[begin] == '\'';
    begin += quoted ? 1 : 0;
    const std::size_t end = path.find(quoted ? '\'' : ' ', begin);
    return "PostGIS " + path.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

} // namespace incimap::scene
