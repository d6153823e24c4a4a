#include "core/filters.hpp"

#include "core/field_detection.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace incimap::core {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool row_matches(const AttributeStore& attributes, std::size_t row, std::string_view needle) {
    if (needle.empty())
        return true;
    const auto ci_equal = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
    };
    if (attributes.deferred() && needle.find_first_of("\\\"") == std::string_view::npos) {
        // Rows read back from the file: a row whose raw text neither holds the needle nor
        // escapes anything cannot match, and is not decoded (most rows, most searches).
        const std::string_view raw = attributes.deferred_bytes(row);
        if (std::search(raw.begin(), raw.end(), needle.begin(), needle.end(), ci_equal) ==
                raw.end() &&
            raw.find('\\') == std::string_view::npos)
            return false;
    }
    const auto& fields = attributes.fields();
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type != FieldType::String && fields[f].type != FieldType::Date &&
            fields[f].type != FieldType::DateTime)
            continue;
        const auto v = attributes.value(row, f);
        if (!v || v->size() < needle.size())
            continue;
        const auto it = std::search(v->begin(), v->end(), needle.begin(), needle.end(), ci_equal);
        if (it != v->end())
            return true;
    }
    return false;
}

RowPredicate::RowPredicate(const RowFilter& filter, const IncidentTable& table,
                           std::size_t layer)
    : m_table(table), m_window(filter.window), m_bbox(filter.bbox), m_area(filter.area),
      m_needle(ascii_lower(filter.search)) {
    m_layer_shown = !(layer < filter.hidden_layers.size() && filter.hidden_layers[layer]);
    m_by_category = !filter.categories.empty() || !filter.hidden_categories.empty();
    if (m_by_category) {
        m_category.resize(table.categories.size());
        for (std::size_t c = 0; c < m_category.size(); ++c) {
            const std::string& name = table.categories[c];
            m_category[c] = (filter.categories.empty() || filter.categories.count(name)) &&
                            !filter.hidden_categories.count(name);
        }
        // The legend names "no category" "" among the hidden; a list of categories to keep
        // leaves the uncategorised out.
        m_uncategorised = filter.categories.empty() && !filter.hidden_categories.count("");
    }
}

bool RowPredicate::operator()(std::size_t i) const {
    if (!m_layer_shown)
        return false;
    const IncidentTable& t = m_table;
    if (!m_window.shows(t.t_start[i], t.end_at(i), t.t_precision[i]))
        return false;
    if (const auto& b = m_bbox;
        b && !(t.lon[i] >= b->min_lon && t.lon[i] <= b->max_lon && t.lat[i] >= b->min_lat &&
               t.lat[i] <= b->max_lat))
        return false;
    if (m_by_category) {
        const CategoryId c = t.category[i];
        if (!(c < m_category.size() ? m_category[c] != 0 : m_uncategorised))
            return false;
    }
    if (m_area && !m_area->contains({t.lon[i], t.lat[i]})) // issue 17: focus on an area
        return false;
    return m_needle.empty() || row_matches(t.attributes, t.attr_row_at(i), m_needle);
}

std::vector<std::size_t> rows_passing(const IncidentTable& table, const RowFilter& filter,
                                      std::size_t layer) {
    const RowPredicate passes(filter, table, layer);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < table.count(); ++i)
        if (passes(i))
            rows.push_back(i);
    return rows;
}

void recategorise(IncidentTable& table, int field) {
    table.categories.clear();
    table.category_lookup.clear();
    for (std::size_t i = 0; i < table.count(); ++i) {
        CategoryId c = kNoCategory;
        if (field >= 0)
            if (auto v = table.attributes.value(table.attr_row_at(i), static_cast<std::size_t>(field));
                v && !v->empty())
                c = table.intern_category(*v);
        table.category[i] = c;
    }
}

void resize_by(IncidentTable& table, int field) {
    std::vector<float> sizes(table.count());
    for (std::size_t i = 0; i < table.count(); ++i) {
        float s = std::numeric_limits<float>::quiet_NaN();
        if (field >= 0)
            if (auto v = table.attributes.value(table.attr_row_at(i), static_cast<std::size_t>(field)))
                if (auto n = parse_number(*v))
                    s = static_cast<float>(*n);
        sizes[i] = s;
    }
    table.set_sizes(std::move(sizes));
}

} // namespace incimap::core
