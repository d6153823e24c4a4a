#include "core/incident_table.hpp"

namespace incimap::core {

void IncidentTable::push_back(const Incident& in) {
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

} // namespace incimap::core
