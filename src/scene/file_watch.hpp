#pragma once
// Watching loaded files for change on disk (issue 17, "follow a live file"): inotify on each
// file's folder where Linux gives it (so a file replaced by rename — editors, collectors that
// write a temp file and rename it over — is seen as well as one appended to), and a stat of
// every file once a second as the fallback and for network filesystems, where inotify hears
// nothing of other machines' writes. Bursts of writes are debounced: a change is reported once
// the file has been quiet for `debounce_s` (or has kept changing for `max_wait_s`, so a file
// written without pause still shows its progress). Owned and polled by one thread; no threads
// of its own.

#include <cstdint>
#include <string>
#include <vector>

namespace incimap::scene {

// What tells one state of a file from another: identity, size, times and permissions (a
// chmod can make a file unreadable, or readable again). `exists` false when stat fails.
struct FileSig {
    bool exists = false;
    std::uint64_t device = 0, inode = 0;
    std::int64_t size = -1, mtime_ns = 0, ctime_ns = 0;
    std::uint32_t mode = 0;
    bool operator==(const FileSig&) const = default;
};
FileSig file_sig(const std::string& path);

struct FileWatchOptions {
    double debounce_s = 0.3;  // quiet time before a change is reported
    double max_wait_s = 2.0;  // reported anyway after this long of constant change
    double stat_every_s = 1.0; // the polling fallback's period
    bool use_inotify = true;  // false: polling only (tests of the fallback)
};

class FileWatch {
public:
    explicit FileWatch(FileWatchOptions options = {});
    ~FileWatch();
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // Starts watching `path` as it is now (its present state is not a change). Again for a
    // path already watched: nothing.
    void watch(const std::string& path);
    // p17k: watching from an earlier state `since` (the file's when its first read began): if
    // the file differs from it now, that is a change, reported once it has settled.
    void watch(const std::string& path, const FileSig& since);
    void unwatch(const std::string& path);
    bool watching(const std::string& path) const;
    std::vector<std::string> paths() const;
    // Whether inotify is in use (else polling alone).
    bool inotify() const { return m_fd >= 0; }

    struct Change {
        std::string path;
        FileSig sig; // as it is now (exists false: the file is gone)
    };
    // The files that changed and settled since the last report, at `now_s` (steady clock).
    std::vector<Change> poll(double now_s);

private:
    struct Entry {
        std::string path;  // as given (the key)
        std::string name;  // its file name in `dir`
        int wd = -1;       // the folder's inotify watch
        FileSig seen;      // the last state looked at
        FileSig reported;  // the last state reported (or watched from)
        double first_change = -1, last_change = -1; // −1: nothing pending
    };
    void read_events(double now_s);
    static void touch(Entry& e, double now_s);

    FileWatchOptions m_options;
    int m_fd = -1;
    std::vector<Entry> m_entries;
    double m_statted_at = -1e9;
};

} // namespace incimap::scene
