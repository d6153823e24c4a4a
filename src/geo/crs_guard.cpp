#include "geo/crs_guard.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <nlohmann/json.hpp>
#include <proj.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace incimap::geo {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// PROJ's search path (PROJ_DATA, the user-writable folder, the compiled-in one).
const std::vector<fs::path>& proj_folders() {
    static const std::vector<fs::path> folders = [] {
        std::vector<fs::path> out;
        const std::string paths = proj_info().searchpath ? proj_info().searchpath : "";
        std::size_t at = 0;
        while (at <= paths.size()) {
            const std::size_t end = std::min(paths.find(':', at), paths.size());
            if (end > at)
                out.emplace_back(paths.substr(at, end - at));
            at = end + 1;
        }
        return out;
    }();
    return folders;
}

// Why PROJ must not be given the resource `name` (a grid or an init file), or "".
std::string check_resource(std::string name, bool is_init) {
    if (!name.empty() && name[0] == '@') // optional grid
        name.erase(0, 1);
    if (name.empty())
        return {};
    const bool has_folder = name.find('/') != std::string::npos ||
                            name.find('\\') != std::string::npos || name[0] == '~' ||
                            name[0] == '.' || name.find(':') != std::string::npos;
    if (has_folder)
        return "names the file " + name;
    if (is_init) // only the database's authorities need no file
        return (lower(name) == "epsg" || lower(name) == "ignf") ? "" : "names the file " + name;
    std::error_code ec;
    for (const auto& folder : proj_folders())
        if (fs::is_regular_file(folder / name, ec))
            return {};
    // Not one of PROJ's: PROJ would look in the current folder next.
    if (fs::exists(fs::symlink_status(name, ec)))
        return "names the file " + name + " outside PROJ's data folder";
    return {};
}

// `+key=value` parameters of PROJ strings (also inside WKT EXTENSION["PROJ4", …] or JSON).
std::string check_proj_parameters(std::string_view text) {
    static constexpr std::string_view kFileKeys[] = {"nadgrids", "geoidgrids", "grids",
                                                     "xy_grids", "z_grids",    "init",
                                                     "file",     "model"};
    const std::string low = lower(text);
    for (const std::string_view key : kFileKeys) {
        for (std::size_t at = low.find(key); at != std::string::npos;
             at = low.find(key, at + 1)) {
            if (at > 0 && is_key_char(low[at - 1]))
                continue;
            std::size_t i = at + key.size();
            while (i < low.size() && (low[i] == ' ' || low[i] == '\t'))
                ++i;
            if (i >= low.size() || low[i] != '=')
                continue;
            ++i;
            while (i < low.size() && (low[i] == ' ' || low[i] == '\t'))
                ++i;
            std::size_t end = i;
            while (end < low.size() && !std::isspace(static_cast<unsigned char>(low[end])) &&
                   low[end] != '"' && low[end] != '\'' && low[end] != ']' && low[end] != '+')
                ++end;
            const std::string value(text.substr(i, end - i));
            const std::string shown = "+" + std::string(key) + "=" + value;
            if (key == "init") {
                const std::size_t colon = value.rfind(':');
                const std::string file = colon == std::string::npos ? value : value.substr(0, colon);
                if (std::string why = check_resource(file, true); !why.empty())
                    return why + " (" + shown + ")";
                continue;
            }
            std::size_t from = 0;
            while (from <= value.size()) {
                const std::size_t comma = std::min(value.find(',', from), value.size());
                if (std::string why = check_resource(value.substr(from, comma - from), false);
                    !why.empty())
                    return why + " (" + shown + ")";
                from = comma + 1;
            }
        }
    }
    return {};
}

