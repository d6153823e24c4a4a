#include "geo/same_host_proxy.hpp"

#include <cpl_conv.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

namespace incimap::geo {

namespace {

constexpr int kSliceMs = 100;          // how often a waiting thread looks at the stop flag
constexpr int kHeaderTimeoutMs = 15000; // a client that sends no request header in this
constexpr int kConnectTimeoutMs = 15000;
constexpr std::size_t kMaxHeader = 32 * 1024;
// GDAL takes the HTTPS one for https:// URLs when it is set.
constexpr const char* kOptions[2] = {"GDAL_HTTP_PROXY", "GDAL_HTTPS_PROXY"};

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Waits for `events` on `fd` in slices, giving up when `stop` is set or `timeout_ms` passed.
bool wait_fd(int fd, short events, const std::atomic<bool>& stop, int timeout_ms) {
    for (int waited = 0; waited < timeout_ms && !stop.load(); waited += kSliceMs) {
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, kSliceMs);
        if (r > 0)
            return true;
        if (r < 0 && errno != EINTR)
            return false;
    }
    return false;
}

bool send_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// A TCP connection to host:port, or -1.
int connect_to(const std::string& host, const std::string& port, const std::atomic<bool>& stop) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0)
        return -1;
    int fd = -1;
    for (addrinfo* a = found; a != nullptr && fd < 0 && !stop.load(); a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0)
            continue;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            ::close(fd), fd = -1;
            continue;
        }
        int err = 0;
        socklen_t len = sizeof err;
        if (!wait_fd(fd, POLLOUT, stop, kConnectTimeoutMs) ||
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
            ::close(fd), fd = -1;
    }
    ::freeaddrinfo(found);
    if (fd >= 0)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

// Copies bytes both ways until one side closes (or the proxy stops).
void pump(int a, int b, const std::atomic<bool>& stop) {
    char buffer[16384];
    while (!stop.load()) {
        pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        const int r = ::poll(p, 2, kSliceMs);
        if (r < 0 && errno != EINTR)
            return;
        for (int i = 0; i < 2; ++i) {
            if (p[i].revents == 0)
                continue;
            const ssize_t n = ::recv(p[i].fd, buffer, sizeof buffer, 0);
            if (n <= 0 || !send_all(p[1 - i].fd, buffer, static_cast<std::size_t>(n)))
                return;
        }
    }
}

std::string split_host_port(const std::string& authority, const std::string& default_port,
                            std::string& port) {
    std::string a = authority.substr(authority.rfind('@') == std::string::npos
                                         ? 0
                                         : authority.rfind('@') + 1);
    std::string host;
    if (!a.empty() && a[0] == '[') { // [IPv6]:port
        const auto close = a.find(']');
        host = a.substr(0, close == std::string::npos ? a.size() : close + 1);
        a = close == std::string::npos ? "" : a.substr(close + 1);
    } else {
        host = a.substr(0, a.find(':'));
        a = a.find(':') == std::string::npos ? "" : a.substr(a.find(':'));
    }
    port = a.size() > 1 && a[0] == ':' ? a.substr(1) : default_port;
    return lower(host);
}

} // namespace

std::string SameHostProxy::host_port(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return {};
    const std::string scheme = lower(url.substr(0, scheme_end));
    const std::size_t start = scheme_end + 3;
    const std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
    std::string port;
    const std::string host = split_host_port(authority, scheme == "https" ? "443" : "80", port);
    return host + ":" + port;
}

SameHostProxy::SameHostProxy(const std::string& url) : m_allowed(host_port(url)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_listen, 16) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (m_listen >= 0)
            ::close(m_listen);
        m_listen = -1;
        return;
    }
    const std::string proxy = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    for (int i = 0; i < 2; ++i) {
        if (const char* v = CPLGetThreadLocalConfigOption(kOptions[i], nullptr))
            m_previous[i] = v, m_had_previous[i] = true;
        CPLSetThreadLocalConfigOption(kOptions[i], proxy.c_str());
    }
    m_acceptor = std::thread([this] { accept_loop(); });
}

