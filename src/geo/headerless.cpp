#include "geo/headerless.hpp"

#include <algorithm>
#include <vector>

namespace incimap::geo {

namespace {

bool digits(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
    int v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    return v;
}

} // namespace

const core::HeaderlessLayout* sniff_headerless(std::string_view line) {
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    std::vector<std::string_view> f;
    while (f.size() <= 64) {
        const std::size_t tab = line.find('\t');
        f.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos)
            break;
        line.remove_prefix(tab + 1);
    }
    const core::HeaderlessLayout* layout = core::headerless_layout(f.size());
    if (layout == nullptr)
        return nullptr;
    // GDELT: GLOBALEVENTID, SQLDATE (YYYYMMDD), MonthYear (YYYYMM), Year, FractionDate
    // (YYYY.FFFF): a header line has names there.
    if (!digits(f[0], 1, 19) || !digits(f[1], 8, 8) || !digits(f[2], 6, 6) ||
        !digits(f[3], 4, 4))
        return nullptr;
    const int month = number(f[1].substr(4, 2)), day = number(f[1].substr(6, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31 || f[1].substr(0, 6) != f[2] ||
        f[1].substr(0, 4) != f[3])
        return nullptr;
    const std::size_t dot = f[4].find('.');
    if (dot != 4 || !digits(f[4].substr(0, 4), 4, 4) || !digits(f[4].substr(5), 1, 6))
        return nullptr;
    return layout;
}

} // namespace incimap::geo
