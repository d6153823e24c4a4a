#include "geo/gdal/source_checks.hpp"

#include "geo/crs_guard.hpp"
#include "geo/read_limits.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

namespace incimap::geo {

namespace {

// Distinct names, kept as 64-bit FNV-1a hashes so that memory stays at kMaxFields entries
// however long the names are (a collision only undercounts by one).
class DistinctNames {
public:
    void begin() { m_hash = 14695981039346656037ull; }
    void add_byte(unsigned char c) { m_hash = (m_hash ^ c) * 1099511628211ull; }
    // False once more than kMaxFields names were seen.
    bool end() {
        m_seen.insert(m_hash);
        return m_seen.size() <= kMaxFields;
    }

private:
    std::uint64_t m_hash = 0;
    std::unordered_set<std::uint64_t> m_seen;
};

bool is_name_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == ':' || c == '_' || c == '-' || c == '.';
}

// KML: the name attribute of <Data>, <SimpleData> and <SimpleField> (any namespace prefix).
// A state machine fed chunk by chunk; comments and CDATA are not told apart (a name there
// is counted too: only a file built to be refused has 10,000 of them).
class KmlNames {
public:
    bool feed(std::string_view chunk) {
        for (const char ch : chunk) {
            const auto c = static_cast<unsigned char>(ch);
            switch (m_state) {
            case State::Text:
                if (c == '<') {
                    m_state = State::TagName;
                    m_word.clear();
                }
                break;
            case State::TagName:
                if (is_name_char(c)) {
                    if (m_word.size() < 32)
                        m_word += static_cast<char>(c);
                } else {
                    std::string_view tag = m_word;
                    if (const auto colon = tag.rfind(':'); colon != std::string_view::npos)
                        tag.remove_prefix(colon + 1);
                    const bool wanted =
                        tag == "Data" || tag == "SimpleData" || tag == "SimpleField";
                    m_state = c == '>' ? State::Text : wanted ? State::Attrs : State::Skip;
                    m_word.clear();
                }
                break;
            case State::Attrs:
                if (c == '>') {
                    m_state = State::Text;
                } else if (c == '=') {
                    m_is_name = m_word == "name";
                    m_state = State::BeforeValue;
                } else if (is_name_char(c)) {
                    if (m_word.size() < 32)
                        m_word += static_cast<char>(c);
                } else {
                    m_word.clear();
                }
                break;
            case State::BeforeValue:
                if (c == '"' || c == '\'') {
                    m_quote = static_cast<char>(c);
                    m_state = State::Value;
                    if (m_is_name)
                        m_names.begin();
                } else if (c == '>') {
                    m_state = State::Text;
                }
                break;
            case State::Value:
                if (ch == m_quote) {
                    m_word.clear();
                    m_state = State::Attrs;
                    if (m_is_name && !m_names.end())
                        return false;
                } else if (m_is_name) {
                    m_names.add_byte(c);
                }
                break;
            case State::Skip:
                if (c == '>')
                    m_state = State::Text;
                break;
            }
        }
        return true;
    }

private:
    enum class State { Text, TagName, Attrs, BeforeValue, Value, Skip };
    State m_state = State::Text;
    std::string m_word;
    char m_quote = '"';
    bool m_is_name = false;
    DistinctNames m_names;
};

// JSON: every string followed by ':' is a key. Keys of the structure (type, geometry, …) and
// of nested objects count too: a dozen over the fields GDAL makes.
class JsonKeys {
public:
    bool feed(std::string_view chunk) {
        for (const char ch : chunk) {
            const auto c = static_cast<unsigned char>(ch);
            if (m_in_string) {
                if (m_escape)
                    m_escape = false;
                else if (c == '\\')
                    m_escape = true;
                else if (c == '"') {
                    m_in_string = false;
                    m_after_string = true;
                    continue;
                }
                m_names.add_byte(c);
            } else if (m_after_string && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                continue;
            } else {
                if (m_after_string && c == ':' && !m_names.end())
                    return false;
                m_after_string = false;
                if (c == '"') {
                    m_in_string = true;
                    m_names.begin();
                }
            }
        }
        return true;
    }

private:
    bool m_in_string = false, m_escape = false, m_after_string = false;
    DistinctNames m_names;
};

// GPX: the names of the elements directly inside an <extensions> (GDAL's GPX driver makes
// each a field, "ns:name" as "ns_name"). Comments and CDATA are not told apart (overcount
// only).
class GpxExtensions {
public:
    bool feed(std::string_view chunk) {
        for (const char ch : chunk) {
            const auto c = static_cast<unsigned char>(ch);
            switch (m_state) {
            case State::Text:
                if (c == '<') {
                    m_state = State::TagStart;
                    m_end_tag = false;
                    m_word.clear();
                    m_names.begin();
                }
                break;
            case State::TagStart:
                if (c == '/') {
                    m_end_tag = true;
                    m_state = State::Name;
                } else if (c == '!' || c == '?') {
                    m_state = State::Skip;
                } else {
                    m_state = State::Name;
                    if (!name_or_tag(c))
                        return false;
                }
                break;
            case State::Name:
                if (!name_or_tag(c))
                    return false;
                break;
            case State::InTag:
                if (!in_tag(c))
                    return false;
                break;
            case State::Quoted:
                if (ch == m_quote)
                    m_state = State::InTag;
                break;
            case State::Skip:
                if (c == '>')
                    m_state = State::Text;
                break;
            }
        }
        return true;
    }

private:
    enum class State { Text, TagStart, Name, InTag, Quoted, Skip };
    bool name_or_tag(unsigned char c) {
        if (is_name_char(c)) {
            m_names.add_byte(c);
            if (m_word.size() < 32)
                m_word += static_cast<char>(c);
            return true;
        }
        m_state = State::InTag;
        m_last = 0;
        return in_tag(c);
    }
    bool in_tag(unsigned char c) {
        if (c == '"' || c == '\'') {
            m_quote = static_cast<char>(c);
            m_state = State::Quoted;
        } else if (c == '>') {
            m_state = State::Text;
            return end_of_tag(m_last == '/');
        } else if (std::isspace(c) == 0) {
            m_last = c;
        }
        return true;
    }
    // False once more than kMaxFields extension names were seen.
    bool end_of_tag(bool self_closing) {
        if (m_end_tag) {
            if (m_depth > 0)
                --m_depth;
            return true;
        }
        if (m_depth == 1 && !m_names.end())
            return false;
        if (m_depth > 0) {
            if (!self_closing)
                ++m_depth;
            return true;
        }
        std::string_view local = m_word;
        if (const auto colon = local.rfind(':'); colon != std::string_view::npos)
            local.remove_prefix(colon + 1);
        if (local == "extensions" && !self_closing)
            m_depth = 1;
        return true;
    }

