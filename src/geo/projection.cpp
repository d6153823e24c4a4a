#include "geo/projection.hpp"

#include "geo/crs_guard.hpp"

#include "core/parallel.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <vector>

namespace incimap::geo {

// Points a thread transforms at least, in a large batch.
constexpr std::size_t kPointsPerPart = 131072;

struct Projection::State {
    PJ_CONTEXT* ctx = nullptr;
    PJ* to_map = nullptr; // lon/lat → map, normalised axis order
    std::optional<core::LonLatBox> area;
    std::mutex mutex;     // a PJ is not re-entrant; the lock makes a shared Projection safe

    ~State() {
        if (to_map)
            proj_destroy(to_map);
        if (ctx)
            proj_context_destroy(ctx);
    }
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMercatorMaxLat = 85.0511287798066;

} // namespace

std::optional<Projection> Projection::create(std::string_view crs, std::string& error) {
    if (std::string why = crs_names_a_file(crs); !why.empty()) {
        error = "projection '" + std::string(crs) + "' " + why +
                "; incimap lets PROJ read only its own data folder (try EPSG:3857, EPSG:4326 " +
                "or EPSG:32638)";
        return std::nullopt;
    }
    auto state = std::make_shared<State>();
    state->ctx = proj_context_create();
    proj_log_level(state->ctx, PJ_LOG_NONE); // errors are reported through `error`
    const std::string target(crs);
    PJ* target_crs = proj_create(state->ctx, target.c_str());
    if (target_crs == nullptr) {
        error = "unknown projection '" + target + "' (try EPSG:3857, EPSG:4326 or EPSG:32638)";
        return std::nullopt;
    }
    const PJ_TYPE type = proj_get_type(target_crs);
    const bool geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    const bool projected = type == PJ_TYPE_PROJECTED_CRS;
    if (projected) {
        double w = 0, s = 0, e = 0, n = 0;
        if (proj_get_area_of_use(state->ctx, target_crs, &w, &s, &e, &n, nullptr) && w > -1000 &&
            !(w <= -179.9 && e >= 179.9)) {
            core::LonLatBox box;
            box.extend({w, s});
            box.extend({e < w ? e + 360.0 : e, n});
            state->area = box;
        }
    }
    proj_destroy(target_crs);
    if (!geographic && !projected) {
        error = "'" + target + "' is not a geographic or projected CRS";
        return std::nullopt;
    }
    PJ* raw = proj_create_crs_to_crs(state->ctx, "EPSG:4326", target.c_str(), nullptr);
    if (raw == nullptr) {
        error = "no transformation from WGS84 to '" + target + "'";
        return std::nullopt;
    }
    state->to_map = proj_normalize_for_visualization(state->ctx, raw);
    proj_destroy(raw);
    if (state->to_map == nullptr) {
        error = "cannot normalise the axis order of '" + target + "'";
        return std::nullopt;
    }
    Projection p;
    p.m_state = std::move(state);
    p.m_name = target;
    p.m_geographic = geographic;
    p.m_web_mercator = target == "EPSG:3857" || target == "epsg:3857" || target == "EPSG:900913";
    return p;
}

Projection Projection::web_mercator() {
    std::string error;
    auto p = create("EPSG:3857", error);
    if (!p)
        std::abort(); // PROJ without its database: nothing of incimap's maps can work
    return *p;
}

double Projection::world_width() const {
    return m_geographic ? 360.0 : core::kWebMercatorWorldWidth;
}

std::optional<core::LonLatBox> Projection::area_of_use() const {
    if (m_web_mercator || m_geographic)
        return std::nullopt;
    return m_state->area;
}

std::pair<double, double> Projection::y_limits() const {
    if (m_web_mercator)
        return {-core::kWebMercatorWorldWidth / 2, core::kWebMercatorWorldWidth / 2};
    if (m_geographic)
        return {-90.0, 90.0};
    return {0.0, 0.0};
}

std::size_t Projection::forward(std::span<const core::LonLat> in,
                                std::span<core::MapPoint> out) const {
    const std::size_t n = std::min(in.size(), out.size());
    for (std::size_t i = 0; i < n; ++i)
        out[i] = {in[i].lon, in[i].lat};
    return forward_in_place(out.first(n));
}

std::size_t Projection::forward_in_place(std::span<core::MapPoint> out) const {
    const std::size_t n = out.size();
    if (n == 0)
        return 0;
    if (m_web_mercator) // the poles are at infinity: clamp to the square world's edge
        for (core::MapPoint& p : out)
            p.y = std::clamp(p.y, -kMercatorMaxLat, kMercatorMaxLat);
    // A large batch (a table's points) on every core (issue 14): each part beyond the first
    // gets its own context and copy of the transformation (a PJ is not re-entrant), made
    // under the lock before any part runs.
    const std::size_t parts = n >= kPointsPerPart * 2 ? std::min<std::size_t>(
                                                            core::thread_count(), n / kPointsPerPart)
                                                      : 1;
    std::vector<std::pair<PJ_CONTEXT*, PJ*>> copies;
    {
        std::lock_guard lock(m_state->mutex);
        for (std::size_t p = 1; p < parts; ++p) {
            PJ_CONTEXT* ctx = proj_context_create();
            PJ* copy = ctx != nullptr ? proj_clone(ctx, m_state->to_map) : nullptr;
            if (copy == nullptr) {
                if (ctx != nullptr)
                    proj_context_destroy(ctx);
                break; // fewer parts, then
            }
            copies.emplace_back(ctx, copy);
        }
        const auto transform = [&](PJ* pj, std::size_t begin, std::size_t end) {
            proj_trans_generic(pj, PJ_FWD, &out[begin].x, sizeof(core::MapPoint), end - begin,
                               &out[begin].y, sizeof(core::MapPoint), end - begin, nullptr, 0,
                               0, nullptr, 0, 0);
        };
        const std::size_t used = copies.size() + 1;
        core::run_parts(used, [&](std::size_t p) {
            transform(p == 0 ? m_state->to_map : copies[p - 1].second, n * p / used,
                      n * (p + 1) / used);
        });
    }
    for (auto& [ctx, copy] : copies) {
        proj_destroy(copy);
        proj_context_destroy(ctx);
    }
    std::size_t failed = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(out[i].x) || !std::isfinite(out[i].y) || std::abs(out[i].x) > 1e30) {
            out[i] = {kNaN, kNaN};
            ++failed;
        }
    }
    return failed;
}

