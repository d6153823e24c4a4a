#pragma once
// What the user has filtered out: layers switched off, categories toggled off in the legend,
// and a text search over the string attributes. Applied as one visibility byte per incident,
// computed when a filter changes (never per frame).

#include "core/incident_table.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

struct Filters {
    std::vector<bool> hidden_layers;          // by layer index
    std::set<std::string> hidden_categories;  // by category name
    std::string search;                       // matched case-insensitively (ASCII folding)

    bool empty() const {
        return search.empty() && hidden_categories.empty() &&
               std::none_of(hidden_layers.begin(), hidden_layers.end(), [](bool b) { return b; });
    }
    friend bool operator==(const Filters&, const Filters&) = default;
};

// Whether any string attribute of `row` contains `needle_lower` (already lower case).
bool row_matches(const AttributeStore& attributes, std::size_t row, std::string_view needle_lower);
std::string ascii_lower(std::string_view s);

// Sets each incident's category from the text of `field` (−1: no category).
void recategorise(IncidentTable& table, int field);
// Sets each incident's size from the number in `field` (−1: no size).
void resize_by(IncidentTable& table, int field);

} // namespace incimap::core
