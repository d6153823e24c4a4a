#include "geo/gdal/layer_set.hpp"

#include "geo/gdal/ogr_values.hpp"

#include <algorithm>
#include <charconv>

namespace incimap::geo {

namespace {

// What a layer's declared geometry type says it holds. KML folders and GeoJSON collections
// declare "unknown": they may hold points, so they count as point layers.
std::string geometry_kind(OGRLayer& layer) {
    if (layer.GetLayerDefn()->GetGeomFieldCount() == 0)
        return "none";
    switch (wkbFlatten(layer.GetGeomType())) {
    case wkbPoint:
    case wkbMultiPoint: return "point";
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return "line";
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbTIN:
    case wkbPolyhedralSurface: return "polygon";
    case wkbNone: return "none";
    default: return "mixed";
    }
}

// GPX's route_points and track_points are the vertices of its routes and tracks, not
// incidents of their own.
bool derived_points(const std::string& driver, const std::string& name) {
    return driver == "GPX" && (name == "route_points" || name == "track_points");
}

std::string plural(std::int64_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

void add_layer(GDALDataset& ds, int index, LayerSet& set) {
    OGRLayer* layer = ds.GetLayer(index);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::vector<int> map;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn& f = *defn->GetFieldDefn(i);
        const std::string name = f.GetNameRef();
        auto at = std::find_if(set.fields.begin(), set.fields.end(),
                               [&](const core::FieldInfo& u) { return u.name == name; });
        if (at == set.fields.end()) {
            set.fields.push_back({name, field_type_of(f)});
            set.datetime.push_back(f.GetType() == OFTDateTime);
            map.push_back(static_cast<int>(set.fields.size() - 1));
            continue;
        }
        const auto u = static_cast<std::size_t>(at - set.fields.begin());
        if (at->type != field_type_of(f))
            at->type = core::FieldType::String; // the text of both
        set.datetime[u] = set.datetime[u] && f.GetType() == OFTDateTime;
        map.push_back(static_cast<int>(u));
    }
    set.indices.push_back(index);
    set.layers.push_back(layer);
    set.field_map.push_back(std::move(map));
}

int find_layer(GDALDataset& ds, const std::string& wanted) {
    const int n = ds.GetLayerCount();
    for (int i = 0; i < n; ++i)
        if (wanted == ds.GetLayer(i)->GetName())
            return i;
    int index = -1;
    auto [p, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), index);
    if (ec == std::errc{} && p == wanted.data() + wanted.size() && index >= 0 && index < n)
        return index;
    return -1;
}

} // namespace

LayerSet choose_layers(GDALDataset& ds, const std::string& wanted, const std::string& driver,
                       core::LoadReport& report, std::string& error) {
    LayerSet set;
    set.dates_as_written = driver == "GeoJSON" || driver == "GeoJSONSeq";
    const int n = ds.GetLayerCount();
    if (n == 0) {
        error = "the source has no layers; is it an empty export?";
        return set;
    }
    const bool database = driver == "PostgreSQL";
    // Exact counts only from drivers that count without a side effect: GDAL's GPX driver
    // reads the whole file to count and, if that read fails, returns nothing afterwards.
    const bool exact = driver == "LIBKML" || driver == "GPKG" || driver == "ESRI Shapefile" ||
                       driver == "FlatGeobuf";
    std::vector<std::int64_t> counts(static_cast<std::size_t>(n));
    std::vector<std::string> kinds(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        OGRLayer* layer = ds.GetLayer(i);
        report.layers.emplace_back(layer->GetName());
        // The exact count only where there is more than one layer to tell apart (a big CSV
        // or GeoJSON is not scanned twice for it).
        // -1 where the driver cannot tell cheaply (a database: a COUNT(*) per table; GPX).
        counts[static_cast<std::size_t>(i)] = layer->GetFeatureCount(n > 1 && exact ? TRUE : FALSE);
        kinds[static_cast<std::size_t>(i)] = geometry_kind(*layer);
    }

    std::vector<int> chosen;
    if (!wanted.empty()) {
        const int i = find_layer(ds, wanted);
        if (i < 0) {
            error = "no layer '" + wanted + "' (layers:";
            for (int k = 0; k < n; ++k)
                error += std::string(k ? ", " : " ") + ds.GetLayer(k)->GetName();
            error += ")";
            return set;
        }
        chosen.push_back(i);
    } else {
        std::vector<int> points;
        for (int i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            if (counts[k] != 0 && (kinds[k] == "point" || kinds[k] == "mixed") &&
                !derived_points(driver, report.layers[k]))
                points.push_back(i);
        }
        if (points.size() >= 2 && !database) {
            chosen = points;
        } else {
            // As before: the first layer with features (or the first layer).
            int first = 0;
            for (int i = 0; i < n; ++i)
                if (counts[static_cast<std::size_t>(i)] != 0) {
                    first = i;
                    break;
                }
            chosen.push_back(first);
        }
    }
    for (int i : chosen)
        add_layer(ds, i, set);
    if (set.layers.size() > 1) {
        std::string name = "layer";
        while (std::any_of(set.fields.begin(), set.fields.end(),
                           [&](const core::FieldInfo& f) { return f.name == name; }))
            name = "_" + name;
        set.fields.push_back({name, core::FieldType::String});
        set.datetime.push_back(false);
        set.layer_field = static_cast<int>(set.fields.size() - 1);
        report.layer_field = name;
    }

    std::vector<std::string> not_read;
    for (int i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        core::LayerCount c{report.layers[k], counts[k], kinds[k], false, {}};
        c.read = std::find(chosen.begin(), chosen.end(), i) != chosen.end();
        if (!c.read && counts[k] != 0) {
            if (!wanted.empty())
                c.why = "not the layer asked for";
            else if (derived_points(driver, c.name))
                c.why = "the vertices of the GPX routes or tracks";
            else if (kinds[k] != "point" && kinds[k] != "mixed" && set.layers.size() > 1)
                c.why = "holds " + kinds[k] + "s, not points";
            else
                c.why = "only the first layer with features is read";
            if (wanted.empty() && counts[k] > 0 && !derived_points(driver, c.name))
                not_read.push_back("'" + c.name + "' (" + plural(counts[k], "feature") + ", " +
                                   c.why + ")");
        }
        report.layer_counts.push_back(std::move(c));
    }
    if (!not_read.empty() && !database) {
        std::string note = "read " + std::to_string(chosen.size()) + " of " + std::to_string(n) +
                           " layers; not read:";
        for (std::size_t k = 0; k < not_read.size(); ++k)
            note += (k ? ", " : " ") + not_read[k];
        note += "; --layer NAME reads one layer";
        report.notes.push_back(std::move(note));
    }
    std::string names;
    for (OGRLayer* l : set.layers)
        names += (names.empty() ? "" : ", ") + std::string(l->GetName());
    report.layer = names;
    return set;
}

bool reselect_layers(GDALDataset& ds, LayerSet& set) {
    for (std::size_t k = 0; k < set.indices.size(); ++k) {
        if (set.indices[k] >= ds.GetLayerCount())
            return false;
        set.layers[k] = ds.GetLayer(set.indices[k]);
    }
    return true;
}

} // namespace incimap::geo
