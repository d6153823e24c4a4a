#include "geo/source_open.hpp"

#include "geo/gdal_runtime.hpp"

#include "core/attributes.hpp"

#include <cpl_string.h>

#include <charconv>
#include <filesystem>
#include <system_error>

namespace incimap::geo {

namespace {

bool is_network_path(const std::string& path) {
    return path.find("://") != std::string::npos || path.rfind("/vsicurl", 0) == 0 ||
           path.rfind("/vsis3", 0) == 0 || path.rfind("/vsigs", 0) == 0 ||
           path.rfind("/vsiaz", 0) == 0 || path.rfind("/vsioss", 0) == 0 ||
           path.rfind("/vsiswift", 0) == 0 || path.rfind("/vsiwebhdfs", 0) == 0 ||
           path.rfind("/vsiadls", 0) == 0 || path.rfind("/vsihdfs", 0) == 0;
}

bool is_database_connection(const std::string& path) { return path.rfind("PG:", 0) == 0; }

CPLStringList open_options_for(const std::string& driver) {
    CPLStringList options;
    if (driver == "CSV") {
        options.SetNameValue("X_POSSIBLE_NAMES", kCsvLongitudeNames);
        options.SetNameValue("Y_POSSIBLE_NAMES", kCsvLatitudeNames);
        options.SetNameValue("Z_POSSIBLE_NAMES", kCsvHeightNames);
        options.SetNameValue("KEEP_GEOM_COLUMNS", "YES");
        // Dates and numbers stay text: incimap's own time detection reads every form, and
        // GDAL's type sniffing only looks at the start of the file.
        options.SetNameValue("AUTODETECT_TYPE", "NO");
    } else if (driver == "GeoJSON") {
        // Keep "2024-01" and "2024-01-04" as written: GDAL's Date/DateTime typing would
        // turn a partial date into an instant and lose its precision.
        options.SetNameValue("DATE_AS_STRING", "YES");
        options.SetNameValue("ARRAY_AS_STRING", "YES");
    }
    return options;
}

} // namespace

OpenedSource open_vector_source(const std::string& path, bool allow_network) {
    init_gdal();
    OpenedSource out;
    if (path.empty()) {
        out.error = "no file given";
        return out;
    }
    const bool database = is_database_connection(path);
    if (database) {
        // "PG:dbname=… host=…": a PostgreSQL/PostGIS connection the user typed; no file checks.
    } else if (is_network_path(path)) {
        if (!allow_network) {
            out.error = path + ": network paths are off; pass --allow-network to read one";
            return out;
        }
    } else if (path.rfind("/vsi", 0) != 0) {
        std::error_code ec;
        const auto status = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(status)) {
            out.error = path + ": no such file";
            return out;
        }
        if (std::filesystem::is_directory(status)) {
            out.error = path + ": is a directory; give a data file (GeoJSON, CSV, KML, GPKG, …)";
            return out;
        }
        if (!std::filesystem::is_regular_file(status)) {
            out.error = path + ": not a regular file";
            return out;
        }
        if (std::filesystem::file_size(path, ec) == 0 && !ec) {
            out.error = path + ": the file is empty";
            return out;
        }
    }

    ErrorCapture errors;
    const auto& drivers = allowed_vector_drivers();
    GDALDriverH identified = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, drivers.data(),
                                                  nullptr);
    if (identified == nullptr) {
        out.error = path + ": not a vector format incimap reads (GeoJSON, GeoJSONSeq, TopoJSON, "
                           "CSV, KML, GeoPackage, Shapefile, FlatGeobuf, GPX)";
        return out;
    }
    out.driver = GDALGetDriverShortName(identified);
    // Prefer LIBKML over the plain KML driver when both claim the file.
    const char* only_driver[] = {out.driver.c_str(), nullptr};
    if (out.driver == "KML" && GDALGetDriverByName("LIBKML") != nullptr) {
        out.driver = "LIBKML";
        only_driver[0] = "LIBKML";
    }
    const CPLStringList options = open_options_for(out.driver);
    GDALDataset* ds = GDALDataset::Open(path.c_str(),
                                        GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                        only_driver, options.List(), nullptr);
    if (ds == nullptr && out.driver == "LIBKML") {
        const char* kml[] = {"KML", nullptr};
        out.driver = "KML";
        ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, kml, nullptr,
                               nullptr);
    }
    if (ds == nullptr) {
        // GDAL's last error is often a summary ("Failed to read GeoJSON data"); the first
        // says where and why ("At line 7, character 124: Unterminated string").
        std::string why = errors.last_error();
        for (const auto& m : errors.messages())
            if (m.is_error && !m.text.empty()) {
                if (m.text != why)
                    why += " (" + m.text + ")";
                break;
            }
        if (why.empty())
            why = "the " + out.driver + " driver could not open it";
        why = core::sanitize_utf8(why);
        out.error = path + ": cannot read as " + out.driver + ": " + why;
        return out;
    }
    out.dataset.reset(ds);
    return out;
}

OGRLayer* select_layer(GDALDataset& dataset, const std::string& wanted, std::string& error) {
    const int n = dataset.GetLayerCount();
    if (n == 0) {
        error = "the source has no layers";
        return nullptr;
    }
    if (!wanted.empty()) {
        if (OGRLayer* by_name = dataset.GetLayerByName(wanted.c_str()))
            return by_name;
        int index = -1;
        auto [p, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), index);
        if (ec == std::errc{} && p == wanted.data() + wanted.size() && index >= 0 && index < n)
            return dataset.GetLayer(index);
        error = "no layer '" + wanted + "' (layers:";
        for (int i = 0; i < n; ++i)
            error += std::string(i ? ", " : " ") + dataset.GetLayer(i)->GetName();
        error += ")";
        return nullptr;
    }
    for (int i = 0; i < n; ++i) {
        OGRLayer* layer = dataset.GetLayer(i);
        if (layer->GetFeatureCount(FALSE) != 0) // -1 (unknown) counts as maybe non-empty
            return layer;
    }
    return dataset.GetLayer(0);
}

} // namespace incimap::geo
