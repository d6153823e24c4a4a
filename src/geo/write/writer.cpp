#include "geo/write/writer.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/write/atomic_file.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

namespace incimap::geo {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const char* driver_of(VectorFormat format) {
    switch (format) {
    case VectorFormat::CSV: return "CSV";
    case VectorFormat::GPKG: return "GPKG";
    case VectorFormat::GeoJSON: break;
    }
    return "GeoJSON";
}

// What GDAL's drivers want the file name to end with (CSV: else it makes a folder).
std::string extension_of(VectorFormat format) {
    switch (format) {
    case VectorFormat::CSV: return ".csv";
    case VectorFormat::GPKG: return ".gpkg";
    case VectorFormat::GeoJSON: break;
    }
    return ".geojson";
}

// The output columns: the union of the parts' fields by name, in first-seen order.
struct Schema {
    struct Field {
        std::string name;
        core::FieldType type;
    };
    std::vector<Field> fields;
    std::vector<std::vector<int>> column_of; // per part, per source field: output column
};

Schema merge_schemas(std::span<const ExportPart> parts) {
    Schema s;
    std::unordered_map<std::string, int> by_name;
    for (const ExportPart& part : parts) {
        std::vector<int>& columns = s.column_of.emplace_back();
        for (const core::FieldInfo& f : part.table->attributes.fields()) {
            auto [it, added] = by_name.try_emplace(f.name, static_cast<int>(s.fields.size()));
            if (added)
                s.fields.push_back({f.name, f.type});
            else if (s.fields[static_cast<std::size_t>(it->second)].type != f.type)
                s.fields[static_cast<std::size_t>(it->second)].type = core::FieldType::String;
            columns.push_back(it->second);
        }
    }
    return s;
}

// Numbers stay numbers; everything else is the text as read (a date type would make GDAL
// re-read "2024-01" as an instant, or reformat a zone).
OGRFieldType ogr_type(core::FieldType type) {
    switch (type) {
    case core::FieldType::Integer: return OFTInteger64;
    case core::FieldType::Real: return OFTReal;
    default: return OFTString;
    }
}

// A column name not among the fields (for GPKG's FID and geometry columns).
std::string free_name(const Schema& s, std::string name) {
    auto taken = [&](const std::string& n) {
        return std::any_of(s.fields.begin(), s.fields.end(),
                           [&](const Schema::Field& f) { return lower(f.name) == lower(n); });
    };
    while (taken(name))
        name = "incimap_" + name;
    return name;
}

std::string gdal_said(const ErrorCapture& errors, const char* fallback) {
    std::string e = errors.last_error();
    std::replace(e.begin(), e.end(), '\n', ' ');
    return e.empty() ? fallback : e;
}

} // namespace

std::optional<VectorFormat> vector_format_named(std::string_view name) {
    const std::string n = lower(name);
    if (n == "geojson")
        return VectorFormat::GeoJSON;
    if (n == "csv")
        return VectorFormat::CSV;
    if (n == "gpkg" || n == "geopackage")
        return VectorFormat::GPKG;
    return std::nullopt;
}

std::optional<VectorFormat> vector_format_of(const std::string& path) {
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    if (ext == ".geojson" || ext == ".json")
        return VectorFormat::GeoJSON;
    if (ext == ".csv")
        return VectorFormat::CSV;
    if (ext == ".gpkg")
        return VectorFormat::GPKG;
    return std::nullopt;
}

std::string_view to_string(VectorFormat format) {
    switch (format) {
    case VectorFormat::CSV: return "CSV";
    case VectorFormat::GPKG: return "GPKG";
    case VectorFormat::GeoJSON: break;
    }
    return "GeoJSON";
}

