#pragma once
// Files for the tests that read and write them: the committed fixtures (tests/fixtures, whose
// path the build passes as INCIMAP_FIXTURES), a fresh temp folder removed with all it holds,
// and whole files as bytes. Header-only: everything here is inline, in incimap::test.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace incimap::test {

// The path of tests/fixtures/<name>.
inline std::string fixture(const std::string& name) {
    return std::string(INCIMAP_FIXTURES) + "/" + name;
}

// Writes `bytes` to `path` as they are (binary), replacing what was there.
inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The whole file at `path` ("" when it cannot be read).
inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        m_path = std::filesystem::temp_directory_path() /
                 ("incimap_test_" + std::to_string(stamp) + "_" + std::to_string(++counter));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    // The path of <name> in this directory (the file need not exist).
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    // Writes `bytes` to <name> in this directory and returns its path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string p = file(name);
        write_file(p, bytes);
        return p;
    }

private:
    std::filesystem::path m_path;
};

} // namespace incimap::test
