#include "geo/gdal/source_open.hpp"

#include "geo/crs_guard.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/source_checks.hpp"

#include "geo/read_limits.hpp"

#include "core/attributes.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <fcntl.h>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace incimap::geo {

namespace {

// GDAL's virtual file systems that reach the network; a path that holds one anywhere
// ("/vsizip//vsicurl/…") reads from the network.
constexpr const char* kNetworkFileSystems[] = {
    "/vsicurl", "/vsis3",    "/vsigs",      "/vsiaz",    "/vsiadls", "/vsioss",
    "/vsiswift", "/vsiwebhdfs", "/vsihdfs", "/vsicurl_streaming"};

bool is_network_path(const std::string& path) {
    if (path.find("://") != std::string::npos)
        return true;
    for (const char* fs : kNetworkFileSystems)
        if (path.find(fs) != std::string::npos)
            return true;
    return false;
}

// The archive a /vsizip/ path reads from ("/vsizip/a/b.zip/c.geojson" → "a/b.zip"), or ""
// when the path names none.
std::string zip_archive_of(const std::string& path) {
    static constexpr std::string_view kPrefix = "/vsizip/";
    std::string rest = path.substr(kPrefix.size());
    if (!rest.empty() && rest.front() == '{') { // /vsizip/{archive}/member
        const std::size_t close = rest.find('}');
        return close == std::string::npos ? std::string() : rest.substr(1, close - 1);
    }
    std::string lower = rest;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t from = 0; from < lower.size();) {
        std::size_t best = std::string::npos, len = 0;
        for (std::string_view ext : {".zip", ".kmz", ".shz"}) {
            const std::size_t at = lower.find(ext, from);
            if (at != std::string::npos && at < best) {
                best = at;
                len = ext.size();
            }
        }
        if (best == std::string::npos)
            break;
        const std::size_t end = best + len;
        if (end == lower.size() || lower[end] == '/')
            return rest.substr(0, end);
        from = best + 1;
    }
    return {};
}

