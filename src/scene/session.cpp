#include "scene/session.hpp"

#include "core/duration.hpp"

#include "core/camera.hpp"
#include "geo/write/atomic_file.hpp"
#include "scene/area_json.hpp"
#include "scene/bookmarks.hpp"
#include "scene/session_timeline.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

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

// Whether `j` is shaped like an incimap session, so that saving over it loses nothing the
// user wrote: a GeoJSON, a TopoJSON, a package.json or any other JSON object is not. A
// hand-written session (no "version") passes when it holds only session keys.
bool is_session_shaped(const nlohmann::json& j, std::string& why) {
    static constexpr const char* kKeys[] = {"version", "files",   "camera", "time",
                                            "selected", "filters", "style",  "window",
                                            "bookmarks", "compare", "range_rings" /* issue 17 */,
                                            "live" /* issue 17: live files */,
                                            "panels" /* issue 20 */,
                                            "source_layers" /* issue 15 */,
                                            "area" /* issue 17: focus on an area */};
    for (const char* data_key : {"type", "features", "geometry", "objects"})
        if (j.contains(data_key)) {
            why = std::string("not an incimap session (it has \"") + data_key +
                  "\": GeoJSON or other data)";
            return false;
        }
    if (j.contains("files") && !j["files"].is_array()) {
        why = "not an incimap session (\"files\" is not a list)";
        return false;
    }
    const auto version = j.find("version");
    if (version != j.end() && version->is_number_integer() && version->get<double>() >= 1)
        return true;
    for (const auto& item : j.items())
        if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) {
                return item.key() == k;
            }) == std::end(kKeys)) {
            why = "not an incimap session (no \"version\", and a key \"" +
                  item.key().substr(0, 40) + "\" that sessions do not have)";
            return false;
        }
    return true;
}

// The instant a session's "from"/"to" text names, when it lies within the years 1000..3000.
std::optional<core::UnixMs> session_time(const nlohmann::json& v) {
    if (!v.is_string())
        return std::nullopt;
    const auto p = core::parse_time(v.get<std::string>());
    if (!p || p->start_ms < kEarliestSessionMs || p->start_ms > kLatestSessionMs)
        return std::nullopt;
    return p->start_ms;
}

