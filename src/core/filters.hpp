#pragma once
// What the user has filtered out: layers switched off, categories toggled off in the legend,
// and a text search over the string attributes. Applied as one visibility byte per incident,
// computed when a filter changes (never per frame).
//
// RowFilter and RowPredicate are the one definition of "passes the filters": the map's
// visibility (MapScene, without a time window: the window is applied per frame), the window's
// File ▸ Export (scene::visible_parts) and `incimap export` all ask them.

#include "core/area.hpp"
#include "core/geometry.hpp"
#include "core/incident_table.hpp"
#include "core/time_window.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace incimap::core {

struct Filters {
    std::vector<bool> hidden_layers;          // by layer index
    std::set<std::string> hidden_categories;  // by category name
    std::string search;                       // matched case-insensitively (ASCII folding)
    SharedArea area; // issue 17: only incidents inside (core/area.hpp); none = anywhere

    bool empty() const {
        return search.empty() && hidden_categories.empty() && !area &&
               std::none_of(hidden_layers.begin(), hidden_layers.end(), [](bool b) { return b; });
    }
    friend bool operator==(const Filters&, const Filters&) = default;
};

// Every filter an incident can be asked to pass. An incident passes when its layer is not
// hidden, the window shows its time, it lies in the box (and the area, if any), its category
// is kept and not hidden, and the search (if any) is in one of its text attributes.
struct RowFilter : Filters {
    std::set<std::string> categories; // kept by name; empty = all (then also the uncategorised)
    TimeWindow window;                // default: all time, undated shown
    std::optional<LonLatBox> bbox;    // inclusive, in lon/lat; nullopt = anywhere

    RowFilter() = default;
    explicit RowFilter(Filters filters, TimeWindow time = {})
        : Filters(std::move(filters)), window(time) {}
};

// A RowFilter applied to the rows of one table (layer `layer` among the open ones), with what
// does not depend on the row (the search in lower case, the categories kept by id) worked out
// once. Keeps a reference to `table` (not to `filter`); calls may come from several threads.
class RowPredicate {
public:
    RowPredicate(const RowFilter& filter, const IncidentTable& table, std::size_t layer = 0);
    bool operator()(std::size_t row) const;

private:
    const IncidentTable& m_table;
    TimeWindow m_window;
    std::optional<LonLatBox> m_bbox;
    SharedArea m_area; // issue 17
    bool m_layer_shown = true;
    std::string m_needle;                 // the search, lower case
    bool m_by_category = false;           // false: every category passes
    std::vector<std::uint8_t> m_category; // by category id: 1 = passes
    bool m_uncategorised = true;          // whether an incident without a category passes
};

// The rows of `table` that pass `filter`, in table order.
std::vector<std::size_t> rows_passing(const IncidentTable& table, const RowFilter& filter,
                                      std::size_t layer = 0);

// Whether any string attribute of `row` contains `needle_lower` (already lower case).
bool row_matches(const AttributeStore& attributes, std::size_t row, std::string_view needle_lower);
std::string ascii_lower(std::string_view s);

// Sets each incident's category from the text of `field` (−1: no category).
void recategorise(IncidentTable& table, int field);
// Sets each incident's size from the number in `field` (−1: no size).
void resize_by(IncidentTable& table, int field);

} // namespace incimap::core