SameHostProxy::~SameHostProxy() {
    if (m_listen < 0)
        return;
    m_stop = true;
    m_acceptor.join();
    std::vector<std::thread> connections;
    {
        std::lock_guard lock(m_mutex);
        connections.swap(m_connections);
    }
    for (std::thread& t : connections)
        t.join();
    ::close(m_listen);
    for (int i = 0; i < 2; ++i)
        CPLSetThreadLocalConfigOption(kOptions[i], m_had_previous[i] ? m_previous[i].c_str()
                                                                      : nullptr);
}

std::vector<std::string> SameHostProxy::refused() const {
    std::lock_guard lock(m_mutex);
    return m_refused;
}

void SameHostProxy::accept_loop() {
    while (!m_stop.load()) {
        if (!wait_fd(m_listen, POLLIN, m_stop, kSliceMs))
            continue;
        const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        std::lock_guard lock(m_mutex);
        m_connections.emplace_back([this, client] {
            serve(client);
            ::close(client);
        });
    }
}

void SameHostProxy::refuse(int client, const std::string& host) {
    {
        std::lock_guard lock(m_mutex);
        if (m_refused.size() < 4 &&
            std::find(m_refused.begin(), m_refused.end(), host) == m_refused.end())
            m_refused.push_back(host);
    }
    const char answer[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send_all(client, answer, sizeof answer - 1);
}

void SameHostProxy::serve(int client) {
    // The request header: "CONNECT host:port HTTP/1.1" (HTTPS) or "GET http://host/… HTTP/1.1".
    std::string header;
    char buffer[4096];
    while (header.find("\r\n\r\n") == std::string::npos) {
        if (header.size() > kMaxHeader || !wait_fd(client, POLLIN, m_stop, kHeaderTimeoutMs))
            return;
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0)
            return;
        header.append(buffer, static_cast<std::size_t>(n));
    }
    const std::size_t end = header.find("\r\n\r\n") + 4;
    const std::string rest = header.substr(end); // a body's first bytes, if any
    header.resize(end);
    const std::size_t line_end = header.find("\r\n");
    const std::string line = header.substr(0, line_end);
    const std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string::npos || sp2 <= sp1)
        return refuse(client, "?");
    const std::string method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1);

    if (method == "CONNECT") {
        std::string port;
        const std::string host = split_host_port(target, "443", port);
        if (host + ":" + port != m_allowed)
            return refuse(client, host + ":" + port);
        const int upstream = connect_to(host, port, m_stop);
        if (upstream < 0) {
            m_unreachable = true;
            const char answer[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
            send_all(client, answer, sizeof answer - 1);
            return;
        }
        const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
        if (send_all(client, ok, sizeof ok - 1) &&
            (rest.empty() || send_all(upstream, rest.data(), rest.size())))
            pump(client, upstream, m_stop);
        ::close(upstream);
        return;
    }
    if (lower(target.substr(0, 7)) != "http://")
        return refuse(client, "?");
    const std::string allowed_hp = host_port(target);
    if (allowed_hp != m_allowed)
        return refuse(client, allowed_hp);
    std::string port;
    const std::size_t path_at = target.find('/', 7);
    const std::string host = split_host_port(target.substr(7, path_at - 7), "80", port);
    const std::string path = path_at == std::string::npos ? "/" : target.substr(path_at);
    // Origin form, one request per connection (so none can follow on it to another host).
    std::string request = method + " " + path + line.substr(sp2) + "\r\n";
    std::size_t at = line_end + 2;
    while (at + 2 < header.size()) {
        const std::size_t next = header.find("\r\n", at);
        const std::string field = header.substr(at, next - at);
        const std::string name = lower(field.substr(0, field.find(':')));
        if (name != "connection" && name != "proxy-connection" && name != "keep-alive")
            request += field + "\r\n";
        at = next + 2;
    }
    request += "Connection: close\r\n\r\n" + rest;
    const int upstream = connect_to(host, port, m_stop);
    if (upstream < 0) {
        m_unreachable = true;
        const char answer[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_all(client, answer, sizeof answer - 1);
        return;
    }
    if (send_all(upstream, request.data(), request.size()))
        pump(client, upstream, m_stop);
    ::close(upstream);
}

} // namespace incimap::geo
