#include "geo/vector_tiles.hpp"

#include "core/attributes.hpp"
#include "geo/gdal/gdal_runtime.hpp"
#include "geo/projection.hpp"
#include "geo/vector_paint.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <cstdio>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <system_error>

namespace incimap::geo {

namespace {

constexpr double kWorld = core::kWebMercatorWorldWidth;
constexpr double kHalf = kWorld / 2;
constexpr double kRadius = 6378137.0;

struct DatasetCloser {
    void operator()(GDALDatasetH ds) const {
        if (ds != nullptr)
            GDALClose(ds);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

DatasetPtr open_vector(const std::string& path, int zoom) {
    const char* drivers[] = {"MBTiles", nullptr};
    std::string zoom_option = "ZOOM_LEVEL=" + std::to_string(zoom);
    const char* options[] = {zoom >= 0 ? zoom_option.c_str() : nullptr, nullptr};
    return DatasetPtr(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                 zoom >= 0 ? options : nullptr, nullptr));
}

core::Rgba8 mix(core::Rgba8 a, core::Rgba8 b, double t) {
    const auto m = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
    };
    return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), 255};
}

core::MapPoint mercator(core::LonLat p) {
    const double lat = std::clamp(p.lat, -85.05112878, 85.05112878) * std::numbers::pi / 180;
    return {kRadius * p.lon * std::numbers::pi / 180,
            kRadius * std::log(std::tan(std::numbers::pi / 4 + lat / 2))};
}

core::LonLat lon_lat(core::MapPoint m) {
    return {m.x / kRadius * 180 / std::numbers::pi,
            (2 * std::atan(std::exp(m.y / kRadius)) - std::numbers::pi / 2) * 180 / std::numbers::pi};
}

using Kind = TileFeatures::Kind;

// The OpenMapTiles layers drawn, and how a feature's class sorts it (false: not drawn).
bool classify(const std::string& layer, const std::string& cls, Kind& kind) {
    const auto any = [&](std::initializer_list<const char*> names) {
        return std::any_of(names.begin(), names.end(), [&](const char* n) { return cls == n; });
    };
    if (layer == "water") {
        kind = Kind::Water;
        return true;
    }
    if (layer == "waterway") {
        kind = any({"river", "canal"}) || cls.empty() ? Kind::River : Kind::Stream;
        return true;
    }
    if (layer == "park") {
        kind = Kind::Green;
        return true;
    }
    if (layer == "landcover") {
        kind = Kind::Green;
        return any({"wood", "forest", "grass", "park", "wetland", "farmland", "scrub"});
    }
    if (layer == "landuse") {
        kind = any({"park", "cemetery", "garden", "pitch", "playground"}) ? Kind::Green : Kind::Urban;
        return true;
    }
    if (layer == "building") {
        kind = Kind::Building;
        return true;
    }
    if (layer == "transportation") {
        if (any({"motorway", "trunk", "primary"}))
            kind = Kind::MajorRoad;
        else if (any({"secondary", "tertiary"}))
            kind = Kind::Road;
        else if (any({"rail", "transit"}))
            kind = Kind::Rail;
        else if (any({"ferry", "aerialway", "busway"}))
            return false;
        else
            kind = Kind::MinorRoad;
        return true;
    }
    if (layer == "place") {
        kind = Kind::Place;
        return !any({"continent", "country", "state", "province"});
    }
    return false;
}

double place_rank(const std::string& cls) {
    if (cls == "city")
        return 1e6;
    if (cls == "town")
        return 1e5;
    if (cls == "village" || cls == "suburb")
        return 2e4;
    return 3e3;
}

std::string field_text(OGRFeatureH f, const char* name) {
    const int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return {};
    return core::sanitize_utf8(OGR_F_GetFieldAsString(f, i));
}

// The points of `g` (polygon rings, lines, points) appended to `out`, one part each.
void append_parts(OGRGeometryH g, TileFeatures::Feature& out) {
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type == wkbPolygon || type == wkbMultiPolygon || type == wkbMultiLineString ||
        type == wkbMultiPoint || type == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
            append_parts(OGR_G_GetGeometryRef(g, i), out);
        return;
    }
    const int n = OGR_G_GetPointCount(g);
    if (n == 0)
        return;
    out.parts.push_back(static_cast<std::uint32_t>(out.points.size()));
    for (int i = 0; i < n; ++i)
        out.points.push_back({OGR_G_GetX(g, i), OGR_G_GetY(g, i)});
}

