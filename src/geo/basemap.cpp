#include "geo/basemap.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/triangulate.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace incimap::geo {

BasemapDetail detail_for_zoom(double zoom) {
    if (zoom < 3.0)
        return BasemapDetail::Low;
    if (zoom < 5.5)
        return BasemapDetail::Medium;
    return BasemapDetail::High;
}

namespace {

const char* scale_of(BasemapDetail d) {
    switch (d) {
    case BasemapDetail::Low: return "110m";
    case BasemapDetail::Medium: return "50m";
    case BasemapDetail::High: return "10m";
    }
    return "50m";
}

GDALDatasetUniquePtr open_asset(const std::string& path, std::string& error) {
    init_gdal();
    ErrorCapture quiet;
    const char* drivers[] = {"FlatGeobuf", nullptr};
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr,
                          nullptr));
    if (!ds || ds->GetLayerCount() == 0)
        error = "cannot read the basemap file " + path +
                " (run scripts/build_basemap.sh, or set INCIMAP_ASSETS)";
    return ds;
}

// Calls fn(geometry) for each feature's geometry, cut to `clip` when given.
// `where`: an OGR SQL attribute filter, or null.
template <typename Fn>
bool for_each_geometry(const std::string& path, const std::optional<core::LonLatBox>& clip,
                       std::string& error, Fn&& fn, const char* where = nullptr) {
    GDALDatasetUniquePtr ds = open_asset(path, error);
    if (!ds)
        return false;
    OGRLayer* layer = ds->GetLayer(0);
    if (where != nullptr && layer->SetAttributeFilter(where) != OGRERR_NONE) {
        error = "cannot filter the basemap file " + path + " by '" + where + "'";
        return false;
    }
    OGRPolygon rect;
    if (clip) {
        layer->SetSpatialFilterRect(clip->min_lon, clip->min_lat, clip->max_lon, clip->max_lat);
        auto* ring = new OGRLinearRing();
        ring->addPoint(clip->min_lon, clip->min_lat);
        ring->addPoint(clip->max_lon, clip->min_lat);
        ring->addPoint(clip->max_lon, clip->max_lat);
        ring->addPoint(clip->min_lon, clip->max_lat);
        ring->addPoint(clip->min_lon, clip->min_lat);
        rect.addRingDirectly(ring);
    }
    ErrorCapture quiet; // GEOS topology notices on odd polygons are not the user's business
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || g->IsEmpty())
            continue;
        if (clip) {
            std::unique_ptr<OGRGeometry> cut(g->Intersection(&rect));
            if (cut && !cut->IsEmpty())
                fn(*cut);
        } else {
            fn(*g);
        }
    }
    return true;
}

// The triangles of `poly` appended to `triangles` (add_polygons: of every polygon in `g`);
// `failed` counts the polygons GEOS could not triangulate.
void add_polygon(const OGRPolygon& poly, const Projection& proj,
                 std::vector<core::MapPoint>& triangles, std::size_t& failed) {
    ProjectedPolygon pp;
    std::vector<core::LonLat> ll;
    for (const OGRLinearRing* ring : poly) {
        ll.clear();
        for (const OGRPoint& p : *ring)
            ll.push_back({p.getX(), p.getY()});
        std::vector<core::MapPoint> projected(ll.size());
        proj.forward(ll, projected);
        pp.rings.push_back(std::move(projected));
    }
    if (!triangulate(pp, triangles))
        ++failed;
}

void add_polygons(const OGRGeometry& g, const Projection& proj,
                  std::vector<core::MapPoint>& triangles, std::size_t& failed) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: add_polygon(*g.toPolygon(), proj, triangles, failed); break;
    case wkbMultiPolygon:
        for (const OGRPolygon* p : *g.toMultiPolygon())
            add_polygon(*p, proj, triangles, failed);
        break;
    case wkbGeometryCollection:
        for (const OGRGeometry* m : *g.toGeometryCollection())
            add_polygons(*m, proj, triangles, failed);
        break;
    default: break;
    }
}

void add_line(const OGRLineString& line, const Projection& proj,
              std::vector<core::MapPoint>& segments) {
    std::vector<core::LonLat> ll;
    for (const OGRPoint& p : line)
        ll.push_back({p.getX(), p.getY()});
    std::vector<core::MapPoint> m(ll.size());
    proj.forward(ll, m);
    for (std::size_t i = 1; i < m.size(); ++i) {
        // A jump across the antimeridian is never drawn as a line across the world.
        if (std::abs(ll[i].lon - ll[i - 1].lon) > 180.0)
            continue;
        if (!std::isfinite(m[i].x) || !std::isfinite(m[i - 1].x))
            continue;
        segments.push_back(m[i - 1]);
        segments.push_back(m[i]);
    }
}

