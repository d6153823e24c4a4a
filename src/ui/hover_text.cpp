#include "ui/hover_text.hpp"

#include "ui/side_panel.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace incimap::ui {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

template <std::size_t N>
int first_named(const std::vector<core::FieldInfo>& fields, const std::array<std::string_view, N>& names) {
    for (std::string_view want : names)
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (lower(fields[i].name) == want)
                return static_cast<int>(i);
    return -1;
}

// Cuts at the first line break and at `max` bytes (on a UTF-8 boundary).
std::string first_line(std::string_view text, std::size_t max) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        return {};
    text.remove_prefix(start);
    text = text.substr(0, text.find_first_of("\r\n"));
    if (text.size() <= max)
        return std::string(text);
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

} // namespace

int place_field(const std::vector<core::FieldInfo>& fields) {
    static constexpr std::array<std::string_view, 14> names{
        "location", "place", "place_name", "placename", "site",  "city",  "town",
        "village",  "admin3", "admin2",    "admin1",    "name",  "title", "where"};
    return first_named(fields, names);
}

int notes_field(const std::vector<core::FieldInfo>& fields) {
    static constexpr std::array<std::string_view, 10> names{
        "notes", "note", "description", "desc", "summary", "details", "comment", "comments",
        "text", "remarks"};
    return first_named(fields, names);
}

std::string hover_text(const std::string& category, const core::TimeInterval& time,
                       const core::AttributeStore& attributes, std::size_t row,
                       std::size_t max_chars) {
    std::string out = category + "\n" + describe_time(time);
    const auto& fields = attributes.fields();
    for (int f : {place_field(fields), notes_field(fields)}) {
        if (f < 0 || row >= attributes.row_count())
            continue;
        const auto v = attributes.value(row, static_cast<std::size_t>(f));
        if (v && !v->empty()) {
            const std::string line = first_line(*v, max_chars);
            if (!line.empty())
                out += "\n" + line;
        }
    }
    return out;
}

} // namespace incimap::ui
