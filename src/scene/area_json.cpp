#include "scene/area_json.hpp"

namespace incimap::scene {

nlohmann::ordered_json area_to_json(const core::Area& area) {
    nlohmann::ordered_json polygons = nlohmann::ordered_json::array();
    for (const core::AreaPolygon& polygon : area.polygons()) {
        nlohmann::ordered_json rings = nlohmann::ordered_json::array();
        for (const core::Ring& ring : polygon) {
            nlohmann::ordered_json points = nlohmann::ordered_json::array();
            for (const core::LonLat& p : ring)
                points.push_back({p.lon, p.lat});
            rings.push_back(std::move(points));
        }
        polygons.push_back(std::move(rings));
    }
    return {{"name", area.name()}, {"polygons", std::move(polygons)}};
}

core::SharedArea area_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("polygons") || !j["polygons"].is_array())
        return {};
    std::string name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>()
                                                                    : std::string("area");
    std::vector<core::AreaPolygon> polygons;
    std::size_t points = 0;
    for (const auto& jp : j["polygons"]) {
        if (!jp.is_array())
            continue;
        core::AreaPolygon polygon;
        for (const auto& jr : jp) {
            if (!jr.is_array())
                continue;
            core::Ring ring;
            for (const auto& pt : jr) {
                if (!(pt.is_array() && pt.size() == 2 && pt[0].is_number() && pt[1].is_number()))
                    continue;
                const core::LonLat ll{pt[0].get<double>(), pt[1].get<double>()};
                if (core::is_valid_lonlat(ll))
                    ring.push_back(ll);
                if (++points > kMaxAreaPoints)
                    return {};
            }
            polygon.push_back(std::move(ring));
        }
        if (!polygon.empty())
            polygons.push_back(std::move(polygon));
    }
    core::SharedArea area = core::make_area(std::move(name), std::move(polygons));
    return area->empty() ? core::SharedArea{} : area;
}

} // namespace incimap::scene