struct Widths { // px, by view zoom
    float major, road, minor, river, stream, rail;
};
Widths widths_for(double zoom) {
    if (zoom >= 14)
        return {5.0f, 4.0f, 2.5f, 4.0f, 1.5f, 1.2f};
    if (zoom >= 12)
        return {3.5f, 2.5f, 1.2f, 3.0f, 1.2f, 1.0f};
    if (zoom >= 10)
        return {2.2f, 1.5f, 0.0f, 2.0f, 0.0f, 0.0f};
    return {1.5f, 1.0f, 0.0f, 1.2f, 0.0f, 0.0f};
}

// GDAL's message without the source location it may start with ("In file …, at line N, ").
std::string gdal_said(std::string text) {
    if (text.rfind("In file ", 0) == 0)
        if (const auto at = text.find(", at line "); at != std::string::npos)
            if (const auto comma = text.find(", ", at + 10); comma != std::string::npos)
                text.erase(0, comma + 2);
    if (text.size() > 160)
        text.resize(160);
    return text;
}

} // namespace

VectorStyle vector_style(core::Rgba8 land, core::Rgba8 water) {
    const bool dark = land.r + land.g + land.b < 3 * 128;
    const core::Rgba8 white{255, 255, 255, 255}, black{0, 0, 0, 255};
    VectorStyle s;
    s.land = land;
    s.water = water;
    s.green = mix(land, {120, 170, 100, 255}, dark ? 0.10 : 0.16);
    s.urban = mix(land, dark ? white : core::Rgba8{150, 145, 140, 255}, dark ? 0.05 : 0.10);
    s.building = mix(land, dark ? white : core::Rgba8{120, 115, 110, 255}, dark ? 0.10 : 0.18);
    s.road = dark ? mix(land, white, 0.28) : white;
    s.road_casing = mix(land, dark ? black : core::Rgba8{120, 115, 110, 255}, dark ? 0.35 : 0.30);
    s.minor_road = dark ? mix(land, white, 0.16) : mix(land, white, 0.75);
    s.rail = mix(land, dark ? white : black, 0.25);
    return s;
}

std::size_t TileFeatures::bytes() const {
    std::size_t n = sizeof(*this);
    for (const Feature& f : features)
        n += sizeof(f) + f.points.capacity() * sizeof(core::MapPoint) +
             f.parts.capacity() * sizeof(std::uint32_t) + f.name.capacity();
    return n;
}

std::shared_ptr<const TileFeatures> VectorTileCache::get(const std::string& key) {
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->second;
}

void VectorTileCache::put(const std::string& key, std::shared_ptr<const TileFeatures> tile) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end()) {
        m_bytes -= it->second->second->bytes();
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    m_bytes += tile->bytes();
    m_lru.emplace_front(key, std::move(tile));
    m_index[key] = m_lru.begin();
    while (m_bytes > m_bound && m_lru.size() > 1) {
        m_bytes -= m_lru.back().second->bytes();
        m_index.erase(m_lru.back().first);
        m_lru.pop_back();
    }
}

std::size_t VectorTileCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::size_t VectorTileCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

bool is_vector_mbtiles(const std::string& path) {
    init_gdal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return false;
    NetworkGuard network(false);
    ErrorCapture errors;
    const char* drivers[] = {"MBTiles", nullptr};
    if (GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, drivers, nullptr) == nullptr)
        return false;
    DatasetPtr ds = open_vector(path, -1);
    if (!ds)
        return false;
    const char* format = GDALGetMetadataItem(ds.get(), "format", nullptr);
    return format != nullptr && std::string(format) == "pbf";
}

struct VectorTileSource::Opened {
    int zoom = -1;
    DatasetPtr ds;
};

VectorTileSource::~VectorTileSource() = default;