bool starts_with_zip_magic(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        return false;
    unsigned char head[4] = {0, 0, 0, 0};
    const std::size_t n = std::fread(head, 1, 4, f);
    std::fclose(f);
    return n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

// A zip archive is unpacked once, counting, before a driver reads it: the sizes an archive
// states can lie (GDAL unpacks past them), so a small file cannot unpack to more than
// `budget` bytes, nor an entry to more than it says. "" when it is within bounds.
std::string check_zip(const std::string& shown, const std::string& archive, std::uint64_t budget,
                      const std::atomic<bool>* cancel) {
    constexpr int kMaxEntries = 10'000;
    const std::string root = "/vsizip/{" + archive + "}";
    char** names = VSIReadDirRecursive(root.c_str());
    const int count = CSLCount(names);
    if (names == nullptr || count == 0) {
        CSLDestroy(names);
        return shown + ": a zip archive with no files in it, or not a zip archive; unpack it " +
               "and open the data file inside";
    }
    if (count > kMaxEntries) {
        CSLDestroy(names);
        return shown + ": a zip archive of more than " + std::to_string(kMaxEntries) +
               " files; unpack it and open the data file you need";
    }
    std::uint64_t stated = 0;
    std::vector<std::pair<std::string, std::uint64_t>> files;
    for (int i = 0; i < count; ++i) {
        const std::string member = root + "/" + names[i];
        VSIStatBufL st;
        if (VSIStatL(member.c_str(), &st) != 0 || VSI_ISDIR(st.st_mode))
            continue;
        const auto size = static_cast<std::uint64_t>(st.st_size);
        stated += size;
        files.emplace_back(member, size);
    }
    CSLDestroy(names);
    if (stated > budget)
        return shown + ": unpacks to " + format_bytes(stated) + ", more than the " +
               format_bytes(budget) + " budget; unpack it yourself and open the data file " +
               "inside, or raise --memory-budget";
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t total = 0;
    for (const auto& [member, size] : files) {
        VSILFILE* f = VSIFOpenL(member.c_str(), "rb");
        if (f == nullptr)
            continue; // the driver will say what it cannot read
        std::uint64_t read = 0;
        while (true) {
            const std::size_t n = VSIFReadL(buffer.data(), 1, buffer.size(), f);
            read += n;
            total += n;
            if (read > size || total > budget) {
                VSIFCloseL(f);
                return shown + ": a zip archive whose files unpack to more than it states " +
                       "(a zip bomb?); not read. Unpack it with a tool you trust and open the " +
                       "data file inside";
            }
            if (cancel != nullptr && cancel->load()) {
                VSIFCloseL(f);
                return shown + ": cancelled while checking the zip archive";
            }
            if (n < buffer.size())
                break;
        }
        VSIFCloseL(f);
    }
    return {};
}

bool is_database_connection(const std::string& path) { return path.rfind("PG:", 0) == 0; }

// libpq waits for a server that accepts and never answers as long as TCP lets it (forever on
// a silent peer), and a statement as long as the server runs it. The user's own settings win.
// INCIMAP_PG_CONNECT_TIMEOUT_S (2 or more; libpq's minimum) shortens the wait for tests.
constexpr int kPgConnectTimeoutS = 10;
constexpr int kPgStatementTimeoutMs = 120'000;

std::string with_pg_timeouts(const std::string& path) {
    std::string low = path;
    std::transform(low.begin(), low.end(), low.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    int connect_s = kPgConnectTimeoutS;
    if (const char* env = std::getenv("INCIMAP_PG_CONNECT_TIMEOUT_S"))
        connect_s = std::max(2, std::atoi(env));
    const bool uri = low.rfind("pg:postgresql://", 0) == 0 || low.rfind("pg:postgres://", 0) == 0;
    std::string out = path;
    auto add = [&](const std::string& key, const std::string& value, const std::string& uri_value) {
        if (uri) {
            out += (out.find('?') == std::string::npos ? "?" : "&") + key + "=" + uri_value;
        } else {
            out += " " + key + "=" + value;
        }
    };
    if (low.find("connect_timeout") == std::string::npos)
        add("connect_timeout", std::to_string(connect_s), std::to_string(connect_s));
    if (low.find("statement_timeout") == std::string::npos &&
        low.find("options") == std::string::npos)
        add("options", "'-c statement_timeout=" + std::to_string(kPgStatementTimeoutMs) + "'",
            "-c%20statement_timeout%3D" + std::to_string(kPgStatementTimeoutMs));
    return out;
}

CPLStringList open_options_for(const std::string& driver, std::uint64_t budget) {
    CPLStringList options;
    if (driver == "CSV") {
        // A line over what one feature may take ends the read there.
        options.SetNameValue("MAX_LINE_SIZE", std::to_string(gdal_csv_max_line(budget)).c_str());
        options.SetNameValue("X_POSSIBLE_NAMES", kCsvLongitudeNames);
        options.SetNameValue("Y_POSSIBLE_NAMES", kCsvLatitudeNames);
        options.SetNameValue("Z_POSSIBLE_NAMES", kCsvHeightNames);
        options.SetNameValue("KEEP_GEOM_COLUMNS", "YES");
        // Dates and numbers stay text: incimap's own time detection reads every form, and
        // GDAL's type sniffing only looks at the start of the file.
        options.SetNameValue("AUTODETECT_TYPE", "NO");
    } else if (driver == "GeoJSON") {
        // Keep "2024-01" and "2024-01-04" as written: GDAL's Date/DateTime typing would
        // turn a partial date into an instant and lose its precision.
        options.SetNameValue("DATE_AS_STRING", "YES");
        options.SetNameValue("ARRAY_AS_STRING", "YES");
    }
    return options;
}

// The SQLite journals whose presence makes GDAL change a database it only read.
bool has_sqlite_journal(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"-wal", "-journal"})
        if (std::filesystem::exists(path + suffix, ec))
            return true;
    return false;
}