// Quoted strings of the definition: WKT's PARAMETERFILE and EXTENSION["PROJ4_GRIDS", …]
// name files; any string that is an absolute or home path is refused too.
std::string check_quoted(std::string_view text) {
    const std::string low = lower(text);
    for (std::size_t q = text.find('"'); q != std::string::npos;) {
        const std::size_t end = text.find('"', q + 1);
        if (end == std::string::npos)
            break;
        const std::string s(text.substr(q + 1, end - q - 1));
        if (!s.empty() && (s[0] == '/' || s[0] == '~' || s.rfind("./", 0) == 0 ||
                           s.rfind("../", 0) == 0 || s[0] == '\\' ||
                           (s.size() > 2 && s[1] == ':' && (s[2] == '/' || s[2] == '\\'))))
            return "names the file " + s;
        q = text.find('"', end + 1);
    }
    for (const std::string_view tag : {std::string_view("parameterfile["),
                                       std::string_view("\"proj4_grids\"")}) {
        for (std::size_t at = low.find(tag); at != std::string::npos; at = low.find(tag, at + 1)) {
            // The file is the last quoted string before the closing bracket.
            const std::size_t close = low.find(']', at);
            const std::size_t last_q = close == std::string::npos ? std::string::npos
                                                                  : low.rfind('"', close);
            const std::size_t first_q =
                last_q == std::string::npos || last_q == 0 ? std::string::npos
                                                           : low.rfind('"', last_q - 1);
            if (first_q == std::string::npos || first_q < at)
                continue;
            const std::string names(text.substr(first_q + 1, last_q - first_q - 1));
            std::size_t from = 0;
            while (from <= names.size()) {
                const std::size_t comma = std::min(names.find(',', from), names.size());
                if (std::string why = check_resource(names.substr(from, comma - from), false);
                    !why.empty())
                    return why;
                from = comma + 1;
            }
        }
    }
    return {};
}

// Every string in a JSON value, depth first.
void collect_strings(const nlohmann::json& j, std::vector<std::string>& out) {
    if (j.is_string()) {
        out.push_back(j.get<std::string>());
    } else if (j.is_structured()) {
        for (const auto& [key, value] : j.items()) {
            if (j.is_object())
                out.push_back(key);
            collect_strings(value, out);
        }
    }
}

struct VsiCloser {
    void operator()(VSILFILE* f) const { VSIFCloseL(f); }
};

} // namespace

std::string crs_names_a_file(std::string_view definition) {
    if (std::string why = check_proj_parameters(definition); !why.empty())
        return why;
    return check_quoted(definition);
}

std::string geojson_crs_names_a_file(const std::string& path) {
    std::unique_ptr<VSILFILE, VsiCloser> f(VSIFOpenL(path.c_str(), "rb"));
    if (!f)
        return {};
    // A small JSON scanner: top-level members only, strings skipped with their escapes.
    std::vector<char> buf(1 << 20);
    int depth = 0;
    bool in_string = false, escape = false;
    std::string token;       // the string being read at depth 1 (a key, or a short value)
    std::string last_string; // the last complete string at depth 1
    bool capturing = false;  // inside the crs member's value
    int capture_depth = 0;
    std::string captured;
    std::vector<std::string> crs_values;
    auto finish_capture = [&] {
        capturing = false;
        crs_values.push_back(std::move(captured));
        captured.clear();
    };
    std::size_t n = 0;
    while ((n = VSIFReadL(buf.data(), 1, buf.size(), f.get())) > 0) {
        for (std::size_t i = 0; i < n; ++i) {
            const char c = buf[i];
            if (capturing)
                captured.push_back(c);
            if (in_string) {
                if (depth == 1 && !capturing && token.size() < 64)
                    token.push_back(c);
                if (escape)
                    escape = false;
                else if (c == '\\')
                    escape = true;
                else if (c == '"') {
                    in_string = false;
                    if (depth == 1 && !capturing)
                        last_string = token;
                    if (capturing && depth == capture_depth)
                        finish_capture();
                }
                continue;
            }
            switch (c) {
            case '"':
                in_string = true;
                token = "\"";
                break;
            case '{':
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                --depth;
                if (capturing && depth == capture_depth) {
                    finish_capture();
                }
                break;
            case ',':
                if (capturing && depth == capture_depth) {
                    captured.pop_back();
                    finish_capture();
                }
                break;
            case ':':
                if (depth == 1 && !capturing) {
                    std::string key;
                    try {
                        key = lower(nlohmann::json::parse(last_string).get<std::string>());
                    } catch (const std::exception&) {
                    }
                    if (key == "crs") {
                        capturing = true;
                        capture_depth = 1;
                    }
                }
                break;
            default:
                break;
            }
        }
    }
    if (capturing)
        crs_values.push_back(std::move(captured));
    for (const auto& value : crs_values) {
        std::vector<std::string> strings;
        try {
            collect_strings(nlohmann::json::parse(value), strings);
        } catch (const std::exception&) {
            strings.push_back(value); // not valid JSON: GDAL will refuse it; check the text
        }
        for (const auto& s : strings)
            if (std::string why = crs_names_a_file(s); !why.empty())
                return why;
    }
    return {};
}

