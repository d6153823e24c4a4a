#include "scene/bookmarks.hpp"

#include "core/camera.hpp"
#include "geo/write/atomic_file.hpp"
#include "scene/area_json.hpp"
#include "scene/paths.hpp"
#include "scene/session.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace incimap::scene {

namespace {

const char* mode_text(core::TimeMode m) {
    return m == core::TimeMode::Cumulative ? "cumulative"
           : m == core::TimeMode::Fade     ? "fade"
                                           : "window";
}

std::optional<core::UnixMs> time_of(const nlohmann::json& v) {
    if (!v.is_string())
        return std::nullopt;
    const auto p = core::parse_time(v.get<std::string>());
    if (!p || p->start_ms < kEarliestSessionMs || p->start_ms > kLatestSessionMs)
        return std::nullopt;
    return p->start_ms;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

nlohmann::ordered_json bookmarks_to_json(const std::vector<core::Bookmark>& bookmarks) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const core::Bookmark& b : bookmarks) {
        nlohmann::ordered_json j;
        j["name"] = b.name;
        j["center"] = {b.centre.lon, b.centre.lat};
        j["zoom"] = b.zoom;
        if (b.window.is_all()) {
            j["from"] = nullptr;
            j["to"] = nullptr;
        } else {
            j["from"] = core::format_iso_utc(b.window.from);
            j["to"] = core::format_iso_utc(b.window.to);
        }
        j["mode"] = mode_text(b.window.mode);
        j["search"] = b.search;
        j["hidden_categories"] = b.hidden_categories;
        if (b.area) // the focus area (p17k); none writes no key
            j["area"] = area_to_json(*b.area);
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<core::Bookmark> bookmarks_from_json(const nlohmann::json& array) {
    std::vector<core::Bookmark> out;
    if (!array.is_array())
        return out;
    for (const auto& j : array) {
        if (out.size() >= kMaxBookmarks)
            break;
        if (!j.is_object() || !j.contains("name") || !j["name"].is_string())
            continue;
        core::Bookmark b;
        b.name = j["name"].get<std::string>().substr(0, 200);
        const auto c = j.find("center");
        if (c == j.end() || !c->is_array() || c->size() != 2 || !(*c)[0].is_number() ||
            !(*c)[1].is_number())
            continue;
        b.centre = {(*c)[0].get<double>(), (*c)[1].get<double>()};
        if (!core::is_valid_lonlat(b.centre))
            continue;
        if (j.contains("zoom") && j["zoom"].is_number() && std::isfinite(j["zoom"].get<double>()))
            b.zoom = std::clamp(j["zoom"].get<double>(), core::kMinZoom, core::kMaxZoom);
        const nlohmann::json none;
        const auto from = time_of(j.value("from", none)), to = time_of(j.value("to", none));
        if (from && to && *from < *to) {
            b.window.from = *from;
            b.window.to = *to;
        }
        if (j.contains("mode") && j["mode"].is_string()) {
            const std::string m = j["mode"].get<std::string>();
            b.window.mode = m == "cumulative" ? core::TimeMode::Cumulative
                            : m == "fade"     ? core::TimeMode::Fade
                                              : core::TimeMode::Window;
        }
        if (j.contains("search") && j["search"].is_string())
            b.search = j["search"].get<std::string>();
        if (j.contains("hidden_categories") && j["hidden_categories"].is_array())
            for (const auto& v : j["hidden_categories"])
                if (v.is_string())
                    b.hidden_categories.insert(v.get<std::string>());
        if (j.contains("area")) // the focus area (p17k); a bad one is dropped, not the bookmark
            b.area = area_from_json(j["area"]);
        out.push_back(std::move(b));
    }
    return out;
}

std::string bookmarks_path() { return config_dir() + "/bookmarks.json"; }

std::vector<core::Bookmark> load_bookmarks(const std::string& path, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {}; // none yet
    if (!S_ISREG(st.st_mode) || static_cast<std::uintmax_t>(st.st_size) > kMaxSessionBytes) {
        error = path + ": not a bookmarks file (not a regular file, or too large)";
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("bookmarks")) {
        error = path + ": not a bookmarks file (expected {\"bookmarks\": [...]})";
        return {};
    }
    return bookmarks_from_json(j["bookmarks"]);
}

std::string save_bookmarks(const std::vector<core::Bookmark>& bookmarks, const std::string& path) {
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["bookmarks"] = bookmarks_to_json(bookmarks);
    return geo::write_file_atomically(
        path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::optional<core::Bookmark> find_bookmark(const std::vector<core::Bookmark>& bookmarks,
                                            const std::string& name) {
    for (const auto& b : bookmarks)
        if (b.name == name)
            return b;
    for (const auto& b : bookmarks)
        if (lower(b.name) == lower(name))
            return b;
    return std::nullopt;
}

std::string unique_bookmark_name(const std::vector<core::Bookmark>& bookmarks, std::string name) {
    const auto taken = [&](const std::string& n) {
        return std::any_of(bookmarks.begin(), bookmarks.end(),
                           [&](const core::Bookmark& b) { return b.name == n; });
    };
    if (name.empty()) {
        for (std::size_t k = bookmarks.size() + 1;; ++k)
            if (!taken("View " + std::to_string(k)))
                return "View " + std::to_string(k);
    }
    if (!taken(name))
        return name;
    for (int k = 2;; ++k)
        if (!taken(name + " (" + std::to_string(k) + ")"))
            return name + " (" + std::to_string(k) + ")";
}

} // namespace incimap::scene
