#pragma once
// The one place GDAL is set up: drivers registered once, safe defaults (no network, no
// indirection), and the capture of GDAL's error messages per operation so they are reported
// with the file they belong to and never printed over the app.

#include <string>
#include <vector>

namespace incimap::geo {

// Registers drivers and sets process-wide defaults. Idempotent and thread-safe.
void init_gdal();

// The vector drivers incimap opens data with, by GDAL short name.
const std::vector<const char*>& allowed_vector_drivers();

// While alive, GDAL errors and warnings raised on this thread are collected here instead of
// going to stderr. Nests (GDAL keeps a per-thread handler stack).
class ErrorCapture {
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;

    struct Message {
        bool is_error = false;
        std::string text;
    };
    const std::vector<Message>& messages() const { return m_messages; }
    // The last error's text, or "" when none was raised.
    std::string last_error() const;
    void clear() { m_messages.clear(); }

    void push(bool is_error, std::string text);

private:
    std::vector<Message> m_messages;
};

// While alive, nothing GDAL does on this thread reaches the network unless `allow_network`:
// every HTTP fetch (a GeoJSON crs that links to a URL, SQL functions that geocode, …) is
// answered with an error instead of a connection, and /vsicurl/-style paths (also those a
// driver builds from a file's content) are not opened. Nests.
class NetworkGuard {
public:
    explicit NetworkGuard(bool allow_network);
    ~NetworkGuard();
    NetworkGuard(const NetworkGuard&) = delete;
    NetworkGuard& operator=(const NetworkGuard&) = delete;

    // The URLs refused on this thread while this guard was the innermost one (the first few).
    const std::vector<std::string>& refused() const { return m_refused; }

private:
    bool m_blocking = false;
    std::string m_previous_curl_filter; // the thread's CPL_VSIL_CURL_ALLOWED_FILENAME before
    bool m_had_previous = false;
    NetworkGuard* m_outer = nullptr;
    std::vector<std::string> m_refused;
    friend struct NetworkGuardAccess;
};

} // namespace incimap::geo
