#include "app/huge_pages.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace incimap::app {
namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb=1";
constexpr const char* kRestarted = "INCIMAP_HUGE_PAGES_RESTARTED";
// An input at least this large (a few hundred thousand incidents) is worth the restart
// (~0.1 s: the libraries are loaded again).
constexpr off_t kLargeInput = off_t{32} << 20;

bool thp_on_request() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(in, modes);
    return modes.find("[madvise]") != std::string::npos;
}

// The window (no subcommand) may open anything later; a command is worth it when one of its
// arguments names a large regular file.
bool large_load_coming(int argc, char** argv) {
    bool command = false;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--version") == 0 || std::strcmp(a, "--help") == 0 ||
            std::strcmp(a, "-h") == 0 || std::strcmp(a, "--paths") == 0)
            return false;
        if (i == 1 && (std::strcmp(a, "info") == 0 || std::strcmp(a, "render") == 0 ||
                       std::strcmp(a, "export") == 0 || std::strcmp(a, "animate") == 0))
            command = true;
        struct stat st {};
        if (a[0] != '-' && ::stat(a, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= kLargeInput)
            return true;
    }
    return !command;
}

} // namespace

void restart_with_huge_pages(int argc, char** argv) {
    if (const char* was = std::getenv(kRestarted)) {
        // glibc has read the tunable: what this process runs gets the environment as it was.
        if (std::strcmp(was, "-") == 0)
            ::unsetenv("GLIBC_TUNABLES");
        else
            ::setenv("GLIBC_TUNABLES", was + 1, 1);
        ::unsetenv(kRestarted);
        return;
    }
    const char* want = std::getenv("INCIMAP_HUGE_PAGES");
    if (want != nullptr && std::strcmp(want, "0") == 0)
        return;
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr)
        return; // the user's own setting
    const bool forced = want != nullptr && std::strcmp(want, "1") == 0;
    if (!thp_on_request() || !(forced || large_load_coming(argc, argv)))
        return;
    const std::string before = tunables != nullptr ? tunables : "";
    const std::string value = before.empty() ? kTunable : before + ":" + kTunable;
    ::setenv("GLIBC_TUNABLES", value.c_str(), 1);
    ::setenv(kRestarted, tunables != nullptr ? ("=" + before).c_str() : "-", 1);
    // By its own path, not /proc/self/exe: the process keeps its name (ps, pkill incimap).
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        ::execv(self, argv);
    }
    // Not restarted (no /proc, say): carry on with the environment as it was.
    if (tunables != nullptr)
        ::setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv(kRestarted);
}

} // namespace incimap::app
