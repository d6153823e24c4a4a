#include "core/incident_table.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace incimap::core {

namespace {

// Frees a column's memory (`v = {}` would keep its capacity: that assigns an empty list).
template <class V> void release(V& v) {
    V().swap(v);
}

} // namespace

void IncidentTable::push_back(const Incident& in) {
    if (m_rules.any())
        expand_columns(); // the new incident may not follow the rules
    lon.push_back(in.position.lon);
    lat.push_back(in.position.lat);
    t_start.push_back(in.time.start_ms);
    t_end.push_back(in.time.end_ms);
    t_precision.push_back(in.time.precision);
    t_zone.push_back(in.time.zone);
    category.push_back(in.category);
    size.push_back(in.size);
    geo_precision.push_back(in.geo_precision);
    z.push_back(in.z);
    feature_index.push_back(in.feature_index);
    fid.push_back(in.fid);
    attr_row.push_back(in.attr_row);
}

void IncidentTable::reserve(std::size_t n) {
    lon.reserve(n);
    lat.reserve(n);
    t_start.reserve(n);
    t_end.reserve(n);
    t_precision.reserve(n);
    t_zone.reserve(n);
    category.reserve(n);
    size.reserve(n);
    geo_precision.reserve(n);
    z.reserve(n);
    feature_index.reserve(n);
    fid.reserve(n);
    attr_row.reserve(n);
}

CategoryId IncidentTable::intern_category(std::string_view name) {
    std::string key(name);
    if (auto it = category_lookup.find(key); it != category_lookup.end())
        return it->second;
    if (categories.size() >= kNoCategory)
        return kNoCategory;
    const auto id = static_cast<CategoryId>(categories.size());
    categories.push_back(key);
    category_lookup.emplace(std::move(key), id);
    return id;
}

void IncidentTable::set_sizes(std::vector<float> values) {
    size = std::move(values);
    m_rules.no_size = false;
}

void IncidentTable::compact_columns() {
    const std::size_t n = count();
    if (n == 0)
        return; // nothing to decide from
    if (!m_rules.no_size && size.size() == n &&
        std::all_of(size.begin(), size.end(), [](float v) { return std::isnan(v); })) {
        release(size);
        m_rules.no_size = true;
    }
    if (!m_rules.end_by_length && t_end.size() == n) {
        std::optional<UnixMs> length;
        bool same = true;
        for (std::size_t i = 0; i < n && same; ++i) {
            if (t_precision[i] == TimePrecision::None) {
                same = t_end[i] == t_start[i];
                continue;
            }
            UnixMs l = 0;
            if (__builtin_sub_overflow(t_end[i], t_start[i], &l)) {
                same = false;
                continue;
            }
            if (!length)
                length = l;
            same = l == *length;
        }
        if (same) {
            m_rules.length = length.value_or(0);
            m_rules.end_by_length = true;
            release(t_end);
        }
    }
    if (!m_rules.no_z && z.size() == n &&
        std::all_of(z.begin(), z.end(), [](float v) { return std::isnan(v); })) {
        release(z);
        m_rules.no_z = true;
    }
    if (m_rules.fid == FidRule::Column && fid.size() == n) {
        // Before feature_index goes: the rule reads it.
        const std::int64_t offset = fid[0] - static_cast<std::int64_t>(feature_at(0));
        bool none = true, plus = true;
        for (std::size_t i = 0; i < n && (none || plus); ++i) {
            none = none && fid[i] == -1;
            plus = plus && fid[i] == static_cast<std::int64_t>(feature_at(i)) + offset;
        }
        if (none || plus) {
            m_rules.fid = none ? FidRule::None : FidRule::FeaturePlus;
            m_rules.fid_offset = none ? 0 : offset;
            release(fid);
        }
    }
    const auto is_incident_number = [n](const std::vector<std::uint32_t>& column) {
        if (column.size() != n)
            return false;
        for (std::size_t i = 0; i < n; ++i)
            if (column[i] != i)
                return false;
        return true;
    };
    if (!m_rules.feature_is_incident && is_incident_number(feature_index)) {
        release(feature_index);
        m_rules.feature_is_incident = true;
    }
    if (!m_rules.attr_row_is_incident && is_incident_number(attr_row)) {
        release(attr_row);
        m_rules.attr_row_is_incident = true;
    }
}

void IncidentTable::expand_columns() {
    const std::size_t n = count();
    if (m_rules.end_by_length) {
        t_end.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            t_end[i] = end_at(i);
        m_rules.end_by_length = false;
    }
    if (m_rules.no_size) {
        size.assign(n, std::numeric_limits<float>::quiet_NaN());
        m_rules.no_size = false;
    }
    if (m_rules.fid != FidRule::Column) { // before feature_index: the rule reads it
        fid.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            fid[i] = fid_at(i);
        m_rules.fid = FidRule::Column;
    }
    if (m_rules.no_z) {
        z.assign(n, std::numeric_limits<float>::quiet_NaN());
        m_rules.no_z = false;
    }
    const auto incident_numbers = [n](std::vector<std::uint32_t>& column) {
        column.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            column[i] = static_cast<std::uint32_t>(i);
    };
    if (m_rules.feature_is_incident) {
        incident_numbers(feature_index);
        m_rules.feature_is_incident = false;
    }
    if (m_rules.attr_row_is_incident) {
        incident_numbers(attr_row);
        m_rules.attr_row_is_incident = false;
    }
}

std::size_t IncidentTable::column_bytes() const {
    const auto of = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    return of(lon) + of(lat) + of(t_start) + of(t_end) + of(t_precision) + of(t_zone) +
           of(category) + of(size) + of(geo_precision) + of(z) + of(feature_index) + of(fid) +
           of(attr_row);
}

} // namespace incimap::core