WriteResult write_incidents(const WriteRequest& request, std::span<const ExportPart> parts) {
    init_gdal();
    WriteResult r;
    if (std::string e = check_output_path(request.path, request.inputs); !e.empty()) {
        r.error = e;
        return r;
    }
    std::string error;
    std::optional<AtomicFile> file = AtomicFile::begin(request.path, error,
                                                       extension_of(request.format));
    if (!file) {
        r.error = error;
        return r;
    }
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_of(request.format));
    if (driver == nullptr) {
        r.error = std::string("GDAL has no ") + driver_of(request.format) + " driver";
        return r;
    }

    const Schema schema = merge_schemas(parts);
    // Heights only when every incident written has one (a layer is 2D or 3D throughout).
    bool all_z = false, any_row = false;
    for (const ExportPart& part : parts)
        for (std::size_t i : part.rows) {
            all_z = (all_z || !any_row) && std::isfinite(part.table->z_at(i));
            any_row = true;
        }

    // GeoJSON feature ids ("id") carry over when they stay unique: a MultiPoint's incidents
    // share theirs, and two files may use the same ids. (A GeoPackage's fid would reorder the
    // rows by id; it numbers them in the order written instead.)
    bool keep_fids = request.format == VectorFormat::GeoJSON && parts.size() == 1;
    {
        std::unordered_set<std::int64_t> seen;
        for (const ExportPart& part : parts)
            for (std::size_t i = 0; i < part.rows.size() && keep_fids; ++i) {
                const std::int64_t fid = part.table->fid_at(part.rows[i]);
                keep_fids = fid >= 0 && seen.insert(fid).second;
            }
    }

    ErrorCapture errors;
    const std::string fail_prefix = "cannot write " + request.path + ": ";
    {
        GDALDatasetUniquePtr ds(
            driver->Create(file->temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) {
            r.error = fail_prefix + gdal_said(errors, "GDAL could not create the file");
            return r;
        }
        OGRSpatialReference wgs84;
        wgs84.SetWellKnownGeogCS("WGS84");
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        CPLStringList options;
        if (request.format == VectorFormat::CSV) {
            options.SetNameValue("GEOMETRY", "AS_XY"); // X = lon, Y = lat, the first columns
            options.SetNameValue("CREATE_CSVT", "NO");
            options.SetNameValue("STRING_QUOTING", "IF_NEEDED"); // "2023" stays 2023
        } else if (request.format == VectorFormat::GPKG) {
            options.SetNameValue("FID", free_name(schema, "fid").c_str());
            options.SetNameValue("GEOMETRY_NAME", free_name(schema, "geom").c_str());
        }
        const std::string layer_name = std::filesystem::path(request.path).stem().string();
        OGRLayer* layer = ds->CreateLayer(layer_name.empty() ? "incidents" : layer_name.c_str(),
                                          &wgs84, all_z ? wkbPoint25D : wkbPoint, options.List());
        if (layer == nullptr) {
            r.error = fail_prefix + gdal_said(errors, "GDAL could not create the layer");
            return r;
        }
        std::vector<int> ogr_column(schema.fields.size(), -1);
        for (std::size_t k = 0; k < schema.fields.size(); ++k) {
            OGRFieldDefn defn(schema.fields[k].name.c_str(), ogr_type(schema.fields[k].type));
            if (layer->CreateField(&defn, FALSE) != OGRERR_NONE) {
                r.error = fail_prefix + "field '" + schema.fields[k].name +
                          "': " + gdal_said(errors, "GDAL refused it");
                return r;
            }
            // The field just added is the last (GetFieldIndex would ignore case).
            ogr_column[k] = layer->GetLayerDefn()->GetFieldCount() - 1;
        }
        const bool transaction = ds->TestCapability(ODsCTransactions) &&
                                 ds->StartTransaction() == OGRERR_NONE;
        std::string text;
        for (std::size_t p = 0; p < parts.size(); ++p) {
            const core::IncidentTable& table = *parts[p].table;
            const std::vector<int>& columns = schema.column_of[p];
            for (const std::size_t i : parts[p].rows) {
                OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                const std::size_t row = table.attr_row_at(i);
                for (std::size_t f = 0; f < columns.size(); ++f) {
                    const int column = ogr_column[static_cast<std::size_t>(columns[f])];
                    if (const auto v = table.attributes.value(row, f)) {
                        text.assign(v->data(), v->size()); // NUL-terminated for GDAL
                        feature->SetField(column, text.c_str());
                    } else {
                        feature->SetFieldNull(column);
                    }
                }
                OGRPoint point(table.lon[i], table.lat[i]);
                if (all_z)
                    point.setZ(table.z_at(i));
                feature->SetGeometry(&point);
                if (keep_fids)
                    feature->SetFID(table.fid_at(i));
                if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
                    r.error = fail_prefix + gdal_said(errors, "GDAL could not add a feature");
                    return r;
                }
                ++r.written;
            }
        }
        if (transaction && ds->CommitTransaction() != OGRERR_NONE) {
            r.error = fail_prefix + gdal_said(errors, "GDAL could not commit");
            return r;
        }
        errors.clear();
        ds.reset(); // closes: GDAL writes what it buffered
        if (const std::string e = errors.last_error(); !e.empty()) {
            r.error = fail_prefix + gdal_said(errors, "");
            return r;
        }
    }
    if (std::string e = file->commit(); !e.empty()) {
        r.error = e;
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace incimap::geo
