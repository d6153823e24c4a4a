#pragma once
// Issue 20 (panels): the parts of the application's state that the side panel's layers, list
// and the status bar add — the list's columns and what kind of message the status bar shows.
// Plain data with their names, so that the session and the panels say them the same way.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

// A column of the side panel's list of incidents.
enum class ListColumn : std::uint8_t { Date, End, Category, Size, Layer, Place };
inline constexpr std::array kAllListColumns{ListColumn::Date,  ListColumn::End,
                                            ListColumn::Category, ListColumn::Size,
                                            ListColumn::Layer, ListColumn::Place};
// What a new window shows: date, category, size.
inline std::vector<ListColumn> default_list_columns() {
    return {ListColumn::Date, ListColumn::Category, ListColumn::Size};
}
// "date", "end", "category", "size", "layer", "place": the header's and the session's words.
std::string_view list_column_name(ListColumn c);
std::optional<ListColumn> list_column_from_name(std::string_view name);

// What a status bar message is: a notice, a success ("Exported …"), something the user
// should look at, or a failure. The status bar colours each its own way.
enum class MessageKind : std::uint8_t { Info, Success, Warning, Error };

// What a legend says besides its colours, the same in the window and the exported PNG:
// "size: fatalities (area ∝ value)", "hollow: location approximate", "faded: older in the
// window".
std::vector<std::string> legend_notes(const std::string& size_field, bool has_coarse, bool fade);

} // namespace incimap::core
