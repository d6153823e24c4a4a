#include "scene/file_watch.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace incimap::scene {

FileSig file_sig(const std::string& path) {
    struct stat st {};
    FileSig s;
    if (::stat(path.c_str(), &st) != 0)
        return s;
    s.exists = true;
    s.device = static_cast<std::uint64_t>(st.st_dev);
    s.inode = static_cast<std::uint64_t>(st.st_ino);
    s.size = static_cast<std::int64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    s.mode = static_cast<std::uint32_t>(st.st_mode);
    return s;
}

FileWatch::FileWatch(FileWatchOptions options) : m_options(options) {
    if (m_options.use_inotify)
        m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC); // −1: polling alone
}

FileWatch::~FileWatch() {
    if (m_fd >= 0)
        ::close(m_fd);
}

void FileWatch::watch(const std::string& path) {
    if (watching(path))
        return;
    Entry e;
    e.path = path;
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(path, ec);
    e.name = abs.filename().string();
    // The folder, not the file: a rename over the file replaces its inode, which a watch on
    // the file would lose. Files in one folder share its watch (inotify gives the same wd).
    if (m_fd >= 0)
        e.wd = ::inotify_add_watch(m_fd, abs.parent_path().c_str(),
                                   IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE |
                                       IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                       IN_DELETE_SELF | IN_MOVE_SELF);
    e.seen = e.reported = file_sig(path);
    m_entries.push_back(std::move(e));
}

void FileWatch::watch(const std::string& path, const FileSig& since) {
    if (watching(path))
        return;
    watch(path);
    // As if last looked at in `since`: the next poll's look (made at once) sees any change
    // since then, and reports it once it settles.
    m_entries.back().seen = m_entries.back().reported = since;
    m_statted_at = -1e9;
}

void FileWatch::unwatch(const std::string& path) {
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&](const Entry& e) { return e.path == path; });
    if (it == m_entries.end())
        return;
    const int wd = it->wd;
    m_entries.erase(it);
    const bool shared = std::any_of(m_entries.begin(), m_entries.end(),
                                    [&](const Entry& e) { return e.wd == wd; });
    if (m_fd >= 0 && wd >= 0 && !shared)
        ::inotify_rm_watch(m_fd, wd);
}

bool FileWatch::watching(const std::string& path) const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [&](const Entry& e) { return e.path == path; });
}

std::vector<std::string> FileWatch::paths() const {
    std::vector<std::string> out;
    for (const Entry& e : m_entries)
        out.push_back(e.path);
    return out;
}

void FileWatch::touch(Entry& e, double now_s) {
    if (e.first_change < 0)
        e.first_change = now_s;
    e.last_change = now_s;
}

void FileWatch::read_events(double now_s) {
    if (m_fd < 0)
        return;
    alignas(inotify_event) std::array<char, 16384> buffer{};
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
        if (n <= 0)
            return; // EAGAIN: nothing more now
        for (ssize_t at = 0; at < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buffer.data() + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            const std::string name = ev->len > 0 ? std::string(ev->name) : std::string();
            for (Entry& e : m_entries)
                if (e.wd == ev->wd && (name.empty() || name == e.name))
                    touch(e, now_s); // the folder itself moved or went: look at every file
            if (ev->mask & IN_Q_OVERFLOW)
                for (Entry& e : m_entries)
                    touch(e, now_s);
        }
    }
}

std::vector<FileWatch::Change> FileWatch::poll(double now_s) {
    read_events(now_s);
    // The fallback: a file that changed without a word from inotify (a network filesystem,
    // a folder inotify could not watch) is seen at the next look.
    const bool stat_all = now_s - m_statted_at >= m_options.stat_every_s;
    if (stat_all)
        m_statted_at = now_s;
    std::vector<Change> out;
    for (Entry& e : m_entries) {
        if (!stat_all && e.first_change < 0)
            continue;
        const FileSig now = file_sig(e.path);
        if (!(now == e.seen)) {
            e.seen = now;
            touch(e, now_s);
        }
        if (e.first_change < 0)
            continue;
        const bool quiet = now_s - e.last_change >= m_options.debounce_s;
        const bool overdue = now_s - e.first_change >= m_options.max_wait_s;
        if (!quiet && !overdue)
            continue;
        e.first_change = e.last_change = -1;
        if (now == e.reported)
            continue; // written back as it was, or an event for a neighbour's change
        e.reported = now;
        out.push_back({e.path, now});
    }
    return out;
}

} // namespace incimap::scene
