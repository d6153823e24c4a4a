#pragma once
// Replacing a file so that it is never lost or half-written, for everything incimap writes
// (sessions, settings, exports, images). The new content goes to a temp file in the target's
// directory (so the rename cannot cross file systems), is flushed to the disk (fsync), and is
// renamed over the target; the directory is synced after, so the rename survives a power cut.
// Whatever instant the writer is killed at, the target is the old file or the new one, whole.
//
//   target:  /data/out.gpkg
//   temp:    /data/.out.gpkg.4711-3.incimap-tmp.gpkg   (pid 4711, 3rd temp of that process)
//
// Temps are hidden, unique per writer (two processes writing one target never share one),
// and end with the target's extension (GDAL's CSV and GPKG drivers choose by it). A writer
// killed mid-write leaves its temp behind; the next write of the same target removes the
// temps of processes that are gone, so at most one stray exists per target at any time.
//
// A target that is a symbolic link is written through: the file it points to is replaced and
// the link stays.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo {

class AtomicFile {
public:
    // Prepares replacing `target` (nothing is created yet); nullopt and a one-line `error`
    // when the target is a directory or its folder does not exist. The temp ends with
    // `temp_extension` when given (GDAL's CSV driver makes a folder of a name without .csv),
    // else with the target's extension.
    static std::optional<AtomicFile> begin(const std::string& target, std::string& error,
                                           const std::string& temp_extension = {});

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile(); // removes the temp (and GDAL's -journal/-wal beside it) unless committed

    // Where to write: a path that did not exist when begin() returned.
    const std::string& temp_path() const { return m_temp; }
    // The file that commit() replaces (the target with symbolic links resolved).
    const std::string& target_path() const { return m_target; }

    // Writes `bytes` to the temp (created exclusively, mode of the old target or 0666 & umask).
    // Returns "" or the error.
    std::string write(std::string_view bytes);
    // Flushes the temp (a regular file) to the disk, renames it over the target and syncs the
    // folder. Returns "" or the error (the target is then untouched and the temp removed).
    std::string commit();

private:
    AtomicFile() = default;
    std::string m_target, m_temp;
    bool m_done = false;
};

// The whole dance for a text or binary blob. Returns "" or a one-line error.
std::string write_file_atomically(const std::string& path, std::string_view bytes);

// "" when `output` may be written; else why not, in one line: it is a directory, its folder
// is missing, or it is one of `inputs` (or a file that belongs to one: a Shapefile's .dbf,
// a GeoPackage's -wal) by identity, not by name: another relative path, a symbolic link or a
// hard link to an input are all refused.
std::string check_output_path(const std::string& output, const std::vector<std::string>& inputs);

// Temps of `target` left by writers (any process) that have not finished; for tests.
std::vector<std::string> temps_of(const std::string& target);

} // namespace incimap::geo