// A rollback journal that SQLite must play back before the database is read: it starts with
// the journal magic (a committed or truncated one is zeroed, or empty).
bool is_hot_journal(const std::string& journal) {
    static constexpr unsigned char kMagic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
    std::FILE* f = std::fopen(journal.c_str(), "rb");
    if (f == nullptr)
        return false;
    unsigned char head[8] = {};
    const bool hot = std::fread(head, 1, 8, f) == 8 && std::memcmp(head, kMagic, 8) == 0;
    std::fclose(f);
    return hot;
}

// Copies `path` and its -wal/-journal into a fresh private folder; the copy's path, or "" and
// `error`. The -shm is not copied: SQLite rebuilds it from the -wal.
std::string copy_database(const std::string& path, PrivateCopy& owner, std::string& error,
                          std::string& note) {
    namespace fs = std::filesystem;
    std::string dir = (fs::temp_directory_path() / "incimap-read-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) {
        error = path + ": cannot make a private copy to read (it has a -wal or -journal, and " +
                "GDAL would change the file): " + std::strerror(errno);
        return {};
    }
    owner = PrivateCopy(dir);
    const fs::path copy = fs::path(dir) / fs::path(path).filename();
    std::error_code ec;
    fs::copy_file(path, copy, ec);
    for (const char* suffix : {"-wal", "-journal"})
        if (!ec && fs::exists(path + suffix))
            fs::copy_file(path + suffix, copy.string() + suffix, ec);
    if (ec) {
        error = path + ": cannot make a private copy to read (it has a -wal or -journal, and " +
                "GDAL would change the file): " + ec.message() + "; free space in " +
                fs::temp_directory_path().string() + " or set TMPDIR";
        return {};
    }
    if (is_hot_journal(copy.string() + "-journal")) {
        // The journal of a write that was interrupted (a crash, a kill, a full disk): SQLite
        // rolls it back when it opens the database for writing, and a read-only open fails
        // ("attempt to write a readonly database"). The copy is ours: roll it back there.
        sqlite3* db = nullptr;
        int rc = sqlite3_open_v2(copy.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        sqlite3_close_v2(db);
        if (rc != SQLITE_OK || is_hot_journal(copy.string() + "-journal")) {
            error = path + ": has " + path + "-journal, left by a write that was interrupted, " +
                    "and it could not be rolled back; open the file once in the program that " +
                    "wrote it (or sqlite3) to recover it";
            return {};
        }
        note = path + "-journal: a write to this file was interrupted; read as it was before " +
               "that write (the file and the journal are left as they are)";
    }
    return copy.string();
}

} // namespace

PrivateCopy& PrivateCopy::operator=(PrivateCopy&& other) noexcept {
    if (this != &other) {
        PrivateCopy old(std::move(*this));
        m_dir = std::exchange(other.m_dir, {});
    }
    return *this;
}

PrivateCopy::~PrivateCopy() {
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

namespace {

// Why a regular file cannot be read as text data, or "": permission denied (not "not a
// vector format"), or UTF-16 text, which no driver incimap uses reads.
std::string unreadable_or_utf16(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == EACCES || errno == EPERM
                   ? path + ": permission denied; incimap needs to read the file"
                   : std::string();
    unsigned char bom[2] = {0, 0};
    const ssize_t n = ::read(fd, bom, sizeof bom);
    ::close(fd);
    if (n == 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF)))
        return path + ": UTF-16 text is not supported; save it as UTF-8 (e.g. iconv -f UTF-16 " +
               "-t UTF-8)";
    return {};
}

