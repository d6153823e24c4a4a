#include "app/paths.hpp"

#include <cstdlib>
#include <filesystem>

namespace incimap::app {

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

} // namespace incimap::app