void add_lines(const OGRGeometry& g, const Projection& proj,
               std::vector<core::MapPoint>& segments) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString: add_line(*g.toLineString(), proj, segments); break;
    case wkbMultiLineString:
        for (const OGRLineString* l : *g.toMultiLineString())
            add_line(*l, proj, segments);
        break;
    case wkbGeometryCollection:
        for (const OGRGeometry* m : *g.toGeometryCollection())
            add_lines(*m, proj, segments);
        break;
    default: break;
    }
}

// Issue 16: the rivers whose features (one per GSHHG 5° bin and class) meet `clip`, by class;
// not cut to it (a line a little past the region costs less than GEOS would). A missing file
// is no rivers, never an error.
bool add_rivers(const std::string& path, const std::optional<core::LonLatBox>& clip,
                const Projection& proj, BasemapGeometry& out, std::string& error) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return true;
    GDALDatasetUniquePtr ds = open_asset(path, error);
    if (!ds)
        return false;
    OGRLayer* layer = ds->GetLayer(0);
    if (clip)
        layer->SetSpatialFilterRect(clip->min_lon, clip->min_lat, clip->max_lon, clip->max_lat);
    const int class_field = layer->GetLayerDefn()->GetFieldIndex("class");
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        const int cls = class_field >= 0 ? feature->GetFieldAsInteger(class_field) : 1;
        if (g == nullptr || g->IsEmpty() || cls < 0 ||
            static_cast<std::size_t>(cls) >= kRiverClasses)
            continue;
        add_lines(*g, proj, out.river_segments[static_cast<std::size_t>(cls)]);
    }
    return true;
}

bool contains(const core::LonLatBox& outer, const core::LonLatBox& inner) {
    return !outer.empty && !inner.empty && inner.min_lon >= outer.min_lon &&
           inner.max_lon <= outer.max_lon && inner.min_lat >= outer.min_lat &&
           inner.max_lat <= outer.max_lat;
}

} // namespace

namespace {

std::string cache_key(BasemapDetail detail, const Projection& projection) {
    return projection.name() + "/" + scale_of(detail);
}

// What a geometry for `region` (or the world) is cut to: the region with a margin, so that
// small pans reuse it, within a local projection's area of use; nullopt for the world.
std::optional<core::LonLatBox> clip_for(const Projection& projection,
                                        const std::optional<core::LonLatBox>& region) {
    std::optional<core::LonLatBox> clip = projection.area_of_use();
    if (clip) { // a local projection: keep what lies near its area of use
        clip->min_lon = std::max(-180.0, clip->min_lon - 20.0);
        clip->max_lon = std::min(180.0, clip->max_lon + 20.0);
        clip->min_lat = std::max(-90.0, clip->min_lat - 10.0);
        clip->max_lat = std::min(90.0, clip->max_lat + 10.0);
    }
    if (!region)
        return clip;
    const double mx = std::max(2.0, (region->max_lon - region->min_lon) * 0.5);
    const double my = std::max(2.0, (region->max_lat - region->min_lat) * 0.5);
    core::LonLatBox want;
    want.extend({std::max(-180.0, region->min_lon - mx), std::max(-90.0, region->min_lat - my)});
    want.extend({std::min(180.0, region->max_lon + mx), std::min(90.0, region->max_lat + my)});
    if (clip) { // intersect with the area of use
        want.min_lon = std::max(want.min_lon, clip->min_lon);
        want.max_lon = std::min(want.max_lon, clip->max_lon);
        want.min_lat = std::max(want.min_lat, clip->min_lat);
        want.max_lat = std::min(want.max_lat, clip->max_lat);
    }
    return want;
}

} // namespace

const BasemapGeometry* Basemap::geometry(BasemapDetail detail, const Projection& projection,
                                         const std::optional<core::LonLatBox>& region,
                                         std::string& error) {
    if (const BasemapGeometry* g = cached(detail, projection, region))
        return g;
    std::unique_ptr<BasemapGeometry> made = build(m_dir, detail, projection, region, error);
    if (!made)
        return nullptr;
    return adopt(detail, projection, region, std::move(made));
}

const BasemapGeometry* Basemap::cached(BasemapDetail detail, const Projection& projection,
                                       const std::optional<core::LonLatBox>& region) const {
    const std::string key = cache_key(detail, projection);
    for (const auto& c : m_cache)
        if (c.key == key && (!c.cut || (region && contains(c.region, *region))))
            return c.geometry.get(); // a cut one lacks the rest of the world
    return nullptr;
}