std::unique_ptr<VectorTileSource> VectorTileSource::open(const std::string& path,
                                                         std::string& error,
                                                         std::shared_ptr<VectorTileCache> cache) {
    init_gdal();
    if (!is_vector_mbtiles(path)) {
        error = path + ": not an MBTiles file of vector tiles (format=pbf)";
        return nullptr;
    }
    NetworkGuard network(false);
    ErrorCapture errors;
    DatasetPtr ds = open_vector(path, -1);
    if (!ds) {
        error = path + ": its vector tiles cannot be read (" +
                core::sanitize_utf8(errors.last_error()) + ")";
        return nullptr;
    }
    auto out = std::unique_ptr<VectorTileSource>(new VectorTileSource);
    out->m_path = path;
    const auto item = [&](const char* key) {
        const char* v = GDALGetMetadataItem(ds.get(), key, nullptr);
        return std::string(v != nullptr ? v : "");
    };
    if (const std::string z = item("minzoom"); !z.empty())
        out->m_min_zoom = std::clamp(std::atoi(z.c_str()), 0, 22);
    if (const std::string z = item("maxzoom"); !z.empty())
        out->m_max_zoom = std::clamp(std::atoi(z.c_str()), out->m_min_zoom, 22);
    double w = -180, s = -85.06, e = 180, n = 85.06;
    if (const std::string b = item("bounds");
        std::sscanf(b.c_str(), "%lf,%lf,%lf,%lf", &w, &s, &e, &n) != 4 || !(w < e) || !(s < n))
        w = -180, s = -85.06, e = 180, n = 85.06;
    out->m_bounds.extend({w, s});
    out->m_bounds.extend({e, n});
    out->m_attribution = plain_attribution(item("attribution"));
    if (out->m_attribution.empty())
        out->m_attribution =
            "basemap: " + core::sanitize_utf8(std::filesystem::path(path).filename().string());
    if (out->m_attribution.size() > 160)
        out->m_attribution.resize(160);
    out->m_cache = cache ? std::move(cache) : std::make_shared<VectorTileCache>();
    return out;
}

int VectorTileSource::zoom_for(double metres_per_px) const {
    const double view_zoom = std::log2(kWorld / (256.0 * std::max(metres_per_px, 1e-6)));
    const int z = static_cast<int>(std::lround(view_zoom - 1)); // a vector tile spans 512 px
    return std::clamp(z, m_min_zoom, m_max_zoom);
}

std::shared_ptr<const TileFeatures> VectorTileSource::tile(int z, int x, int y,
                                                           std::string& error,
                                                           std::string& problem) const {
    const std::string key = m_path + "|" + std::to_string(z) + "/" + std::to_string(x) + "/" +
                            std::to_string(y);
    if (auto hit = m_cache->get(key))
        return hit;
    ErrorCapture said; // what GDAL says of this tile's bytes (a corrupt tile: an error)
    const auto first_error = [&] {
        for (const auto& m : said.messages())
            if (m.is_error && !m.text.empty())
                return gdal_said(m.text);
        return std::string{};
    };
    if (!m_opened || m_opened->zoom != z) {
        m_opened = std::make_unique<Opened>();
        m_opened->zoom = z;
        m_opened->ds = open_vector(m_path, z);
        if (!m_opened->ds) {
            m_opened.reset();
            error = m_path + ": its tiles of zoom " + std::to_string(z) + " cannot be read";
            return nullptr;
        }
        said.clear(); // what opening said is not about this tile
    }
    const double size = kWorld / std::ldexp(1.0, z), inset = size * 1e-3;
    const double min_x = -kHalf + x * size, max_y = kHalf - y * size;
    auto features = std::make_shared<TileFeatures>();
    for (const char* name : {"water", "waterway", "landcover", "landuse", "park", "building",
                             "transportation", "place"}) {
        OGRLayerH layer = GDALDatasetGetLayerByName(m_opened->ds.get(), name);
        if (layer == nullptr)
            continue;
        OGR_L_SetSpatialFilterRect(layer, min_x + inset, max_y - size + inset, min_x + size - inset,
                                   max_y - inset);
        OGR_L_ResetReading(layer);
        while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
            Kind kind;
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            if (g != nullptr && classify(name, field_text(f, "class"), kind)) {
                TileFeatures::Feature feature{kind, {}, {}, {}, 0};
                append_parts(g, feature);
                if (kind == Kind::Place) {
                    feature.name = field_text(f, "name_en");
                    if (feature.name.empty())
                        feature.name = field_text(f, "name:latin");
                    if (feature.name.empty())
                        feature.name = field_text(f, "name");
                    feature.rank = place_rank(field_text(f, "class"));
                    // A place in the buffer of a neighbouring tile is that tile's.
                    const bool inside = !feature.points.empty() &&
                                        feature.points[0].x >= min_x &&
                                        feature.points[0].x < min_x + size &&
                                        feature.points[0].y <= max_y &&
                                        feature.points[0].y > max_y - size;
                    if (feature.name.empty() || !inside)
                        feature.points.clear();
                }
                if (!feature.points.empty())
                    features->features.push_back(std::move(feature));
            }
            OGR_F_Destroy(f);
        }
        OGR_L_SetSpatialFilter(layer, nullptr);
    }
    problem = first_error();
    m_cache->put(key, features);
    return features;
}