std::string sidecar_prj_names_a_file(const std::string& path) {
    for (const char* ext : {"prj", "PRJ"}) {
        const std::string prj = CPLResetExtension(path.c_str(), ext);
        VSIStatBufL st;
        if (VSIStatL(prj.c_str(), &st) != 0)
            continue;
        if (!VSI_ISREG(st.st_mode))
            return "has a " + prj + " that is not a regular file";
        std::unique_ptr<VSILFILE, VsiCloser> f(VSIFOpenL(prj.c_str(), "rb"));
        if (!f)
            continue;
        std::string text(1 << 20, '\0');
        text.resize(VSIFReadL(text.data(), 1, text.size(), f.get()));
        if (std::string why = crs_names_a_file(text); !why.empty())
            return why;
    }
    return {};
}

namespace {

// A FlatBuffers table read with bounds checks (https://flatbuffers.dev/md__internals.html):
// little-endian; a table starts with an int32 back to its vtable, whose uint16 entries (after
// two of sizes) give each field's offset in the table, 0 when absent.
class FlatTable {
public:
    FlatTable(std::string_view buf, std::size_t at) : m_buf(buf), m_at(at) {}
    // The root table of a buffer.
    static std::optional<FlatTable> root(std::string_view buf) {
        std::uint32_t at = 0;
        if (!read(buf, 0, at))
            return std::nullopt;
        return FlatTable(buf, at);
    }
    // Field `index` as a table or a string (an offset from where it is stored).
    std::optional<std::size_t> target(int index) const {
        const std::optional<std::size_t> at = field(index);
        std::uint32_t offset = 0;
        if (!at || !read(m_buf, *at, offset))
            return std::nullopt;
        return *at + offset;
    }
    std::optional<FlatTable> table(int index) const {
        const auto at = target(index);
        return at ? std::optional<FlatTable>(FlatTable(m_buf, *at)) : std::nullopt;
    }
    std::optional<std::string_view> string(int index) const {
        const auto at = target(index);
        std::uint32_t size = 0;
        if (!at || !read(m_buf, *at, size) || size > m_buf.size() - *at - 4)
            return std::nullopt;
        return m_buf.substr(*at + 4, size);
    }

private:
    template <class T> static bool read(std::string_view buf, std::size_t at, T& out) {
        if (at > buf.size() || buf.size() - at < sizeof(T))
            return false;
        std::memcpy(&out, buf.data() + at, sizeof(T)); // FlatBuffers and x86/ARM: little-endian
        return true;
    }
    std::optional<std::size_t> field(int index) const {
        std::int32_t back = 0;
        std::uint16_t vtable_size = 0, offset = 0;
        if (!read(m_buf, m_at, back))
            return std::nullopt;
        const auto vtable = static_cast<std::int64_t>(m_at) - back;
        if (vtable < 0 || !read(m_buf, static_cast<std::size_t>(vtable), vtable_size))
            return std::nullopt;
        const auto entry = static_cast<std::size_t>(4 + 2 * index);
        if (entry + 2 > vtable_size ||
            !read(m_buf, static_cast<std::size_t>(vtable) + entry, offset) || offset == 0)
            return std::nullopt;
        return m_at + offset;
    }
    std::string_view m_buf;
    std::size_t m_at;
};

// The FlatGeobuf header (https://github.com/flatgeobuf/flatgeobuf, header.fbs): field 10 of
// Header is the Crs table, whose strings are org (0), name (2), description (3), wkt (4) and
// code_string (5).
constexpr int kHeaderCrs = 10;
constexpr int kCrsStrings[] = {0, 2, 3, 4, 5};
// GDAL refuses headers over 10 MB; a header is kilobytes.
constexpr std::uint32_t kMaxFlatGeobufHeader = 16u << 20;

} // namespace

std::string flatgeobuf_crs_names_a_file(const std::string& path) {
    std::unique_ptr<VSILFILE, VsiCloser> f(VSIFOpenL(path.c_str(), "rb"));
    if (!f)
        return {};
    unsigned char head[12] = {};
    if (VSIFReadL(head, 1, sizeof head, f.get()) != sizeof head ||
        std::memcmp(head, "fgb", 3) != 0)
        return {}; // not a FlatGeobuf: GDAL says so
    std::uint32_t size = 0;
    std::memcpy(&size, head + 8, 4);
    if (size > kMaxFlatGeobufHeader)
        return {}; // GDAL refuses it ("Header size too large")
    std::string header(size, '\0');
    header.resize(VSIFReadL(header.data(), 1, header.size(), f.get()));
    const auto root = FlatTable::root(header);
    const auto crs = root ? root->table(kHeaderCrs) : std::nullopt;
    if (!crs)
        return {};
    for (const int field : kCrsStrings)
        if (const auto text = crs->string(field))
            if (std::string why = crs_names_a_file(*text); !why.empty())
                return why;
    return {};
}

} // namespace incimap::geo
