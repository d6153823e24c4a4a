#include "geo/reader.hpp"

#include "geo/gdal_runtime.hpp"
#include "geo/geometry_points.hpp"
#include "geo/ogr_values.hpp"
#include "geo/source_open.hpp"

#include <ogr_spatialref.h>

#include <cmath>
#include <limits>
#include <memory>

namespace incimap::geo {

namespace {

constexpr std::size_t kSampleFeatures = 2000;

// Quotes a value for a problem message, cut to a readable length.
std::string quoted(std::string_view value) {
    std::string v(value.substr(0, 60));
    if (value.size() > 60)
        v += "…";
    return "'" + v + "'";
}

struct CoordinateTransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, CoordinateTransformDeleter>;

// A transform to WGS84 lon/lat, or null when the layer already is WGS84 (or says nothing,
// which GeoJSON, CSV and KML mean as WGS84).
TransformPtr transform_to_wgs84(const OGRSpatialReference* layer_srs, std::string& error) {
    if (layer_srs == nullptr || layer_srs->IsEmpty())
        return nullptr;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference source(*layer_srs);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=NO", nullptr};
    if (source.IsSame(&wgs84, options))
        return nullptr;
    TransformPtr ct(OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!ct) {
        const char* name = layer_srs->GetName();
        error = std::string("cannot reproject from ") + (name ? name : "the layer's CRS") +
                " to WGS84";
    }
    return ct;
}

struct FieldPlan {
    core::FieldChoices choice;
    core::TimeParseOptions time_options;
};

FieldPlan plan_fields(OGRLayer& layer, const core::FieldChoiceOverrides& user,
                      core::LoadReport& report) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const int n = defn->GetFieldCount();
    std::vector<core::FieldSample> samples(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        samples[static_cast<std::size_t>(i)].name = defn->GetFieldDefn(i)->GetNameRef();
        samples[static_cast<std::size_t>(i)].type = field_type_of(*defn->GetFieldDefn(i));
    }
    layer.ResetReading();
    std::size_t taken = 0;
    while (taken < kSampleFeatures) {
        OGRFeatureUniquePtr f(layer.GetNextFeature());
        if (!f)
            break;
        ++taken;
        for (int i = 0; i < n; ++i)
            samples[static_cast<std::size_t>(i)].values.push_back(field_text(*f, i).value_or(""));
    }
    layer.ResetReading();

    FieldPlan plan;
    plan.choice = core::choose_fields(samples, user);
    auto name_of = [&](int i) { return i >= 0 ? samples[static_cast<std::size_t>(i)].name : ""; };
    report.time_field = name_of(plan.choice.time.start);
    report.end_field = name_of(plan.choice.time.end);
    report.time_reason = plan.choice.time.reason;
    report.category_field = name_of(plan.choice.category);
    report.size_field = name_of(plan.choice.size);
    report.geo_precision_field = name_of(plan.choice.geo_precision);
    plan.time_options.order = plan.choice.time.order;
    if (plan.choice.time.order_guessed)
        report.notes.push_back("numeric dates in '" + report.time_field +
                               "' never show a part above 12; read as day/month "
                               "(use --date-order mdy for month/day)");
    if (report.time_field.empty() && taken > 0)
        report.notes.push_back("no time field found; incidents are undated "
                               "(use --time-field NAME to pick one)");
    return plan;
}

core::GeoPrecision geo_precision_from(std::string_view text) {
    const auto v = core::parse_number(text);
    if (!v)
        return core::GeoPrecision::Unknown;
    if (*v == 1)
        return core::GeoPrecision::Exact;
    if (*v == 2)
        return core::GeoPrecision::Near;
    if (*v >= 3)
        return core::GeoPrecision::Region;
    return core::GeoPrecision::Unknown;
}

} // namespace

