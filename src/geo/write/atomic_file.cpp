#include "geo/write/atomic_file.hpp"

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace incimap::geo {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempMark = ".incimap-tmp";

std::string errno_text(int e) { return std::strerror(e); }

// ".<name>." : what every temp of `name` starts with.
std::string temp_prefix(const std::string& name) { return "." + name + "."; }

// The pid in a temp's name (".<name>.<pid>-<tag>.incimap-tmp<ext>[-journal]"), or -1.
long temp_owner(const std::string& file, const std::string& prefix) {
    if (file.rfind(prefix, 0) != 0 || file.find(kTempMark, prefix.size()) == std::string::npos)
        return -1;
    long pid = 0;
    std::size_t i = prefix.size();
    for (; i < file.size() && file[i] >= '0' && file[i] <= '9'; ++i)
        pid = pid * 10 + (file[i] - '0');
    return i > prefix.size() && i < file.size() && file[i] == '-' ? pid : -1;
}

std::vector<std::string> list_temps(const fs::path& dir, const std::string& name) {
    std::vector<std::string> out;
    const std::string prefix = temp_prefix(name);
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (temp_owner(file, prefix) >= 0)
            out.push_back(it->path().string());
    }
    return out;
}

// Removes the temps of `name` whose writer process is gone (killed mid-write). Temps of live
// processes, this one included, are someone's write in progress and stay.
void remove_stale_temps(const fs::path& dir, const std::string& name) {
    const std::string prefix = temp_prefix(name);
    for (const std::string& path : list_temps(dir, name)) {
        const long pid = temp_owner(fs::path(path).filename().string(), prefix);
        if (pid > 0 && pid != static_cast<long>(::getpid()) &&
            ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            ::unlink(path.c_str());
    }
}

void remove_temp_family(const std::string& temp) {
    ::unlink(temp.c_str());
    // What SQLite (GPKG) may leave beside a database it did not close.
    for (const char* suffix : {"-journal", "-wal", "-shm"})
        ::unlink((temp + suffix).c_str());
}

void sync_directory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd); // best effort: some file systems refuse to sync a directory
        ::close(fd);
    }
}

// A database connection or a network path: no local file to compare.
bool is_remote_source(const std::string& path) {
    if (path.rfind("PG:", 0) == 0 || path.find("://") != std::string::npos)
        return true;
    for (const char* fs : {"/vsicurl", "/vsis3", "/vsigs/", "/vsiaz", "/vsiadls", "/vsioss",
                           "/vsiswift", "/vsihdfs", "/vsiwebhdfs"})
        if (path.find(fs) != std::string::npos)
            return true;
    return false;
}

// The local file a path reads from: itself, or for a GDAL virtual path the archive or file
// under its prefixes ("/vsizip//vsigzip/a/b.zip.gz/c.geojson" → "a/b.zip.gz",
// "/vsizip/{a/b.zip}/c" → "a/b.zip"): the longest leading part that exists and is no folder.
// "" when there is none.
fs::path local_file_of(const std::string& path) {
    if (path.rfind("/vsi", 0) != 0)
        return path;
    std::string rest = path;
    while (rest.rfind("/vsi", 0) == 0) {
        const std::size_t slash = rest.find('/', 1);
        if (slash == std::string::npos)
            return {};
        rest = rest.substr(slash + 1);
    }
    if (!rest.empty() && rest.front() == '{') {
        const std::size_t close = rest.find('}');
        return close == std::string::npos ? fs::path() : fs::path(rest.substr(1, close - 1));
    }
    std::error_code ec;
    for (std::size_t end = rest.size(); end != std::string::npos && end > 0;
         end = rest.rfind('/', end - 1)) {
        const fs::path candidate = rest.substr(0, end);
        const auto st = fs::status(candidate, ec);
        if (!ec && fs::exists(st) && !fs::is_directory(st))
            return candidate;
    }
    return {};
}

// Why `path`, which exists, may not be written, or "": incimap writes regular files only
// (renaming a temp over /dev/null as root replaced the device; a FIFO would become a file).
std::string not_a_regular_file(const std::string& shown, const fs::path& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec); // through symbolic links
    if (ec || !fs::exists(st) || fs::is_regular_file(st))
        return {};
    if (fs::is_directory(st))
        return shown + ": is a folder; give a file name";
    return shown + ": is not a regular file (a device, FIFO or socket); incimap writes only "
                   "regular files, give a file name";
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// An input and the files that belong to it (a Shapefile's sidecars; SQLite's journals).
std::vector<fs::path> files_of_input(const fs::path& input) {
    std::vector<fs::path> out{input};
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        out.emplace_back(input.string() + suffix);
    if (lower(input.extension().string()) == ".shp") {
        std::error_code ec;
        const fs::path dir = input.has_parent_path() ? input.parent_path() : fs::path(".");
        const std::string stem = lower(input.stem().string());
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (lower(it->path().stem().string()) == stem)
                out.push_back(it->path());
    }
    return out;
}

} // namespace