std::unique_ptr<BasemapGeometry> Basemap::build(const std::string& directory, BasemapDetail detail,
                                                const Projection& projection,
                                                const std::optional<core::LonLatBox>& region,
                                                std::string& error) {
    const std::optional<core::LonLatBox> clip = clip_for(projection, region);
    auto geometry = std::make_unique<BasemapGeometry>();
    const std::string scale = scale_of(detail);
    if (!for_each_geometry(directory + "/land-" + scale + ".fgb", clip, error,
                           [&](const OGRGeometry& g) {
                               add_polygons(g, projection, geometry->land_triangles,
                                            geometry->failed_polygons);
                           }))
        return nullptr;
    if (!for_each_geometry(directory + "/borders-" + scale + ".fgb", clip, error,
                           [&](const OGRGeometry& g) {
                               add_lines(g, projection, geometry->border_segments);
                           }))
        return nullptr;
    if (!for_each_geometry(directory + "/coastline-" + scale + ".fgb", clip, error,
                           [&](const OGRGeometry& g) {
                               add_lines(g, projection, geometry->coastline_segments);
                           }))
        return nullptr;
    // Rivers at High detail only (zoom 5.5 up; render::rivers_for_zoom picks the classes).
    if (detail == BasemapDetail::High &&
        !add_rivers(directory + "/rivers.fgb", clip, projection, *geometry, error))
        return nullptr;

    // Lakes (issue 16): the largest at Medium detail, all of them at High; cut to the region
    // like the land. A missing file is no lakes, never an error.
    const std::string lakes = directory + "/lakes.fgb";
    std::error_code no_lakes;
    if (detail != BasemapDetail::Low && std::filesystem::exists(lakes, no_lakes)) {
        const std::string where = "area_km2 >= " + std::to_string(static_cast<int>(kMediumLakeKm2));
        if (!for_each_geometry(
                lakes, clip, error,
                [&](const OGRGeometry& g) {
                    add_polygons(g, projection, geometry->lake_triangles,
                                 geometry->failed_polygons);
                },
                detail == BasemapDetail::High ? nullptr : where.c_str()))
            return nullptr;
    }

    return geometry;
}

const BasemapGeometry* Basemap::adopt(BasemapDetail detail, const Projection& projection,
                                      const std::optional<core::LonLatBox>& region,
                                      std::unique_ptr<BasemapGeometry> geometry) {
    const std::string key = cache_key(detail, projection);
    // Keep the latest cut entry of a detail besides its whole one (High: the latest of either).
    if (detail == BasemapDetail::High)
        std::erase_if(m_cache, [&](const Cached& c) { return c.key == key; });
    else if (region)
        std::erase_if(m_cache, [&](const Cached& c) { return c.key == key && c.cut; });
    Cached entry;
    entry.key = key;
    entry.cut = region.has_value();
    if (const std::optional<core::LonLatBox> clip = clip_for(projection, region))
        entry.region = *clip;
    entry.geometry = std::move(geometry);
    m_cache.push_back(std::move(entry));
    return m_cache.back().geometry.get();
}

const std::vector<Place>* Basemap::places(const Projection& projection, std::string& error) {
    if (m_places_key == projection.name())
        return &m_places;
    GDALDatasetUniquePtr ds = open_asset(m_dir + "/places.fgb", error);
    if (!ds)
        return nullptr;
    OGRLayer* layer = ds->GetLayer(0);
    const int name_field = layer->GetLayerDefn()->GetFieldIndex("name");
    const int pop_field = layer->GetLayerDefn()->GetFieldIndex("population");
    m_places.clear();
    std::vector<core::LonLat> ll;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint)
            continue;
        Place p;
        p.lonlat = {g->toPoint()->getX(), g->toPoint()->getY()};
        p.name = name_field >= 0 ? feature->GetFieldAsString(name_field) : "";
        p.population = pop_field >= 0 ? feature->GetFieldAsInteger64(pop_field) : 0;
        m_places.push_back(std::move(p));
        ll.push_back(m_places.back().lonlat);
    }
    std::vector<core::MapPoint> m(ll.size());
    projection.forward(ll, m);
    for (std::size_t i = 0; i < m.size(); ++i)
        m_places[i].map = m[i];
    std::stable_sort(m_places.begin(), m_places.end(),
                     [](const Place& a, const Place& b) { return a.population > b.population; });
    m_places_key = projection.name();
    return &m_places;
}

} // namespace incimap::geo