ReadResult read_incidents(const std::string& path, const ReadOptions& options) {
    ReadResult r;
    core::LoadReport& report = r.report;
    report.source = path;
    OpenedSource opened = open_vector_source(path, options.allow_network);
    if (!opened.dataset) {
        r.error = opened.error;
        return r;
    }
    ErrorCapture errors;
    GDALDataset& ds = *opened.dataset;
    report.driver = opened.driver;
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        report.layers.emplace_back(ds.GetLayer(i)->GetName());
    std::string error;
    OGRLayer* layer = select_layer(ds, options.layer, error);
    if (layer == nullptr) {
        r.error = path + ": " + error;
        return r;
    }
    report.layer = layer->GetName();
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (defn->GetGeomFieldCount() == 0) {
        r.error = path + ": layer '" + report.layer + "' has no geometry" +
                  (opened.driver == "CSV" ? " (no coordinate columns: looked for longitude/lon/"
                                            "lng/x and latitude/lat/y)"
                                          : "");
        return r;
    }
    TransformPtr to_wgs84 = transform_to_wgs84(layer->GetSpatialRef(), error);
    if (!error.empty()) {
        r.error = path + ": " + error;
        return r;
    }

    const int field_count = defn->GetFieldCount();
    for (int i = 0; i < field_count; ++i)
        report.fields.push_back(
            {defn->GetFieldDefn(i)->GetNameRef(), field_type_of(*defn->GetFieldDefn(i))});
    FieldPlan plan = plan_fields(*layer, options.fields, report);
    if (!plan.choice.errors.empty()) {
        r.error = path + ": " + plan.choice.errors.front();
        return r;
    }
    const auto& choice = plan.choice;

    core::IncidentTable& table = r.table;
    table.attributes.set_schema(report.fields);
    const GIntBig total = layer->GetFeatureCount(FALSE);
    if (total > 0)
        table.reserve(static_cast<std::size_t>(total));

    std::vector<std::optional<std::string>> row(static_cast<std::size_t>(field_count));
    std::int64_t feature_number = -1;
    layer->ResetReading();
    while (true) {
        OGRFeatureUniquePtr feature(layer->GetNextFeature());
        if (!feature)
            break;
        ++feature_number;
        ++report.features;
        if ((feature_number & 0xFFF) == 0) {
            if (options.cancel && options.cancel->load()) {
                report.cancelled = true;
                break;
            }
            if (options.progress && total > 0)
                options.progress(static_cast<double>(feature_number) / static_cast<double>(total));
        }

        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr) {
            report.add_problem(feature_number, "no geometry");
            ++report.skipped;
            continue;
        }
        if (to_wgs84 && geometry->transform(to_wgs84.get()) != OGRERR_NONE) {
            report.add_problem(feature_number, "could not be reprojected to WGS84");
            ++report.skipped;
            continue;
        }
        const auto first_incident = static_cast<std::uint32_t>(table.count());
        GeometryPoints points = points_of(*geometry, table.shapes, first_incident);
        for (const auto& p : points.problems)
            report.add_problem(feature_number, p);
        if (points.points.empty()) {
            ++report.skipped;
            continue;
        }

        // Attributes: one row per feature, shared by its incidents.
        const auto attr_row = static_cast<std::uint32_t>(table.attributes.row_count());
        table.attributes.begin_row();
        for (int i = 0; i < field_count; ++i) {
            row[static_cast<std::size_t>(i)] = field_text(*feature, i);
            const auto& v = row[static_cast<std::size_t>(i)];
            table.attributes.add(v ? std::optional<std::string_view>(*v) : std::nullopt);
        }
        table.attributes.end_row();
        auto text_of = [&](int i) -> std::string_view {
            if (i < 0 || !row[static_cast<std::size_t>(i)])
                return {};
            return *row[static_cast<std::size_t>(i)];
        };

        core::IncidentTable::Incident in;
        in.feature_index = static_cast<std::uint32_t>(feature_number);
        in.fid = feature->GetFID() == OGRNullFID ? -1 : feature->GetFID();
        in.attr_row = attr_row;
        if (choice.time.start >= 0) {
            const std::string_view t = text_of(choice.time.start);
            if (auto parsed = core::parse_time(t, plan.time_options)) {
                in.time = *parsed;
                if (choice.time.precision >= 0) {
                    const auto p = core::parse_number(text_of(choice.time.precision));
                    if (p && *p == 2)
                        in.time = core::widen_to(in.time, core::TimePrecision::Week);
                    else if (p && *p >= 3)
                        in.time = core::widen_to(in.time, core::TimePrecision::Month);
                }
                if (choice.time.end >= 0) {
                    const std::string_view e = text_of(choice.time.end);
                    if (auto end = core::parse_time(e, plan.time_options)) {
                        if (end->end_ms > in.time.start_ms)
                            in.time.end_ms = std::max(in.time.end_ms, end->end_ms);
                        else
                            report.add_problem(feature_number, "end " + quoted(e) +
                                                                   " is before the start; ignored");
                    } else if (!e.empty()) {
                        report.add_problem(feature_number,
                                           "end time " + quoted(e) + " not understood; ignored");
                    }
                }
            } else if (!t.empty()) {
                report.add_problem(feature_number, "time " + quoted(t) + " in '" +
                                                       report.time_field +
                                                       "' not understood; loaded undated");
            }
        }
        if (choice.category >= 0) {
            const std::string_view c = text_of(choice.category);
            if (!c.empty())
                in.category = table.intern_category(c);
        }
        if (choice.size >= 0) {
            const std::string_view s = text_of(choice.size);
            if (auto v = core::parse_number(s))
                in.size = static_cast<float>(*v);
            else if (!s.empty())
                report.add_problem(feature_number, "size " + quoted(s) + " in '" +
                                                       report.size_field + "' is not a number");
        }
        if (choice.geo_precision >= 0)
            in.geo_precision = geo_precision_from(text_of(choice.geo_precision));
        for (const PointOut& p : points.points) {
            in.position = p.position;
            in.z = p.z;
            table.push_back(in);
        }
    }
    if (options.progress && !report.cancelled)
        options.progress(1.0);
    // GDAL's own messages (e.g. a JSON syntax error after some features) go in the notes.
    for (const auto& m : errors.messages())
        if (report.notes.size() < 40)
            report.notes.push_back(std::string(m.is_error ? "GDAL error: " : "GDAL warning: ") +
                                   m.text);
    r.ok = true;
    return r;
}

} // namespace incimap::geo