    State m_state = State::Text;
    std::string m_word;
    bool m_end_tag = false;
    unsigned char m_last = 0;
    char m_quote = '"';
    int m_depth = 0; // 1 directly inside an <extensions>, more further in; 0 outside
    DistinctNames m_names;
};

// CSV: the header's columns (the first line; separators inside quotes not counted).
class CsvHeader {
public:
    bool feed(std::string_view chunk) {
        for (const char c : chunk) {
            if (m_done)
                return true;
            if (c == '"')
                m_quoted = !m_quoted;
            else if (!m_quoted && (c == '\n' || c == '\r'))
                m_done = true;
            else if (!m_quoted && (c == ',' || c == ';' || c == '\t'))
                if (++m_separators[c == ',' ? 0 : c == ';' ? 1 : 2] >= kMaxFields)
                    return false;
        }
        return true;
    }
    bool done() const { return m_done; }

private:
    bool m_quoted = false, m_done = false;
    std::size_t m_separators[3] = {0, 0, 0};
};

// Feeds the file at `path` (any GDAL path) to `scanner` until it says over or the file ends.
// True when it went over.
template <class Scanner>
bool scan(const std::string& path, Scanner& scanner, const std::atomic<bool>* cancel) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
    if (f == nullptr)
        return false; // the driver will say what it cannot read
    std::vector<char> buffer(std::size_t{1} << 20);
    bool over = false;
    while (!over) {
        const std::size_t n = VSIFReadL(buffer.data(), 1, buffer.size(), f);
        over = !scanner.feed(std::string_view(buffer.data(), n));
        if constexpr (std::is_same_v<Scanner, CsvHeader>)
            if (scanner.done())
                break;
        if (n < buffer.size() || (cancel != nullptr && cancel->load()))
            break;
    }
    VSIFCloseL(f);
    return over;
}

bool starts_with_zip_magic(const std::string& path) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
    if (f == nullptr)
        return false;
    unsigned char head[4] = {0, 0, 0, 0};
    const std::size_t n = VSIFReadL(head, 1, 4, f);
    VSIFCloseL(f);
    return n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

bool ends_with_kml(std::string_view name) {
    if (name.size() < 4)
        return false;
    return EQUAL(std::string(name.substr(name.size() - 4)).c_str(), ".kml");
}

} // namespace

std::string check_field_count(const std::string& path, const std::string& driver,
                              const std::atomic<bool>* cancel) {
    bool over = false;
    if (driver == "KML" || driver == "LIBKML") {
        if (starts_with_zip_magic(path)) { // KMZ: each .kml inside (already size-checked)
            const std::string root = "/vsizip/{" + path + "}";
            char** names = VSIReadDirRecursive(root.c_str());
            for (int i = 0; names != nullptr && names[i] != nullptr && !over; ++i)
                if (ends_with_kml(names[i])) {
                    KmlNames kml;
                    over = scan(root + "/" + names[i], kml, cancel);
                }
            CSLDestroy(names);
        } else {
            KmlNames kml;
            over = scan(path, kml, cancel);
        }
    } else if (driver == "GeoJSON" || driver == "GeoJSONSeq" || driver == "TopoJSON") {
        JsonKeys json;
        over = scan(path, json, cancel);
    } else if (driver == "CSV") {
        CsvHeader csv;
        over = scan(path, csv, cancel);
    } else if (driver == "GPX") {
        GpxExtensions gpx;
        over = scan(path, gpx, cancel);
    }
    return over ? too_many_fields_message(path, "before reading (" + driver + ")") : std::string();
}

