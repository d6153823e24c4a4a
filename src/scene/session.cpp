#include "scene/session.hpp"

#include "geo/write/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>

namespace incimap::scene {

namespace {

using nlohmann::ordered_json;

const char* mode_name(core::TimeMode m) {
    switch (m) {
    case core::TimeMode::Cumulative: return "cumulative";
    case core::TimeMode::Fade: return "fade";
    case core::TimeMode::Window: break;
    }
    return "window";
}

// A JSON number as an int; nullopt when it is not a number or lies outside int's range
// (casting such a double to int is undefined behaviour: found by fuzzing).
std::optional<int> int_in_range(const nlohmann::json& v) {
    if (!v.is_number())
        return std::nullopt;
    const double d = v.get<double>();
    if (!(d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max()))
        return std::nullopt;
    return static_cast<int>(d);
}

} // namespace

std::string session_to_json(const Session& s) {
    ordered_json j;
    j["version"] = 1;
    j["files"] = s.files;
    ordered_json cam;
    cam["projection"] = s.projection;
    if (s.center)
        cam["center"] = {s.center->lon, s.center->lat};
    if (s.zoom)
        cam["zoom"] = *s.zoom;
    j["camera"] = cam;
    ordered_json time;
    if (s.window && !s.window->is_all()) {
        time["from"] = core::format_iso_utc(s.window->from);
        time["to"] = core::format_iso_utc(s.window->to);
    } else {
        time["from"] = nullptr;
        time["to"] = nullptr;
    }
    time["mode"] = mode_name(s.window ? s.window->mode : core::TimeMode::Window);
    time["playing"] = s.playing;
    time["speed"] = s.speed_days_per_s;
    time["show_undated"] = s.window ? s.window->show_undated : true;
    j["time"] = time;
    if (s.selected) {
        ordered_json sel;
        sel["file"] = s.selected->file;
        sel["index"] = s.selected->index;
        sel["id"] = s.selected->id_text ? ordered_json(*s.selected->id_text)
                    : s.selected->id    ? ordered_json(*s.selected->id)
                                        : ordered_json(nullptr);
        j["selected"] = sel;
    } else {
        j["selected"] = nullptr;
    }
    j["filters"] = {{"search", s.search}};
    j["style"] = {{"heat", s.heat}};
    j["window"] = {{"size", {s.window_w, s.window_h}},
                   {"map", {s.map_x, s.map_y, s.map_w, s.map_h}}};
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<Session> session_from_json(const std::string& text, std::string& error) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    Session s;
    try {
        if (j.contains("files") && j["files"].is_array())
            for (const auto& f : j["files"])
                if (f.is_string())
                    s.files.push_back(f.get<std::string>());
        if (j.contains("camera") && j["camera"].is_object()) {
            const auto& c = j["camera"];
            if (c.contains("projection") && c["projection"].is_string())
                s.projection = c["projection"].get<std::string>();
            if (c.contains("center") && c["center"].is_array() && c["center"].size() == 2 &&
                c["center"][0].is_number() && c["center"][1].is_number())
                s.center = core::LonLat{c["center"][0].get<double>(), c["center"][1].get<double>()};
            if (c.contains("zoom") && c["zoom"].is_number())
                s.zoom = c["zoom"].get<double>();
        }
        if (j.contains("time") && j["time"].is_object()) {
            const auto& t = j["time"];
            core::TimeWindow w;
            bool any = false;
            if (t.contains("from") && t["from"].is_string())
                if (auto p = core::parse_time(t["from"].get<std::string>())) {
                    w.from = p->start_ms;
                    any = true;
                }
            if (t.contains("to") && t["to"].is_string())
                if (auto p = core::parse_time(t["to"].get<std::string>())) {
                    w.to = p->start_ms;
                    any = true;
                }
            if (t.contains("mode") && t["mode"].is_string()) {
                const std::string m = t["mode"].get<std::string>();
                w.mode = m == "cumulative" ? core::TimeMode::Cumulative
                         : m == "fade"     ? core::TimeMode::Fade
                                           : core::TimeMode::Window;
                any = true;
            }
            if (t.contains("show_undated") && t["show_undated"].is_boolean())
                w.show_undated = t["show_undated"].get<bool>();
            if (any)
                s.window = w;
            if (t.contains("playing") && t["playing"].is_boolean())
                s.playing = t["playing"].get<bool>();
            if (t.contains("speed") && t["speed"].is_number())
                s.speed_days_per_s = t["speed"].get<double>();
        }
        if (j.contains("selected") && j["selected"].is_object()) {
            const auto& sel = j["selected"];
            Session::Selected out;
            if (sel.contains("file") && sel["file"].is_string())
                out.file = sel["file"].get<std::string>();
            if (sel.contains("index") && sel["index"].is_number_integer())
                out.index = sel["index"].get<std::int64_t>();
            if (sel.contains("id") && sel["id"].is_number_integer())
                out.id = sel["id"].get<std::int64_t>();
            else if (sel.contains("id") && sel["id"].is_string())
                out.id_text = sel["id"].get<std::string>();
            s.selected = out;
        }
        if (j.contains("filters") && j["filters"].is_object() && j["filters"].contains("search") &&
            j["filters"]["search"].is_string())
            s.search = j["filters"]["search"].get<std::string>();
        if (j.contains("style") && j["style"].is_object() && j["style"].contains("heat") &&
            j["style"]["heat"].is_boolean())
            s.heat = j["style"]["heat"].get<bool>();
        if (j.contains("window") && j["window"].is_object()) {
            const auto& w = j["window"];
            if (w.contains("size") && w["size"].is_array() && w["size"].size() == 2) {
                const auto width = int_in_range(w["size"][0]);
                const auto height = int_in_range(w["size"][1]);
                if (width && height) {
                    s.window_w = *width;
                    s.window_h = *height;
                }
            }
        }
    } catch (const nlohmann::json::exception& e) {
        error = std::string("unexpected value: ") + e.what();
        return std::nullopt;
    }
    return s;
}

std::optional<Session> load_session(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read " + path;
        return std::nullopt;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    auto s = session_from_json(buf.str(), error);
    if (!s)
        error = path + ": " + error;
    return s;
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
    return geo::write_file_atomically(path, text);
}

std::string save_session(const Session& s, const std::string& path) {
    return write_file_atomically(path, session_to_json(s));
}

} // namespace incimap::scene