std::string errno_text() { return std::strerror(errno); }

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
    if (s.step_ms > 0)
        time["step"] = core::format_duration(s.step_ms);
    else
        time["step"] = nullptr;
    time["loop"] = s.loop;
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
    j["filters"] = {{"search", s.search},
                    {"hidden_categories", s.hidden_categories},
                    {"hidden_files", s.hidden_files}};
    ordered_json layers = ordered_json::array();
    for (const Session::FileStyle& f : s.styles) {
        ordered_json l;
        l["file"] = f.file;
        const auto field = [](const std::optional<std::string>& v) {
            return v ? ordered_json(*v) : ordered_json(nullptr);
        };
        if (f.colour_by)
            l["colour_by"] = field(*f.colour_by);
        if (f.size_by)
            l["size_by"] = field(*f.size_by);
        layers.push_back(l);
    }
    j["style"] = {{"heat", s.heat}, {"layers", layers}};
    j["style"]["basemap"] = {{"source", s.basemap}, // issue 16
                             {"opacity", s.basemap_opacity},
                             {"quiet", s.basemap_quiet}};
    j["window"] = {{"size", {s.window_w, s.window_h}},
                   {"scale", s.window_scale},
                   {"map", {s.map_x, s.map_y, s.map_w, s.map_h}}};
    if (!s.bookmarks.empty()) // issue 17
        j["bookmarks"] = bookmarks_to_json(s.bookmarks);
    if (s.compare && !s.compare->is_all()) // issue 17
        j["compare"] = {{"from", core::format_iso_utc(s.compare->from)},
                        {"to", core::format_iso_utc(s.compare->to)}};
    if (!s.ring_centres.empty()) { // issue 17
        ordered_json centres = ordered_json::array();
        for (const core::LonLat& c : s.ring_centres)
            centres.push_back({c.lon, c.lat});
        j["range_rings"] = {{"centers", centres}, {"radii_km", s.ring_radii_km}};
    }
    { // issue 17: follow a live file
        ordered_json files = ordered_json::array();
        for (const Session::LiveFile& f : s.live_files) {
            ordered_json o = {{"file", f.file}, {"incidents", f.incidents}, {"reloads", f.reloads}};
            if (!f.note.empty())
                o["note"] = f.note;
            files.push_back(o);
        }
        j["live"] = {{"watch", s.watch_files}, {"follow_newest", s.follow_newest}, {"files", files}};
    }
    if (!s.layer_names.empty() || !s.list_columns.empty()) { // issue 20 (panels)
        ordered_json names = ordered_json::array();
        for (const auto& [file, name] : s.layer_names)
            names.push_back({{"file", file}, {"name", name}});
        j["panels"] = {{"layer_names", names}, {"list_columns", s.list_columns}};
    }
    if (!s.source_layers.empty()) { // issue 15
        ordered_json chosen = ordered_json::array();
        for (const core::SourceLayers& l : s.source_layers)
            chosen.push_back({{"file", l.source}, {"layers", l.layers}});
        j["source_layers"] = chosen;
    }
    if (s.area) { // issue 17: focus on an area
        j["area"] = area_to_json(*s.area);
        j["area"]["shown"] = s.area_shown;
    }
    write_timeline_keys(s, j); // issue 20
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<Session> session_from_json(const std::string& text, std::string& error) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    if (!is_session_shaped(j, error))
        return std::nullopt;
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
                c["center"][0].is_number() && c["center"][1].is_number()) {
                const double lon = c["center"][0].get<double>(), lat = c["center"][1].get<double>();
                if (std::abs(lon) <= 180 && std::abs(lat) <= 90) // else the data decides
                    s.center = core::LonLat{lon, lat};
            }
            if (c.contains("zoom") && c["zoom"].is_number())
                s.zoom = std::clamp(c["zoom"].get<double>(), core::kMinZoom, core::kMaxZoom);
        }
        if (j.contains("time") && j["time"].is_object()) {
            const auto& t = j["time"];
            core::TimeWindow w;
            bool any = false;
            // Outside the years 1000..3000 an end is dropped (left open); from after to is
            // swapped, an empty window dropped.
            const nlohmann::json none;
            const std::optional<core::UnixMs> from = session_time(t.value("from", none));
            const std::optional<core::UnixMs> to = session_time(t.value("to", none));
            if (from && to && *from == *to) {
                any = true;
            } else {
                if (from) {
                    w.from = to ? std::min(*from, *to) : *from;
                    any = true;
                }
                if (to) {
                    w.to = from ? std::max(*from, *to) : *to;
                    any = true;
                }
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
                s.speed_days_per_s = std::clamp(t["speed"].get<double>(), kMinSpeedDaysPerS,
                                                kMaxSpeedDaysPerS);
            if (t.contains("step") && t["step"].is_string())
                s.step_ms = core::parse_duration(t["step"].get<std::string>()).value_or(0);
            if (t.contains("loop") && t["loop"].is_boolean())
                s.loop = t["loop"].get<bool>();
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
        if (j.contains("filters") && j["filters"].is_object()) {
            const auto& f = j["filters"];
            if (f.contains("search") && f["search"].is_string())
                s.search = f["search"].get<std::string>();
            if (f.contains("hidden_categories") && f["hidden_categories"].is_array())
                for (const auto& v : f["hidden_categories"])
                    if (v.is_string())
                        s.hidden_categories.insert(v.get<std::string>());
            if (f.contains("hidden_files") && f["hidden_files"].is_array())
                for (const auto& v : f["hidden_files"])
                    if (v.is_string())
                        s.hidden_files.push_back(v.get<std::string>());
        }
        if (j.contains("style") && j["style"].is_object()) {
            const auto& st = j["style"];
            if (st.contains("heat") && st["heat"].is_boolean())
                s.heat = st["heat"].get<bool>();
            if (st.contains("layers") && st["layers"].is_array())
                for (const auto& l : st["layers"]) {
                    if (!l.is_object() || !l.contains("file") || !l["file"].is_string())
                        continue;
                    Session::FileStyle fs;
                    fs.file = l["file"].get<std::string>();
                    const auto field = [&l](const char* key,
                                            std::optional<std::optional<std::string>>& out) {
                        if (!l.contains(key))
                            return;
                        if (l[key].is_string())
                            out = std::optional<std::string>(l[key].get<std::string>());
                        else if (l[key].is_null())
                            out = std::optional<std::string>();
                    };
                    field("colour_by", fs.colour_by);
                    field("size_by", fs.size_by);
                    s.styles.push_back(std::move(fs));
                }
        }
        // Basemaps (issue 16): a file is only a path here; it is opened read-only, if at all.
        if (j.contains("style") && j["style"].is_object() && j["style"].contains("basemap") &&
            j["style"]["basemap"].is_object()) {
            const auto& b = j["style"]["basemap"];
            if (b.contains("source") && b["source"].is_string() &&
                !b["source"].get<std::string>().empty())
                s.basemap = b["source"].get<std::string>().substr(0, 4096);
            if (b.contains("opacity") && b["opacity"].is_number() &&
                std::isfinite(b["opacity"].get<double>()))
                s.basemap_opacity = std::clamp(b["opacity"].get<double>(), 0.0, 1.0);
            if (b.contains("quiet") && b["quiet"].is_boolean())
                s.basemap_quiet = b["quiet"].get<bool>();
        }
        if (j.contains("window") && j["window"].is_object()) {
            const auto& w = j["window"];
            if (w.contains("size") && w["size"].is_array() && w["size"].size() == 2) {
                const auto width = int_in_range(w["size"][0]);
                const auto height = int_in_range(w["size"][1]);
                // [0, 0] is what a session saved without a window says: none given.
                if (width && height && (*width != 0 || *height != 0)) { // 65535 crashed GLFW
                    s.window_w = std::clamp(*width, kMinWindowPx, kMaxWindowPx);
                    s.window_h = std::clamp(*height, kMinWindowPx, kMaxWindowPx);
                }
            }
            if (w.contains("scale") && w["scale"].is_number()) {
                const double scale = w["scale"].get<double>();
                if (std::isfinite(scale))
                    s.window_scale = static_cast<float>(std::clamp(scale, 0.5, 4.0));
            }
        }
        if (j.contains("bookmarks")) // issue 17
            s.bookmarks = bookmarks_from_json(j["bookmarks"]);
        if (j.contains("range_rings") && j["range_rings"].is_object()) { // issue 17
            const auto& r = j["range_rings"];
            if (r.contains("centers") && r["centers"].is_array())
                for (const auto& c : r["centers"])
                    if (c.is_array() && c.size() == 2 && c[0].is_number() && c[1].is_number() &&
                        s.ring_centres.size() < 1000) {
                        const core::LonLat ll{c[0].get<double>(), c[1].get<double>()};
                        if (core::is_valid_lonlat(ll))
                            s.ring_centres.push_back(ll);
                    }
            if (r.contains("radii_km") && r["radii_km"].is_array())
                for (const auto& v : r["radii_km"])
                    if (v.is_number() && s.ring_radii_km.size() < 16)
                        s.ring_radii_km.push_back(v.get<double>()); // checked when applied
        }
        if (j.contains("source_layers") && j["source_layers"].is_array()) // issue 15
            for (const auto& l : j["source_layers"]) {
                if (!l.is_object() || !l.contains("file") || !l["file"].is_string() ||
                    !l.contains("layers") || !l["layers"].is_array())
                    continue;
                core::SourceLayers chosen{l["file"].get<std::string>(), {}};
                for (const auto& name : l["layers"])
                    if (name.is_string() && chosen.layers.size() < 10000)
                        chosen.layers.push_back(name.get<std::string>());
                if (!chosen.layers.empty() && s.source_layers.size() < 10000)
                    s.source_layers.push_back(std::move(chosen));
            }
        if (j.contains("compare") && j["compare"].is_object()) { // issue 17
            const nlohmann::json none;
            const auto from = session_time(j["compare"].value("from", none));
            const auto to = session_time(j["compare"].value("to", none));
            if (from && to && *from < *to) {
                core::TimeWindow b;
                b.from = *from;
                b.to = *to;
                s.compare = b;
            }
        }
        if (j.contains("live") && j["live"].is_object()) { // issue 17: follow a live file
            const auto& l = j["live"];
            if (l.contains("watch") && l["watch"].is_boolean())
                s.watch_files = l["watch"].get<bool>();
            if (l.contains("follow_newest") && l["follow_newest"].is_boolean())
                s.follow_newest = l["follow_newest"].get<bool>();
        }
        if (j.contains("panels") && j["panels"].is_object()) { // issue 20 (panels)
            const auto& p = j["panels"];
            if (p.contains("layer_names") && p["layer_names"].is_array())
                for (const auto& l : p["layer_names"])
                    if (l.is_object() && l.contains("file") && l["file"].is_string() &&
                        l.contains("name") && l["name"].is_string() && s.layer_names.size() < 1000)
                        s.layer_names.emplace_back(l["file"].get<std::string>(),
                                                   l["name"].get<std::string>().substr(0, 200));
            if (p.contains("list_columns") && p["list_columns"].is_array())
                for (const auto& c : p["list_columns"])
                    if (c.is_string() && s.list_columns.size() < 16)
                        s.list_columns.push_back(c.get<std::string>());
        }
        if (j.contains("area")) // issue 17: focus on an area
            s.area = area_from_json(j["area"]);
        read_timeline_keys(j, s); // issue 20
    } catch (const nlohmann::json::exception& e) {
        error = std::string("unexpected value: ") + e.what();
        return std::nullopt;
    }
    return s;
}

