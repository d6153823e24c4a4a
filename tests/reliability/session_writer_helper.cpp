// incimap_session_writer_test_helper PATH [--unsafe]
//
// Saves sessions to PATH in a loop for the kill-during-write test (session_kill_test.cpp):
// generation n is a session whose size and content are a function of n alone (1 to 64 files,
// a payload of 100 B to about 1.5 MB), so the test can tell a whole generation from a torn
// one. Starts from the generation already in PATH, prints `START g`, then `SAVED n` after each
// save returns. --unsafe writes in place (truncate, write) instead of scene::save_session: the
// broken writer the test must catch.

#include "scene/session.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

#include "session_generation.hpp"

namespace {

void say(const std::string& line) {
    const std::string text = line + "\n";
    // Unbuffered: whatever was printed is in the pipe at the instant of SIGKILL.
    [[maybe_unused]] const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
}

} // namespace

int main(int argc, char** argv) {
    using namespace incimap;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH [--unsafe]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const bool unsafe = argc > 2 && std::string(argv[2]) == "--unsafe";
    std::uint64_t gen = 0;
    if (::access(path.c_str(), F_OK) == 0) {
        std::string error;
        const auto s = scene::load_session(path, error);
        const auto g = s ? test::generation_of(*s) : std::nullopt;
        if (!g) {
            say("BROKEN " + error);
            return 3;
        }
        gen = *g;
    }
    say("START " + std::to_string(gen));
    for (std::uint64_t n = gen + 1;; ++n) {
        const scene::Session s = test::session_for_generation(n);
        if (unsafe) {
            const std::string text = scene::session_to_json(s);
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << text;
        } else if (const std::string e = scene::save_session(s, path); !e.empty()) {
            say("ERROR " + e);
            return 4;
        }
        say("SAVED " + std::to_string(n));
    }
}
