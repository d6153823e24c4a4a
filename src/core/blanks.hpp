#pragma once
// Text without the white space around it (isspace: space, tab, CR, LF, VT, FF), as the
// readers' field checks and the time parser take a cell. No copy, no locale.

#include <cctype>
#include <string_view>

namespace incimap::core {

inline std::string_view without_blanks(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

} // namespace incimap::core
