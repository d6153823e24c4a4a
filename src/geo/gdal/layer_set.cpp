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

std::vector<core::LayerCount> describe_layers(GDALDataset& ds, const std::string& driver) {
    const int n = ds.GetLayerCount();
    const bool database = driver == "PostgreSQL";
    // Exact counts only from drivers that count without a side effect: GDAL's GPX driver
    // reads the whole file to count and, if that read fails, returns nothing afterwards.
    const bool exact = driver == "LIBKML" || driver == "GPKG" || driver == "ESRI Shapefile" ||
                       driver == "FlatGeobuf";
    std::vector<core::LayerCount> out;
    for (int i = 0; i < n; ++i) {
        OGRLayer* layer = ds.GetLayer(i);
        core::LayerCount c;
        c.name = layer->GetName();
        // The exact count only where there is more than one layer to tell apart (a big CSV
        // or GeoJSON is not scanned twice for it).
        // -1 where the driver cannot tell cheaply (a database: a COUNT(*) per table; GPX).
        c.features = layer->GetFeatureCount(n > 1 && exact ? TRUE : FALSE);
        c.geometry = geometry_kind(*layer);
        out.push_back(std::move(c));
    }
    std::vector<std::size_t> points;
    for (std::size_t k = 0; k < out.size(); ++k)
        if (out[k].features != 0 && (out[k].geometry == "point" || out[k].geometry == "mixed") &&
            !derived_points(driver, out[k].name))
            points.push_back(k);
    const bool several = points.size() >= 2 && !database;
    if (several) {
        for (std::size_t k : points)
            out[k].read = true;
    } else if (!out.empty()) {
        // As before: the first layer with features (or the first layer).
        auto first = std::find_if(out.begin(), out.end(),
                                  [](const core::LayerCount& c) { return c.features != 0; });
        (first == out.end() ? out.front() : *first).read = true;
    }
    for (core::LayerCount& c : out) {
        if (c.read || c.features == 0)
            continue;
        if (derived_points(driver, c.name))
            c.why = "the vertices of the GPX routes or tracks";
        else if (c.geometry != "point" && c.geometry != "mixed" && several)
            c.why = "holds " + c.geometry + "s, not points";
        else
            c.why = "only the first layer with features is read";
    }
    return out;
}

LayerSet choose_layers(GDALDataset& ds, const std::vector<std::string>& wanted,
                       const std::string& driver, core::LoadReport& report, std::string& error) {
    LayerSet set;
    set.dates_as_written = driver == "GeoJSON" || driver == "GeoJSONSeq";
    const int n = ds.GetLayerCount();
    if (n == 0) {
        error = "the source has no layers; is it an empty export?";
        return set;
    }
    const bool database = driver == "PostgreSQL";
    std::vector<core::LayerCount> counts = describe_layers(ds, driver);
    for (const core::LayerCount& c : counts)
        report.layers.push_back(c.name);

    std::vector<int> chosen;
    if (!wanted.empty()) {
        for (const std::string& w : wanted) {
            const int i = find_layer(ds, w);
            if (i < 0) {
                error = "no layer '" + w + "' (layers:";
                for (int k = 0; k < n; ++k)
                    error += std::string(k ? ", " : " ") + ds.GetLayer(k)->GetName();
                error += ")";
                return set;
            }
            if (std::find(chosen.begin(), chosen.end(), i) == chosen.end())
                chosen.push_back(i);
        }
        std::sort(chosen.begin(), chosen.end()); // read in source order
        for (std::size_t k = 0; k < counts.size(); ++k) {
            counts[k].read = std::find(chosen.begin(), chosen.end(), static_cast<int>(k)) !=
                             chosen.end();
            counts[k].why = counts[k].read || counts[k].features == 0
                                ? std::string()
                                : std::string("not a layer asked for");
        }
    } else {
        for (std::size_t k = 0; k < counts.size(); ++k)
            if (counts[k].read)
                chosen.push_back(static_cast<int>(k));
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
    for (core::LayerCount& c : counts) {
        if (wanted.empty() && !c.read && c.features > 0 && !derived_points(driver, c.name))
            not_read.push_back("'" + c.name + "' (" + plural(c.features, "feature") + ", " +
                               c.why + ")");
        report.layer_counts.push_back(std::move(c));
    }
    if (!not_read.empty() && !database) {
        std::string note = "read " + std::to_string(chosen.size()) + " of " + std::to_string(n) +
                           " layers; not read:";
        for (std::size_t k = 0; k < not_read.size(); ++k)
            note += (k ? ", " : " ") + not_read[k];
        note += "; --layer NAME reads one layer (repeat it for several)";
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
