#include "scene/session_timeline.hpp"

#include "core/duration.hpp"
#include "geo/gdal/postgis_source.hpp"

#include <filesystem>

namespace incimap::scene {

namespace {

namespace fs = std::filesystem;

// A name or null.
nlohmann::ordered_json name_or_null(const std::string& name) {
    return name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(name);
}

bool is_file_path(const std::string& path) {
    return !path.empty() && !geo::is_postgis_connection(path) &&
           path.find("://") == std::string::npos && path.rfind("/vsi", 0) != 0 &&
           path != "offline" && path != "none";
}

template <class F> void each_path(Session& s, F&& f) {
    for (std::string& p : s.files)
        f(p);
    if (s.selected)
        f(s.selected->file);
    for (std::string& p : s.hidden_files)
        f(p);
    for (Session::FileStyle& st : s.styles)
        f(st.file);
    f(s.basemap);
    for (auto& named : s.layer_names) // issue 20 (panels)
        f(named.first);
    for (core::SourceLayers& l : s.source_layers) // issue 15
        f(l.source);
    for (Session::LiveFile& l : s.live_files) // issue 17: written, not read
        f(l.file);
}

} // namespace

void write_timeline_keys(const Session& s, nlohmann::ordered_json& j) {
    j["time"]["fade"] = s.fade_ms > 0 ? nlohmann::ordered_json(core::format_duration(s.fade_ms))
                                      : nlohmann::ordered_json(nullptr);
    if (s.theme)
        j["style"]["theme"] = *s.theme;
    auto& layers = j["style"]["layers"];
    for (std::size_t i = 0; i < s.styles.size() && i < layers.size(); ++i)
        if (const auto& tf = s.styles[i].time_fields) {
            layers[i]["time_field"] = name_or_null(tf->start);
            layers[i]["end_field"] = name_or_null(tf->end);
        }
}

void read_timeline_keys(const nlohmann::json& j, Session& s) {
    if (j.contains("time") && j["time"].is_object() && j["time"].contains("fade") &&
        j["time"]["fade"].is_string())
        s.fade_ms = core::parse_duration(j["time"]["fade"].get<std::string>()).value_or(0);
    if (!j.contains("style") || !j["style"].is_object())
        return;
    const auto& st = j["style"];
    if (st.contains("theme") && st["theme"].is_string()) {
        const std::string t = st["theme"].get<std::string>();
        if (t == "light" || t == "dark" || t == "system")
            s.theme = t;
    }
    if (!st.contains("layers") || !st["layers"].is_array())
        return;
    std::size_t k = 0; // s.styles holds the entries session.cpp kept, in order
    for (const auto& l : st["layers"]) {
        if (!l.is_object() || !l.contains("file") || !l["file"].is_string())
            continue;
        if (k >= s.styles.size())
            break;
        Session::FileStyle& fs = s.styles[k++];
        if (!l.contains("time_field"))
            continue;
        const auto name = [&l](const char* key) {
            return l.contains(key) && l[key].is_string() ? l[key].get<std::string>()
                                                         : std::string();
        };
        fs.time_fields = core::TimeFields{name("time_field"), name("end_field")};
    }
}

std::string path_for_session(const std::string& path, const std::string& folder) {
    if (!is_file_path(path))
        return path;
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
    const fs::path dir = fs::weakly_canonical(fs::absolute(folder.empty() ? "." : folder, ec), ec);
    if (ec)
        return path;
    const fs::path rel = abs.lexically_relative(dir);
    if (rel.empty() || *rel.begin() == "..")
        return abs.string(); // outside the session's folder: where it is
    return rel.string();
}

std::string path_from_session(const std::string& path, const std::string& folder) {
    if (!is_file_path(path) || fs::path(path).is_absolute())
        return path;
    return (fs::path(folder.empty() ? "." : folder) / path).lexically_normal().string();
}

bool same_file(const std::string& a, const std::string& b) {
    if (a == b)
        return true;
    if (!is_file_path(a) || !is_file_path(b))
        return false;
    std::error_code ec;
    const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
    const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
    return !ec && ca == cb;
}

void store_paths_relative(Session& s, const std::string& folder) {
    each_path(s, [&](std::string& p) { p = path_for_session(p, folder); });
}

void resolve_stored_paths(Session& s, const std::string& folder) {
    each_path(s, [&](std::string& p) { p = path_from_session(p, folder); });
}

} // namespace incimap::scene
