#pragma once
// The area filter in the session file (issue 17, item 4):
//   "area": {"name": "drawn area", "polygons": [[[[lon, lat], ...], <holes>...], ...]}
// Read back defensively: points that are not valid lon/lat are dropped, and a file holding
// more than kMaxAreaPoints points is refused (the area is then none).

#include "core/area.hpp"

#include <nlohmann/json.hpp>

namespace incimap::scene {

inline constexpr std::size_t kMaxAreaPoints = 2'000'000;

nlohmann::ordered_json area_to_json(const core::Area& area);
core::SharedArea area_from_json(const nlohmann::json& j);

} // namespace incimap::scene