std::optional<Session> load_session(const std::string& path, std::string& error) {
    // Looked at before it is opened: opening a FIFO would block, /dev/zero never ends.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = "cannot read " + path + ": " + errno_text();
        return std::nullopt;
    }
    if (S_ISDIR(st.st_mode)) {
        error = path + ": is a folder, not a session file";
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        error = path + ": not a regular file (a device, FIFO or socket), not a session file";
        return std::nullopt;
    }
    const auto too_big = [&] {
        error = path + ": larger than " + std::to_string(kMaxSessionBytes >> 20) +
                " MiB, too large for a session file; not read";
        return std::nullopt;
    };
    if (static_cast<std::uintmax_t>(st.st_size) > kMaxSessionBytes)
        return too_big();
    // O_NONBLOCK: a FIFO put there since the stat must not block the window either.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot read " + path + ": " + errno_text();
        return std::nullopt;
    }
    std::string text;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        error = path + ": not a regular file (a device, FIFO or socket), not a session file";
        return std::nullopt;
    }
    char buf[1 << 16];
    while (text.size() <= kMaxSessionBytes) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (text.size() > kMaxSessionBytes)
        return too_big();
    auto s = session_from_json(text, error);
    if (!s)
        error = path + ": " + error;
    else // issue 20: relative paths are the session folder's
        resolve_stored_paths(*s, std::filesystem::path(path).parent_path().string());
    return s;
}

SessionFile open_session_file(const std::string& path) {
    SessionFile f;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        // Missing (a dangling link too): the window creates it. Unreadable: left alone.
        f.writable = errno == ENOENT;
        if (!f.writable)
            f.error = "cannot read " + path + ": " + errno_text() +
                      "; starting without it, and the session is not saved";
        return f;
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0) {
        f.writable = true; // an empty file holds nothing to lose
        return f;
    }
    f.session = load_session(path, f.error);
    f.writable = f.session.has_value();
    if (!f.writable)
        f.error += "; it is left as it is: starting without it, and the session is not saved";
    return f;
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
    return geo::write_file_atomically(path, text);
}

std::string save_session(const Session& s, const std::string& path) {
    Session stored = s; // issue 20: paths inside the session's folder, relative to it
    store_paths_relative(stored, std::filesystem::path(path).parent_path().string());
    return write_file_atomically(path, session_to_json(stored));
}

} // namespace incimap::scene
