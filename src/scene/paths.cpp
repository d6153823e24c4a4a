#include "scene/paths.hpp"

#include "geo/write/atomic_file.hpp"

#include <cstdlib>
#include <fstream>
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

core::ThemeChoice load_theme() {
    std::ifstream in(config_dir() + "/theme");
    std::string word;
    if (in >> word) {
        if (word == "dark")
            return core::ThemeChoice::Dark;
        if (word == "system")
            return core::ThemeChoice::System;
    }
    return core::ThemeChoice::Light;
}

void save_theme(core::ThemeChoice theme) {
    const char* word = theme == core::ThemeChoice::Dark     ? "dark\n"
                       : theme == core::ThemeChoice::System ? "system\n"
                                                            : "light\n";
    (void)geo::write_file_atomically(config_dir() + "/theme", word); // a read-only home: kept in memory
}

bool system_prefers_dark() {
    const char* gtk = std::getenv("GTK_THEME");
    if (gtk == nullptr)
        return false;
    const std::string t = gtk;
    return t.size() >= 5 && t.compare(t.size() - 5, 5, ":dark") == 0;
}

} // namespace incimap::scene
