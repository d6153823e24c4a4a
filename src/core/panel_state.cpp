#include "core/panel_state.hpp"

namespace incimap::core {

std::string_view list_column_name(ListColumn c) {
    switch (c) {
    case ListColumn::Date: return "date";
    case ListColumn::End: return "end";
    case ListColumn::Category: return "category";
    case ListColumn::Size: return "size";
    case ListColumn::Layer: return "layer";
    case ListColumn::Place: return "place";
    }
    return "date";
}

std::vector<std::string> legend_notes(const std::string& size_field, bool has_coarse, bool fade) {
    std::vector<std::string> notes;
    if (!size_field.empty())
        notes.push_back("size: " + size_field + " (area ∝ value)");
    if (has_coarse)
        notes.push_back("hollow: location approximate");
    if (fade)
        notes.push_back("faded: older in the window");
    return notes;
}

std::optional<ListColumn> list_column_from_name(std::string_view name) {
    for (const ListColumn c : kAllListColumns)
        if (list_column_name(c) == name)
            return c;
    return std::nullopt;
}

} // namespace incimap::core