core::MapPoint Projection::forward(core::LonLat p) const {
    core::MapPoint out;
    forward(std::span<const core::LonLat>(&p, 1), std::span<core::MapPoint>(&out, 1));
    return out;
}

std::optional<core::LonLat> Projection::inverse(core::MapPoint p) const {
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    PJ_COORD r;
    {
        std::lock_guard lock(m_state->mutex);
        r = proj_trans(m_state->to_map, PJ_INV, c);
    }
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || std::abs(r.xy.x) > 1e30)
        return std::nullopt;
    return core::LonLat{r.xy.x, r.xy.y};
}

core::MapBox Projection::project_box(const core::LonLatBox& box) const {
    constexpr int kSteps = 16;
    std::vector<core::LonLat> edge;
    for (int i = 0; i <= kSteps; ++i) {
        const double f = static_cast<double>(i) / kSteps;
        const double lon = box.min_lon + f * (box.max_lon - box.min_lon);
        const double lat = box.min_lat + f * (box.max_lat - box.min_lat);
        edge.push_back({lon, box.min_lat});
        edge.push_back({lon, box.max_lat});
        edge.push_back({box.min_lon, lat});
        edge.push_back({box.max_lon, lat});
    }
    std::vector<core::MapPoint> out(edge.size());
    forward(edge, out);
    core::MapBox m{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (const auto& p : out) {
        if (!std::isfinite(p.x))
            continue;
        m.min_x = std::min(m.min_x, p.x);
        m.min_y = std::min(m.min_y, p.y);
        m.max_x = std::max(m.max_x, p.x);
        m.max_y = std::max(m.max_y, p.y);
    }
    if (m.min_x > m.max_x)
        return {};
    return m;
}

} // namespace incimap::geo