namespace {

struct Database {
    sqlite3* db = nullptr;
    ~Database() { sqlite3_close_v2(db); }
};

std::string quoted_identifier(const std::string& name) {
    std::string out = "\"";
    for (const char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string file_uri(const std::string& path, bool immutable) {
    std::string out = "file:";
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
            out += ch;
        else
            out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
    return out + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
}

std::vector<std::string> column_names(sqlite3* db, const std::string& table) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    const std::string sql = "PRAGMA table_info(" + quoted_identifier(table) + ")";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            if (const unsigned char* name = sqlite3_column_text(st, 1))
                out.emplace_back(reinterpret_cast<const char*>(name));
    sqlite3_finalize(st);
    return out;
}

} // namespace

std::string check_geopackage_views(const std::string& shown, const std::string& file,
                                   std::uint64_t budget) {
    // A private copy (it has a -wal) is opened without immutable, so the -wal is seen.
    const bool copy = file != shown;
    Database d;
    if (sqlite3_open_v2(file_uri(file, !copy).c_str(), &d.db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
        return {}; // GDAL says what is wrong with it
    sqlite3_limit(d.db, SQLITE_LIMIT_LENGTH, static_cast<int>(kMaxViewValueBytes));
    std::vector<std::string> views;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(d.db,
                           "SELECT c.table_name FROM gpkg_contents c JOIN sqlite_master m "
                           "ON m.name = c.table_name AND m.type = 'view'",
                           -1, &st, nullptr) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            if (const unsigned char* name = sqlite3_column_text(st, 0))
                views.emplace_back(reinterpret_cast<const char*>(name));
    sqlite3_finalize(st);
    if (views.empty())
        return {};
    using Clock = std::chrono::steady_clock;
    const Clock::time_point deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(kMaxViewCheck_s));
    sqlite3_progress_handler(
        d.db, 10'000,
        [](void* at) { return Clock::now() > *static_cast<Clock::time_point*>(at) ? 1 : 0; },
        const_cast<Clock::time_point*>(&deadline));
    for (const std::string& view : views) {
        std::string bytes = "0";
        for (const std::string& column : column_names(d.db, view))
            bytes += " + ifnull(length(CAST(" + quoted_identifier(column) + " AS BLOB)), 0)";
        const std::string sql =
            "SELECT count(*), total(" + bytes + ") FROM " + quoted_identifier(view);
        const std::string layer = shown + ": layer '" + view + "' is a view";
        if (sqlite3_prepare_v2(d.db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            sqlite3_finalize(st);
            continue; // GDAL says what is wrong with it
        }
        const int rc = sqlite3_step(st);
        const auto rows = static_cast<std::uint64_t>(sqlite3_column_int64(st, 0));
        const double text = sqlite3_column_double(st, 1);
        sqlite3_finalize(st);
        if (rc == SQLITE_INTERRUPT)
            return layer + " that SQLite could not evaluate within " +
                   std::to_string(static_cast<int>(kMaxViewCheck_s)) +
                   " s (an endless or very large query?); not read. Save it as a table " +
                   "(ogr2ogr out.gpkg in.gpkg -sql 'SELECT … LIMIT …') and open that";
        if (rc == SQLITE_TOOBIG)
            return layer + " with a value over " + format_bytes(kMaxViewValueBytes) +
                   "; not read. Save the columns you need as a table and open that";
        if (rc != SQLITE_ROW)
            continue; // GDAL says what is wrong with it
        const double needed = static_cast<double>(rows) * kBytesPerIncident + text;
        if (needed > static_cast<double>(budget))
            return layer + " of " + std::to_string(rows) + " rows: " +
                   over_budget_message("it", static_cast<std::uint64_t>(needed), budget)
                       .substr(4);
    }
    return {};
}

std::string geopackage_crs_names_a_file(const std::string& shown, const std::string& file) {
    const bool copy = file != shown;
    Database d;
    if (sqlite3_open_v2(file_uri(file, !copy).c_str(), &d.db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
        return {}; // GDAL says what is wrong with it
    sqlite3_limit(d.db, SQLITE_LIMIT_LENGTH, 1 << 24); // a definition is kilobytes
    // GDAL reads definition_12_063 (the CRS WKT extension) when the column exists.
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(d.db, "SELECT definition, definition_12_063 FROM gpkg_spatial_ref_sys",
                           -1, &st, nullptr) != SQLITE_OK) {
        sqlite3_finalize(st);
        st = nullptr;
        if (sqlite3_prepare_v2(d.db, "SELECT definition FROM gpkg_spatial_ref_sys", -1, &st,
                               nullptr) != SQLITE_OK) {
            sqlite3_finalize(st);
            return {};
        }
    }
    std::string why;
    while (why.empty() && sqlite3_step(st) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count(st) && why.empty(); ++i)
            if (const unsigned char* text = sqlite3_column_text(st, i))
                why = crs_names_a_file(reinterpret_cast<const char*>(text));
    sqlite3_finalize(st);
    return why;
}

} // namespace incimap::geo
