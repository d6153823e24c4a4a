#pragma once
// Keeps online tile requests on the tile server's own host (issue 16, item 6: a redirect to
// another host must not silently fetch). GDAL 3.6 hard-codes CURLOPT_FOLLOWLOCATION (and 10
// redirects) in every HTTP request it makes, the WMS driver's included, with no option to
// turn it off; what it does honour is GDAL_HTTP_PROXY. So a read of online tiles runs behind
// this proxy, on 127.0.0.1 and alive for the read only: it lets through requests (plain HTTP)
// and tunnels (HTTPS CONNECT) to the template's host and port, and answers anything else
// with 403 and remembers the host, so the read can say "redirected to another host (…)".
//
// The proxy sees every connection libcurl makes while the guard is set on this thread (the
// thread-local GDAL_HTTP_PROXY), the redirects' included; a connection it lets through is
// closed after one request, so no later request can ride on it to another host.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace incimap::geo {

class SameHostProxy {
public:
    // Lets through `url`'s host and port only (http:// or https://). Check ok() after.
    explicit SameHostProxy(const std::string& url);
    ~SameHostProxy(); // stops the proxy (closes every connection) and restores the option
    SameHostProxy(const SameHostProxy&) = delete;
    SameHostProxy& operator=(const SameHostProxy&) = delete;

    bool ok() const { return m_listen >= 0; }
    // The hosts (host:port) a request was refused for, the first few.
    std::vector<std::string> refused() const;
    // Whether the allowed host could not be connected to (libcurl then sees a 502).
    bool unreachable() const { return m_unreachable.load(); }
    const std::string& allowed() const { return m_allowed; }

    // host:port of an http(s) URL (lower case; port 80/443 when not written).
    static std::string host_port(const std::string& url);

private:
    void accept_loop();
    void serve(int client);
    void refuse(int client, const std::string& host);

    std::string m_allowed; // host:port
    int m_listen = -1;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_unreachable{false};
    std::thread m_acceptor;
    mutable std::mutex m_mutex;
    std::vector<std::thread> m_connections;
    std::vector<int> m_open_fds; // closed on stop, so the connection threads end
    std::vector<std::string> m_refused;
    std::string m_previous[2]; // GDAL_HTTP_PROXY and GDAL_HTTPS_PROXY of the thread before
    bool m_had_previous[2] = {false, false};
};

} // namespace incimap::geo