std::optional<AtomicFile> AtomicFile::begin(const std::string& target, std::string& error,
                                             const std::string& temp_extension) {
    if (target.empty()) {
        error = "no output file given";
        return std::nullopt;
    }
    fs::path path(target);
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        const fs::path resolved = fs::canonical(path, ec);
        if (!ec)
            path = resolved; // write the file the link points to; the link stays
    }
    if (std::string why = not_a_regular_file(target, path); !why.empty()) {
        error = why;
        return std::nullopt;
    }
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(fs::status(dir, ec))) {
        error = target + ": the folder " + dir.string() + " does not exist";
        return std::nullopt;
    }
    const std::string name = path.filename().string();
    remove_stale_temps(dir, name);

    AtomicFile f;
    f.m_target = path.string();
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        char tag[32];
        std::snprintf(tag, sizeof tag, "%ld-%08x", static_cast<long>(::getpid()),
                      static_cast<unsigned>(rd()));
        const fs::path temp =
            dir / (temp_prefix(name) + tag + std::string(kTempMark) +
                   (temp_extension.empty() ? path.extension().string() : temp_extension));
        if (!fs::exists(fs::symlink_status(temp, ec))) {
            f.m_temp = temp.string();
            return f;
        }
    }
    error = target + ": cannot find a free temporary name in " + dir.string();
    return std::nullopt;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target)), m_temp(std::move(other.m_temp)), m_done(other.m_done) {
    other.m_done = true; // the moved-from one owns no temp
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        if (!m_done && !m_temp.empty())
            remove_temp_family(m_temp);
        m_target = std::move(other.m_target);
        m_temp = std::move(other.m_temp);
        m_done = other.m_done;
        other.m_done = true;
    }
    return *this;
}

AtomicFile::~AtomicFile() {
    if (!m_done && !m_temp.empty())
        remove_temp_family(m_temp);
}

std::string AtomicFile::write(std::string_view bytes) {
    const int fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return "cannot write " + m_temp + ": " + errno_text(errno);
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int e = errno;
            ::close(fd);
            return "cannot write " + m_temp + ": " + errno_text(e);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        return "cannot write " + m_temp + ": " + errno_text(errno);
    return {};
}

std::string AtomicFile::commit() {
    if (m_done)
        return "already committed";
    const int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "cannot write " + m_target + ": " + errno_text(errno);
    struct stat written {};
    if (::fstat(fd, &written) != 0 || !S_ISREG(written.st_mode)) {
        ::close(fd);
        std::error_code ec;
        fs::remove_all(m_temp, ec);
        return "cannot write " + m_target + ": the writer did not make a regular file";
    }
    const bool synced = ::fsync(fd) == 0;
    const int sync_errno = errno;
    ::close(fd);
    if (!synced)
        return "cannot flush " + m_temp + ": " + errno_text(sync_errno);
    // The new file keeps the old one's permissions (a private session stays private).
    struct stat old {};
    if (::stat(m_target.c_str(), &old) == 0) {
        if (!S_ISREG(old.st_mode)) { // became a device or FIFO since begin(): never replaced
            remove_temp_family(m_temp);
            m_done = true;
            return not_a_regular_file(m_target, m_target);
        }
        ::chmod(m_temp.c_str(), old.st_mode & 07777);
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0)
        return "cannot replace " + m_target + ": " + errno_text(errno);
    m_done = true;
    remove_temp_family(m_temp); // a -journal GDAL may have left; the temp itself is gone
    sync_directory(fs::path(m_target).parent_path());
    return {};
}

std::string write_file_atomically(const std::string& path, std::string_view bytes) {
    std::string error;
    std::optional<AtomicFile> file = AtomicFile::begin(path, error);
    if (!file)
        return error;
    if (std::string e = file->write(bytes); !e.empty())
        return e;
    return file->commit();
}

std::string check_output_path(const std::string& output, const std::vector<std::string>& inputs) {
    if (output.empty())
        return "no output file given";
    std::error_code ec;
    const fs::path out(output);
    if (std::string why = not_a_regular_file(output, out); !why.empty())
        return why;
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(fs::status(dir, ec)))
        return output + ": the folder " + dir.string() + " does not exist";
    if (!fs::exists(fs::status(out, ec)))
        return {}; // a new file cannot be an input
    // By identity (device and inode, through symbolic links): another spelling of the path,
    // a link, a hard link, or the archive a /vsizip/ (/vsigzip/, /vsitar/, …) input reads.
    for (const std::string& input : inputs) {
        if (is_remote_source(input))
            continue;
        const fs::path local = local_file_of(input);
        if (local.empty())
            continue;
        for (const fs::path& f : files_of_input(local)) {
            std::error_code eq;
            if (!fs::equivalent(out, f, eq) || eq)
                continue;
            const std::string what = f != local               ? "a file of the input "
                                     : local != fs::path(input) ? "the archive of the input "
                                                                : "the input ";
            return output + ": is " + what + input +
                   "; an export never writes over its input, choose another name";
        }
    }
    return {};
}

std::vector<std::string> temps_of(const std::string& target) {
    fs::path path(target);
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    return list_temps(dir, path.filename().string());
}

} // namespace incimap::geo
