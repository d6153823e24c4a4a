#include "geo/places_reader.hpp"

#include "geo/gdal/gdal_runtime.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>

namespace incimap::geo {

std::vector<core::GazetteerPlace> read_places(const std::string& path, std::string& error) {
    init_gdal();
    ErrorCapture quiet;
    const char* drivers[] = {"FlatGeobuf", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              drivers, nullptr, nullptr));
    std::vector<core::GazetteerPlace> places;
    if (!ds || ds->GetLayerCount() == 0) {
        error = "cannot read the places file " + path;
        return places;
    }
    OGRLayer* layer = ds->GetLayer(0);
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int name = defn->GetFieldIndex("name");
    const int population = defn->GetFieldIndex("population");
    const int country = defn->GetFieldIndex("country");
    const int alt_names = defn->GetFieldIndex("alt_names"); // absent from older files
    if (name < 0) {
        error = path + ": no \"name\" field";
        return places;
    }
    places.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount())));
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint || g->IsEmpty())
            continue;
        core::GazetteerPlace p;
        p.name = feature->GetFieldAsString(name);
        if (country >= 0)
            p.country = feature->GetFieldAsString(country);
        if (population >= 0)
            p.population = feature->GetFieldAsInteger64(population);
        if (alt_names >= 0 && feature->IsFieldSetAndNotNull(alt_names))
            p.alt_names = parse_alt_names(feature->GetFieldAsString(alt_names));
        p.lonlat = {g->toPoint()->getX(), g->toPoint()->getY()};
        if (!p.name.empty() && core::is_valid_lonlat(p.lonlat))
            places.push_back(std::move(p));
    }
    return places;
}

std::vector<core::GazetteerAltName> parse_alt_names(std::string_view field) {
    std::vector<core::GazetteerAltName> out;
    while (!field.empty()) {
        const std::size_t bar = field.find('|');
        const std::string_view entry = field.substr(0, bar);
        field = bar == std::string_view::npos ? std::string_view{} : field.substr(bar + 1);
        const std::size_t colon = entry.find(':');
        // Language tags are ASCII letters and commas; a colon after anything else is the name's.
        const bool tagged = colon != std::string_view::npos && colon > 0 &&
                            entry.substr(0, colon).find_first_not_of(
                                "abcdefghijklmnopqrstuvwxyz,") == std::string_view::npos;
        core::GazetteerAltName alt;
        alt.name = std::string(tagged ? entry.substr(colon + 1) : entry);
        if (tagged)
            alt.langs = std::string(entry.substr(0, colon));
        if (!alt.name.empty())
            out.push_back(std::move(alt));
    }
    return out;
}

} // namespace incimap::geo
