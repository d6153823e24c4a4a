#include "geo/area_reader.hpp"

#include "core/text_fold.hpp"
#include "geo/gdal/gdal_runtime.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace incimap::geo {

namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

core::Ring ring_of(const OGRLinearRing& ring) {
    core::Ring out;
    out.reserve(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i)
        out.push_back({ring.getX(i), ring.getY(i)});
    return out;
}

void add_polygon(const OGRPolygon& polygon, std::vector<core::AreaPolygon>& out) {
    if (polygon.IsEmpty() || polygon.getExteriorRing() == nullptr)
        return;
    core::AreaPolygon p;
    p.push_back(ring_of(*polygon.getExteriorRing()));
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i)
        p.push_back(ring_of(*polygon.getInteriorRing(i)));
    out.push_back(std::move(p));
}

// The polygons of `g` (curves approximated by lines; collections walked; others skipped).
void add_polygons(const OGRGeometry& g, std::vector<core::AreaPolygon>& out) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: add_polygon(*g.toPolygon(), out); break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiSurface:
        for (const OGRGeometry* part : *g.toGeometryCollection())
            if (part != nullptr)
                add_polygons(*part, out);
        break;
    case wkbCurvePolygon:
    case wkbPolyhedralSurface:
    case wkbTIN: {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(g.getGeometryType()))
            add_polygons(*linear, out);
        break;
    }
    default: break; // points and lines bound nothing
    }
}

GDALDatasetUniquePtr open_vector(const std::string& path, const char* const* drivers) {
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                  drivers, nullptr, nullptr));
}

// The countries file's features, one at a time, with their name; `visit` returns true to stop.
template <typename Visit>
bool each_country(const std::string& path, std::string& error, Visit visit) {
    init_gdal();
    ErrorCapture quiet;
    const char* drivers[] = {"FlatGeobuf", nullptr};
    GDALDatasetUniquePtr ds = open_vector(path, drivers);
    if (!ds || ds->GetLayerCount() == 0) {
        error = "cannot read the countries file " + path;
        return false;
    }
    OGRLayer* layer = ds->GetLayer(0);
    const int name = layer->GetLayerDefn()->GetFieldIndex("name");
    if (name < 0) {
        error = path + ": no \"name\" field";
        return false;
    }
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || g->IsEmpty() || !feature->IsFieldSetAndNotNull(name))
            continue;
        if (visit(std::string(feature->GetFieldAsString(name)), *g))
            return true;
    }
    return true;
}

core::SharedArea area_of(const std::string& name, const OGRGeometry& g) {
    std::vector<core::AreaPolygon> polygons;
    add_polygons(g, polygons);
    return core::make_area(name, std::move(polygons));
}

} // namespace

core::SharedArea read_area_file(const std::string& path, std::string& error) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        error = path + ": no such file";
        return {};
    }
    init_gdal();
    ErrorCapture captured;
    NetworkGuard offline(false);
    GDALDatasetUniquePtr ds = open_vector(path, allowed_vector_drivers().data());
    if (!ds) {
        const std::string why = captured.last_error();
        error = path + ": not a vector file GDAL reads" + (why.empty() ? "" : " (" + why + ")");
        return {};
    }
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<core::AreaPolygon> polygons;
    for (OGRLayer* layer : ds->GetLayers()) {
        TransformPtr to_wgs84;
        if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
            OGRSpatialReference from(*srs);
            from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!from.IsGeographic() || !from.IsSame(&wgs84)) {
                to_wgs84.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
                if (!to_wgs84) {
                    error = path + ": cannot take its CRS (" +
                            std::string(srs->GetName() ? srs->GetName() : "unnamed") +
                            ") to WGS84";
                    return {};
                }
            }
        } // no CRS: lon/lat degrees (GeoJSON's)
        for (auto& feature : *layer) {
            OGRGeometry* g = feature->GetGeometryRef();
            if (g == nullptr || g->IsEmpty())
                continue;
            if (to_wgs84 && g->transform(to_wgs84.get()) != OGRERR_NONE) {
                error = path + ": a polygon could not be reprojected to WGS84";
                return {};
            }
            add_polygons(*g, polygons);
        }
    }
    if (polygons.empty()) {
        error = path + ": holds no polygon (--within needs polygons or multipolygons)";
        return {};
    }
    core::SharedArea area =
        core::make_area(std::filesystem::path(path).filename().string(), std::move(polygons));
    if (area->empty()) {
        error = path + ": its polygons have no area (fewer than three valid lon/lat points)";
        return {};
    }
    return area;
}

std::string countries_file(const std::string& assets_dir) {
    return assets_dir + "/basemap/countries-50m.fgb";
}

std::vector<std::string> country_names(const std::string& path, std::string& error) {
    std::vector<std::string> names;
    if (!each_country(path, error, [&](std::string name, const OGRGeometry&) {
            names.push_back(std::move(name));
            return false;
        }))
        return {};
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

core::SharedArea country_named(const std::string& path, const std::string& name,
                               std::string& error) {
    const std::string wanted = core::fold_text(name);
    core::SharedArea found;
    if (!each_country(path, error, [&](std::string n, const OGRGeometry& g) {
            if (core::fold_text(n) != wanted)
                return false;
            found = area_of(n, g);
            return true;
        }))
        return {};
    if (!found)
        error = "no country named " + name + " in the basemap";
    return found;
}

core::SharedArea country_at(const std::string& path, core::LonLat at, std::string& error) {
    core::SharedArea found;
    if (!each_country(path, error, [&](std::string n, const OGRGeometry& g) {
            OGREnvelope box;
            g.getEnvelope(&box);
            if (at.lon < box.MinX || at.lon > box.MaxX || at.lat < box.MinY || at.lat > box.MaxY)
                return false;
            core::SharedArea a = area_of(n, g);
            if (!a->contains(at))
                return false;
            found = std::move(a);
            return true;
        }))
        return {};
    if (!found && error.empty())
        error = "no country here";
    return found;
}

} // namespace incimap::geo