bool VectorTileSource::read(const core::MapBox& box, int width, int height,
                            const std::string& view_crs, const VectorStyle& style,
                            RasterImage& out, std::string& error,
                            const std::atomic<bool>* cancel) const {
    if (width <= 0 || height <= 0 || width > 8192 || height > 8192 || !(box.width() > 0) ||
        !(box.height() > 0)) {
        error = "vector tiles read of " + std::to_string(width) + "×" + std::to_string(height) +
                " px: nothing to read";
        return false;
    }
    const auto cancelled = [&] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };
    auto projection = Projection::create(view_crs, error);
    if (!projection)
        return false;
    NetworkGuard network(false);
    ErrorCapture errors;

    // The view's box in Web Mercator (its edges sampled: another CRS bends them).
    core::MapBox merc{1e300, 1e300, -1e300, -1e300};
    const bool same = projection->is_web_mercator();
    for (int i = 0; i <= 8; ++i)
        for (int j = 0; j <= 8; ++j) {
            const core::MapPoint p{box.min_x + box.width() * i / 8, box.min_y + box.height() * j / 8};
            core::MapPoint m = p;
            if (!same) {
                const auto ll = projection->inverse(p);
                if (!ll)
                    continue;
                m = mercator(*ll);
            }
            merc.min_x = std::min(merc.min_x, m.x), merc.max_x = std::max(merc.max_x, m.x);
            merc.min_y = std::min(merc.min_y, m.y), merc.max_y = std::max(merc.max_y, m.y);
        }
    out.box = box;
    out.width = width;
    out.height = height;
    out.rgba.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4, 0);
    out.labels.clear();
    if (!(merc.min_x < merc.max_x))
        return true; // the view shows nothing of the Earth

    // The tiles: the view's zoom, coarser while there are too many, only where the file has any.
    const core::MapPoint b0 = mercator({m_bounds.min_lon, m_bounds.min_lat});
    const core::MapPoint b1 = mercator({m_bounds.max_lon, m_bounds.max_lat});
    const double view_zoom = std::log2(kWorld / (256.0 * merc.width() / width));
    int z = zoom_for(merc.width() / width);
    int x0 = 0, x1 = -1, y0 = 0, y1 = -1;
    for (;; --z) {
        const double size = kWorld / std::ldexp(1.0, z);
        const int last = static_cast<int>(std::ldexp(1.0, z)) - 1;
        const auto col = [&](double mx) { return std::clamp(static_cast<int>(std::floor((mx + kHalf) / size)), 0, last); };
        const auto row = [&](double my) { return std::clamp(static_cast<int>(std::floor((kHalf - my) / size)), 0, last); };
        x0 = col(std::max(merc.min_x, b0.x)), x1 = col(std::min(merc.max_x, b1.x));
        y0 = row(std::min(merc.max_y, b1.y)), y1 = row(std::max(merc.min_y, b0.y));
        if (static_cast<long>(x1 - x0 + 1) * (y1 - y0 + 1) <= kMaxTiles || z <= m_min_zoom)
            break;
    }
    const bool overlaps = merc.max_x > b0.x && merc.min_x < b1.x && merc.max_y > b0.y &&
                          merc.min_y < b1.y;
    std::vector<std::shared_ptr<const TileFeatures>> tiles;
    int broken = 0; // tiles GDAL could not decode: the first one's message said
    std::string first_problem;
    if (overlaps)
        for (int ty = y0; ty <= y1; ++ty)
            for (int tx = x0; tx <= x1; ++tx) {
                if (cancelled()) {
                    error = "cancelled";
                    return false;
                }
                std::string problem;
                auto t = tile(z, tx, ty, error, problem);
                if (!t)
                    return false;
                if (!problem.empty() && broken++ == 0)
                    first_problem = problem;
                tiles.push_back(std::move(t));
            }
    out.warning.clear();
    if (broken > 0)
        out.warning = m_path + ": " + std::to_string(broken) + " vector tile" +
                      (broken == 1 ? "" : "s") + " of zoom " + std::to_string(z) +
                      " could not be decoded (" + first_problem + "); drawn without " +
                      (broken == 1 ? "it" : "them");

    // Map units (of the view) to the image's pixels.
    const double sx = width / box.width(), sy = height / box.height();
    std::vector<core::LonLat> lonlats;
    std::vector<core::MapPoint> mapped;
    std::vector<PixelPoint> pixels;
    const auto to_pixels = [&](const std::vector<core::MapPoint>& points) {
        const std::vector<core::MapPoint>* in = &points;
        if (!same) {
            lonlats.resize(points.size());
            mapped.resize(points.size());
            for (std::size_t i = 0; i < points.size(); ++i)
                lonlats[i] = lon_lat(points[i]);
            projection->forward(lonlats, mapped);
            in = &mapped;
        }
        pixels.resize(points.size());
        for (std::size_t i = 0; i < points.size(); ++i)
            pixels[i] = {static_cast<float>(((*in)[i].x - box.min_x) * sx),
                         static_cast<float>((box.max_y - (*in)[i].y) * sy)};
    };

    Canvas canvas(out.rgba.data(), width, height);
    if (overlaps) { // the land under the tiles (OpenMapTiles draws the sea as water polygons)
        const core::MapBox land = projection->project_box(m_bounds);
        canvas.fill_rect(static_cast<float>((land.min_x - box.min_x) * sx),
                         static_cast<float>((box.max_y - land.max_y) * sy),
                         static_cast<float>((land.max_x - box.min_x) * sx),
                         static_cast<float>((box.max_y - land.min_y) * sy), style.land);
    }
    const Widths w = widths_for(view_zoom);
    struct Pass {
        Kind kind;
        core::Rgba8 colour;
        float width; // 0: a fill
        bool fill;
    };
    const std::array<Pass, 13> passes{{
        {Kind::Green, style.green, 0, true},
        {Kind::Urban, style.urban, 0, true},
        {Kind::Water, style.water, 0, true},
        {Kind::Building, style.building, 0, view_zoom >= 13.5},
        {Kind::Stream, style.water, w.stream, false},
        {Kind::River, style.water, w.river, false},
        {Kind::Rail, style.rail, w.rail, false},
        {Kind::MinorRoad, style.road_casing, w.minor > 0 ? w.minor + 1.0f : 0, false},
        {Kind::Road, style.road_casing, w.road + 1.5f, false},
        {Kind::MajorRoad, style.road_casing, w.major + 2.0f, false},
        {Kind::MinorRoad, style.minor_road, w.minor, false},
        {Kind::Road, style.road, w.road, false},
        {Kind::MajorRoad, style.road, w.major, false},
    }};
    for (const Pass& pass : passes) {
        if (cancelled()) {
            error = "cancelled";
            return false;
        }
        if (pass.kind == Kind::Building && !pass.fill)
            continue;
        if (!pass.fill && pass.width <= 0)
            continue;
        for (const auto& t : tiles)
            for (const auto& f : t->features) {
                if (f.kind != pass.kind)
                    continue;
                to_pixels(f.points);
                if (pass.fill) {
                    if (std::all_of(pixels.begin(), pixels.end(), [](PixelPoint p) {
                            return std::isfinite(p.x) && std::isfinite(p.y);
                        }))
                        canvas.fill_polygon(pixels, f.parts, pass.colour);
                    continue;
                }
                for (std::size_t k = 0; k < f.parts.size(); ++k) {
                    const std::size_t end = k + 1 < f.parts.size() ? f.parts[k + 1] : pixels.size();
                    canvas.stroke(std::span(pixels).subspan(f.parts[k], end - f.parts[k]),
                                  pass.width, pass.colour);
                }
            }
    }
    for (const auto& t : tiles)
        for (const auto& f : t->features)
            if (f.kind == Kind::Place) {
                const core::MapPoint at =
                    same ? f.points[0] : projection->forward(lon_lat(f.points[0]));
                if (std::isfinite(at.x) && std::isfinite(at.y))
                    out.labels.push_back({at, f.name, f.rank});
            }
    std::stable_sort(out.labels.begin(), out.labels.end(),
                     [](const MapLabel& a, const MapLabel& b) { return a.rank > b.rank; });
    return true;
}

} // namespace incimap::geo