// "<path>: its CRS names the file …; …what to do".
std::string crs_refusal(const std::string& path, const std::string& why) {
    return path + ": its CRS " + core::sanitize_utf8(why) +
           "; incimap lets PROJ read only its own data folder: give the CRS as an EPSG code " +
           "(e.g. EPSG:4326) or without the file";
}

} // namespace

OpenedSource open_vector_source(const std::string& path, const OpenLimits& limits) {
    init_gdal();
    OpenedSource out;
    if (path.empty()) {
        out.error = "no file given; name a data file (GeoJSON, CSV, KML, GeoPackage, …)";
        return out;
    }
    const std::uint64_t unpack_budget = memory_budget(limits.max_unpacked_bytes);
    const bool database = is_database_connection(path);
    if (database) {
        // "PG:dbname=… host=…": a PostgreSQL/PostGIS connection the user typed; no file checks.
    } else if (is_network_path(path)) {
        if (!limits.allow_network) {
            out.error = path + ": network paths are off; pass --allow-network to read one " +
                        "(in the window: File > Allow network access)";
            return out;
        }
    } else if (path.rfind("/vsimem/incimap-text/", 0) == 0) {
        // A text file recoded to UTF-8 in memory by incimap (geo/source_text.hpp): the file
        // itself was checked there.
    } else if (path.rfind("/vsi", 0) == 0) {
        // Typed by the user: zip archives are read (bounded); other virtual file systems
        // (gzip, tar, sparse, subfile, memory, stdin, …) are not.
        const bool zip = path.rfind("/vsizip/", 0) == 0 && path.find("/vsi", 1) == std::string::npos;
        if (!zip) {
            const std::string fs = path.substr(0, path.find('/', 1) + 1);
            out.error = path + ": " + fs + " paths are not read (only /vsizip/ and, with " +
                        "--allow-network, /vsicurl/); unpack or copy the data to a plain file " +
                        "and open that";
            return out;
        }
        const std::string archive = zip_archive_of(path);
        std::error_code ec;
        if (archive.empty() || !std::filesystem::is_regular_file(archive, ec)) {
            out.error = path + ": no zip archive in this path; write it as " +
                        "/vsizip/path/to/archive.zip/file.geojson";
            return out;
        }
        if (std::string why = check_zip(path, archive, unpack_budget, limits.cancel);
            !why.empty()) {
            out.error = why;
            return out;
        }
    } else {
        std::error_code ec;
        const auto status = std::filesystem::status(path, ec);
        if (ec == std::errc::too_many_symbolic_link_levels) {
            out.error = path + ": a loop of symbolic links (too many levels); point the link " +
                        "at the file itself";
            return out;
        }
        if (ec == std::errc::permission_denied) {
            out.error = path + ": permission denied (a folder on the way cannot be searched)";
            return out;
        }
        if (ec || !std::filesystem::exists(status)) {
            out.error = path + ": no such file; check the path and the name";
            return out;
        }
        if (std::filesystem::is_directory(status)) {
            out.error = path + ": is a directory; give a data file (GeoJSON, CSV, KML, GPKG, …)";
            return out;
        }
        if (!std::filesystem::is_regular_file(status)) {
            out.error = path + ": not a regular file (a device, pipe or socket); save the data " +
                        "to a file and open that";
            return out;
        }
        if (std::string why = unreadable_or_utf16(path); !why.empty()) {
            out.error = why;
            return out;
        }
        if (std::filesystem::file_size(path, ec) == 0 && !ec) {
            out.error = path + ": the file is empty (0 bytes); was it still being written or " +
                        "downloaded?";
            return out;
        }
        // A KMZ or a zipped Shapefile is unpacked by the driver itself: bound it first.
        if (starts_with_zip_magic(path))
            if (std::string why = check_zip(path, path, unpack_budget, limits.cancel);
                !why.empty()) {
                out.error = why;
                return out;
            }
    }

    NetworkGuard network(limits.allow_network);
    ErrorCapture errors;
    const auto& drivers = allowed_vector_drivers();
    GDALDriverH identified = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, drivers.data(),
                                                  nullptr);
    if (identified == nullptr) {
        out.error = path + ": not a vector format incimap reads; convert it to GeoJSON, CSV " +
                    "(with lon/lat columns), KML, GeoPackage, Shapefile, FlatGeobuf or GPX " +
                    "(e.g. with ogr2ogr)";
        return out;
    }
    out.driver = GDALGetDriverShortName(identified);
    // Prefer LIBKML over the plain KML driver when both claim the file.
    const char* only_driver[] = {out.driver.c_str(), nullptr};
    if (out.driver == "KML" && GDALGetDriverByName("LIBKML") != nullptr) {
        out.driver = "LIBKML";
        only_driver[0] = "LIBKML";
    }
    // GDAL's text drivers slow down with the square of the field count (KML: 100,000
    // ExtendedData names took 60–105 s to open); the fast readers count them as they read,
    // this counts them for every file GDAL opens.
    if (!database)
        if (std::string why = check_field_count(path, out.driver, limits.cancel); !why.empty()) {
            out.error = why;
            return out;
        }
    // A CRS in the data that names a file would make PROJ open it (a FIFO: forever).
    std::string crs_why;
    if (!database && (out.driver == "GeoJSON" || out.driver == "TopoJSON"))
        crs_why = geojson_crs_names_a_file(path);
    else if (!database && (out.driver == "ESRI Shapefile" || out.driver == "CSV"))
        crs_why = sidecar_prj_names_a_file(path);
    else if (!database && out.driver == "FlatGeobuf")
        crs_why = flatgeobuf_crs_names_a_file(path);
    if (!crs_why.empty()) {
        out.error = crs_refusal(path, crs_why);
        return out;
    }
    const CPLStringList options = open_options_for(out.driver, unpack_budget);
    std::string open_path = path;
    if ((out.driver == "GPKG" || out.driver == "SQLite") && !database &&
        path.rfind("/vsi", 0) != 0 && has_sqlite_journal(path)) {
        open_path = copy_database(path, out.copy, out.error, out.note);
        if (open_path.empty())
            return out;
    }
    // A view as a layer is a query SQLite runs as GDAL reads, with no bound GDAL can set.
    if (out.driver == "GPKG" && !database && path.rfind("/vsi", 0) != 0) {
        if (std::string why = check_geopackage_views(path, open_path, unpack_budget);
            !why.empty()) {
            out.error = why;
            return out;
        }
        if (std::string why = geopackage_crs_names_a_file(path, open_path); !why.empty()) {
            out.error = crs_refusal(path, why);
            return out;
        }
    }
    if (database)
        open_path = with_pg_timeouts(path);
    GDALDataset* ds = GDALDataset::Open(open_path.c_str(),
                                        GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                        only_driver, options.List(), nullptr);
    if (ds == nullptr && out.driver == "LIBKML") {
        const char* kml[] = {"KML", nullptr};
        out.driver = "KML";
        ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, kml, nullptr,
                               nullptr);
    }
    if (ds == nullptr) {
        // GDAL's last error is often a summary ("Failed to read GeoJSON data"); the first
        // says where and why ("At line 7, character 124: Unterminated string").
        std::string why = errors.last_error();
        for (const auto& m : errors.messages())
            if (m.is_error && !m.text.empty()) {
                if (m.text != why)
                    why += " (" + m.text + ")";
                break;
            }
        if (why.empty())
            why = "the " + out.driver + " driver could not open it";
        why = core::sanitize_utf8(explain_feature_limit(why, max_feature_bytes(unpack_budget)));
        out.error = path + ": cannot read as " + out.driver + ": " + why +
                    "; check that the file is complete (not cut short by a download or a " +
                    "copy) and valid " + out.driver;
        return out;
    }
    out.dataset.reset(ds);
    return out;
}

} // namespace incimap::geo
