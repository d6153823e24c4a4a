#include "geo/gdal/layer_read.hpp"

#include "geo/field_plan.hpp"
#include "geo/gdal/csv_marked_missing.hpp"
#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/geometry_points.hpp"
#include "geo/gdal/kml_times.hpp"
#include "geo/gdal/layer_set.hpp"
#include "geo/gdal/ogr_values.hpp"
#include "geo/gdal/postgis_source.hpp"
#include "geo/gdal/source_open.hpp"
#include "geo/incident_row.hpp"
#include "geo/layer_list.hpp"
#include "geo/read_limits.hpp"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

namespace incimap::geo {

namespace {

constexpr std::size_t kMaxNotes = 40;

// GDAL's messages as one line of valid UTF-8 (they may quote bytes of the file).
std::string gdal_text(const std::vector<ErrorCapture::Message>& messages) {
    std::string out;
    for (const auto& m : messages) {
        if (m.text.empty() || out.find(m.text) != std::string::npos)
            continue; // GDAL often says the same thing once per axis
        out += (out.empty() ? "" : "; ") + m.text;
    }
    std::replace(out.begin(), out.end(), '\n', ' ');
    return core::sanitize_utf8(out);
}

struct CoordinateTransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, CoordinateTransformDeleter>;

// GDAL 3.6 wraps longitudes by steps of 360° when it reprojects, so the time grows with the
// coordinate: a Web Mercator x of 1e300 never finishes (found by fuzzing; reader_test.cpp,
// ReaderBad.HugeProjectedCoordinatesAreSkipped). No coordinate on Earth is beyond 1e10 in any
// CRS unit (metres, feet, degrees), so such a geometry is refused before GDAL sees it.
constexpr double kMaxSourceCoordinate = 1e10;

bool within_reprojection_range(const OGRGeometry& geometry) {
    OGREnvelope e;
    geometry.getEnvelope(&e);
    for (const double v : {e.MinX, e.MaxX, e.MinY, e.MaxY})
        if (std::isfinite(v) && std::abs(v) > kMaxSourceCoordinate)
            return false;
    return true;
}

// Whether any coordinate of `geometry` is NaN ([NaN, NaN] in a GeoJSON that GDAL reads):
// PROJ fails on it, and "could not be reprojected" would hide why.
bool has_nan_coordinate(const OGRGeometry& geometry) {
    bool nan = false;
    struct Visitor : OGRDefaultConstGeometryVisitor {
        bool& found;
        explicit Visitor(bool& f) : found(f) {}
        using OGRDefaultConstGeometryVisitor::visit;
        void visit(const OGRPoint* p) override {
            found = found || std::isnan(p->getX()) || std::isnan(p->getY());
        }
    } visitor(nan);
    geometry.accept(&visitor);
    return nan;
}

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


// A GDAL configuration option set on this thread for the life of the object (the read),
// then as it was.
class ThreadConfig {
public:
    ThreadConfig(const char* key, const std::string& value) : m_key(key) {
        if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr))
            m_old = old;
        CPLSetThreadLocalConfigOption(key, value.c_str());
    }
    ~ThreadConfig() { CPLSetThreadLocalConfigOption(m_key, m_old ? m_old->c_str() : nullptr); }
    ThreadConfig(const ThreadConfig&) = delete;
    ThreadConfig& operator=(const ThreadConfig&) = delete;

private:
    const char* m_key;
    std::optional<std::string> m_old;
};

// Messages GDAL raised since the last call, taken out of `errors`.
std::vector<ErrorCapture::Message> take_messages(ErrorCapture& errors) {
    std::vector<ErrorCapture::Message> out = errors.messages();
    errors.clear();
    return out;
}

// The source opened, its layers chosen, each with its transform to WGS84 (null: already).
struct OpenLayers {
    OpenedSource opened;
    LayerSet set;
    std::vector<TransformPtr> to_wgs84; // one per layer: a GeoPackage's may differ in CRS
};

// Opens `open_path` and chooses its layers; "" or the error (without the path).
std::string open_layers(const std::string& open_path, const ReadOptions& options,
                        std::uint64_t budget, core::LoadReport& report, OpenLayers& out) {
    out.opened =
        open_vector_source(open_path, OpenLimits{options.allow_network, budget, options.cancel});
    if (!out.opened.dataset)
        return out.opened.error;
    const std::string& driver = out.opened.driver;
    report.driver = driver;
    if (!out.opened.note.empty())
        report.notes.push_back(core::sanitize_utf8(out.opened.note));
    std::string error;
    out.set = choose_layers(*out.opened.dataset, wanted_layers(options), driver, report, error);
    if (out.set.layers.empty())
        return error;
    for (OGRLayer* layer : out.set.layers) {
        if (layer->GetLayerDefn()->GetGeomFieldCount() == 0)
            return "layer '" + std::string(layer->GetName()) + "' has no geometry" +
                   (driver == "CSV" ? " (no coordinate columns: looked for longitude/"
                                      "lon/lng/x and latitude/lat/y)"
                                    : "");
        out.to_wgs84.push_back(transform_to_wgs84(layer->GetSpatialRef(), error));
        if (!error.empty())
            return error;
    }
    return {};
}

// The features the layers claim to hold (-1 when one cannot tell), and room for them in
// `table`: the claim is only a hint (a FlatGeobuf header may say a billion; found by
// fuzzing), so at most what the budget holds and what the file's bytes could (16 bytes a
// feature).
GIntBig reserve_for_layers(const LayerSet& set, const std::string& path, std::uint64_t budget,
                           core::IncidentTable& table) {
    GIntBig total = 0;
    for (OGRLayer* layer : set.layers) {
        const GIntBig n = layer->GetFeatureCount(FALSE);
        total = n < 0 || total < 0 ? -1 : total + n;
    }
    if (total > 0) {
        std::uint64_t cap = budget / kBytesPerIncident;
        std::error_code ec;
        if (const auto bytes = std::filesystem::file_size(path, ec); !ec)
            cap = std::min<std::uint64_t>(cap, bytes / 16 + 1);
        table.reserve(static_cast<std::size_t>(
            std::min<std::uint64_t>(static_cast<std::uint64_t>(total), cap)));
    }
    return total;
}

// The main pass: every feature of the chosen layers, in order, into one table.
class FeaturePass {
public:
    FeaturePass(const std::string& path, const ReadOptions& options, std::uint64_t budget,
                const std::string& driver, LayerSet& set,
                const std::vector<TransformPtr>& to_wgs84, FieldPlan& plan, GIntBig total,
                ErrorCapture& errors, ReadResult& r)
        : m_path(path), m_options(options), m_budget(budget), m_driver(driver), m_set(set),
          m_to_wgs84(to_wgs84), m_plan(plan), m_total(total), m_errors(errors), m_r(r),
          m_row(set.fields.size()), m_values(set.fields.size()),
          // Drivers that parse one record per GetNextFeature: what GDAL says during a read is
          // about that record. GeoJSON, TopoJSON, KML and GPX parse ahead in chunks, so their
          // messages may be about later features and stay notes.
          m_per_record(driver == "GeoJSONSeq" || driver == "CSV" || driver == "GPKG" ||
                       driver == "ESRI Shapefile" || driver == "FlatGeobuf" ||
                       driver == "PostgreSQL") {}

    // Reads layer `li` of the set; false when the read stops (over the budget: r.error set).
    bool read_layer(std::size_t li);
    // GDAL's messages that belong to no one feature, in the notes, each once.
    void note_unattributed();
    // CSV: coordinates written as missing markers are skipped with that reason.
    void look_for_missing_markers(std::unique_ptr<CsvMarkedMissing> look) {
        m_csv_missing = std::move(look);
    }

private:
    // The end of a layer: a failed read is a problem (the features after it are lost).
    void end_of_layer(const std::vector<ErrorCapture::Message>& said, std::int64_t layer_first);
    // Every 4096 features: cancel, the budget, progress. False when the read stops.
    bool checkpoint();
    // The feature's points in WGS84 into the table's shapes; false when it gives none (its
    // problem counted).
    bool feature_points(OGRFeature& feature, std::size_t li,
                        std::vector<ErrorCapture::Message>& said, GeometryPoints& points);
    // The feature's values as text in the union's field order (KML times as written).
    void feature_values(const OGRFeature& feature, std::size_t li);
    void pair_kml_times();
    std::string reason(std::string text, const std::vector<ErrorCapture::Message>& said) const {
        return said.empty() ? text : text + " (" + gdal_text(said) + ")";
    }

    const std::string& m_path;
    const ReadOptions& m_options;
    std::uint64_t m_budget;
    const std::string& m_driver;
    LayerSet& m_set;
    const std::vector<TransformPtr>& m_to_wgs84;
    FieldPlan& m_plan;
    GIntBig m_total;
    ErrorCapture& m_errors;
    ReadResult& m_r;
    std::vector<std::optional<std::string>> m_row;
    std::vector<std::optional<std::string_view>> m_values; // views into m_row
    std::unique_ptr<CsvMarkedMissing> m_csv_missing; // CSV: coordinates marked missing
    // GDAL messages tied to no one feature (warnings, and what chunked drivers say).
    std::vector<ErrorCapture::Message> m_unattributed;
    bool m_per_record;
    std::int64_t m_feature = -1; // numbered across the layers read, in order
};

void FeaturePass::end_of_layer(const std::vector<ErrorCapture::Message>& said,
                               std::int64_t layer_first) {
    core::LoadReport& report = m_r.report;
    const std::int64_t read = m_feature + 1;
    const bool failed =
        std::any_of(said.begin(), said.end(), [](const auto& m) { return m.is_error; });
    if (failed)
        report.add_problem(read, "reading stopped after " + std::to_string(read) +
                                     " features: " +
                                     explain_feature_limit(gdal_text(said),
                                                           m_driver == "CSV"
                                                               ? gdal_csv_max_line(m_budget)
                                                               : max_feature_bytes(m_budget)));
    else if (m_plan.sample_error_at >= 0 && read <= m_plan.sample_error_at &&
             m_plan.sample_error_at >= layer_first)
        // Said during the sample pass (or before this feature, by a driver that parses
        // ahead): the features after it are lost, and that is a problem.
        report.add_problem(read, "reading stopped after " + std::to_string(read) +
                                     " features: " +
                                     gdal_text({ErrorCapture::Message{true, m_plan.sample_error}}));
}

bool FeaturePass::checkpoint() {
    if (m_options.cancel && m_options.cancel->load()) {
        m_r.report.cancelled = true;
        return false;
    }
    // Stop before the table outgrows the memory budget (extrapolated from the part read when
    // the feature count is known).
    const core::IncidentTable& table = m_r.table;
    const TableSize size{table.count(), table.attributes.memory_bytes()};
    if (std::string over = check_progress(m_path, size, static_cast<double>(m_feature),
                                          static_cast<double>(m_total), m_budget);
        !over.empty()) {
        m_r.error = over + " (stopped at feature " + std::to_string(m_feature) + ")";
        m_r.table = core::IncidentTable{};
        return false;
    }
    if (m_options.progress && m_total > 0)
        m_options.progress(static_cast<double>(m_feature) / static_cast<double>(m_total));
    return true;
}

bool FeaturePass::feature_points(OGRFeature& feature, std::size_t li,
                                 std::vector<ErrorCapture::Message>& said,
                                 GeometryPoints& points) {
    core::LoadReport& report = m_r.report;
    auto skip = [&](const char* why) {
        report.add_problem(m_feature, reason(why, said));
        ++report.skipped;
        return false;
    };
    if (m_csv_missing && CsvMarkedMissing::worth_a_look(feature))
        if (std::string why = m_csv_missing->reason(feature.GetFID()); !why.empty()) {
            // A coordinate written as NA, N/A, null or -: that reason, not GDAL's reading.
            report.add_problem(m_feature, std::move(why));
            ++report.skipped;
            return false;
        }
    OGRGeometry* geometry = feature.GetGeometryRef();
    if (geometry == nullptr)
        return skip("no geometry");
    OGRCoordinateTransformation* ct = m_to_wgs84[li].get();
    if (ct && has_nan_coordinate(*geometry))
        return skip("invalid coordinates (NaN)");
    if (ct && !within_reprojection_range(*geometry))
        return skip("coordinates too large to reproject");
    if (ct && geometry->transform(ct) != OGRERR_NONE)
        return skip("could not be reprojected to WGS84");
    core::IncidentTable& table = m_r.table;
    points = points_of(*geometry, table.shapes, static_cast<std::uint32_t>(table.count()));
    for (const auto& p : points.problems)
        report.add_problem(m_feature, reason(p, said));
    if (points.problems.empty())
        for (const auto& m : said) {
            // Read record by record, an error while reading a good feature is about something
            // GDAL skipped before it (a broken line of a GeoJSONSeq): data lost, so a problem.
            if (m.is_error)
                report.add_problem(-1, "GDAL error before feature " +
                                           std::to_string(m_feature) + ": " + gdal_text({m}));
            else if (m_unattributed.size() < 1000)
                m_unattributed.push_back(m);
        }
    if (points.points.empty()) {
        ++report.skipped;
        return false;
    }
    return true;
}

void FeaturePass::pair_kml_times() {
    std::vector<KmlFeatureTime>& kml_raw = m_plan.kml.raw;
    const int name = m_plan.kml.name;
    const std::string_view feature_name =
        name >= 0 && m_row[static_cast<std::size_t>(name)] ? *m_row[static_cast<std::size_t>(name)]
                                                          : std::string_view{};
    // KML time as written; a name that does not match means the pairing is wrong.
    const bool paired = m_feature < std::ssize(kml_raw) &&
                        kml_raw[static_cast<std::size_t>(m_feature)].name == feature_name;
    if (!paired) {
        kml_raw.clear();
        m_r.report.notes.push_back("KML times could not be paired with the features; partial "
                                   "dates are read as instants");
        return;
    }
    const KmlFeatureTime& raw = kml_raw[static_cast<std::size_t>(m_feature)];
    auto set_text = [&](int i, const std::string& text) {
        if (i >= 0)
            m_row[static_cast<std::size_t>(i)] =
                text.empty() ? std::nullopt : std::optional<std::string>(text);
    };
    set_text(m_plan.kml.when, raw.when);
    set_text(m_plan.kml.begin, raw.begin);
    set_text(m_plan.kml.end, raw.end);
}

void FeaturePass::feature_values(const OGRFeature& feature, std::size_t li) {
    std::fill(m_row.begin(), m_row.end(), std::nullopt);
    const std::vector<int>& field_map = m_set.field_map[li];
    for (std::size_t i = 0; i < field_map.size(); ++i) {
        const auto u = static_cast<std::size_t>(field_map[i]);
        m_row[u] = field_text(feature, static_cast<int>(i), m_plan.midnight_as_date[u]);
    }
    if (m_set.layer_field >= 0)
        m_row[static_cast<std::size_t>(m_set.layer_field)] =
            std::string(m_set.layers[li]->GetName());
    if (!m_plan.kml.raw.empty())
        pair_kml_times();
    for (std::size_t i = 0; i < m_row.size(); ++i)
        m_values[i] = m_row[i] ? std::optional<std::string_view>(*m_row[i]) : std::nullopt;
}

bool FeaturePass::read_layer(std::size_t li) {
    core::LoadReport& report = m_r.report;
    OGRLayer* layer = m_set.layers[li];
    const std::int64_t layer_first = m_feature + 1;
    layer->ResetReading();
    for (auto& m : take_messages(m_errors)) // e.g. warnings from the layer's schema
        m_unattributed.push_back(std::move(m));
    while (true) {
        OGRFeatureUniquePtr feature(layer->GetNextFeature());
        // What GDAL said while reading this feature (about this feature when per record).
        auto said = m_errors.messages().empty() ? std::vector<ErrorCapture::Message>{}
                                                : take_messages(m_errors);
        if (!feature) {
            end_of_layer(said, layer_first);
            break;
        }
        ++m_feature;
        ++report.features;
        if (!m_per_record && !said.empty()) {
            if (m_unattributed.size() < 1000)
                m_unattributed.insert(m_unattributed.end(), said.begin(), said.end());
            said.clear();
        }
        if ((m_feature & 0xFFF) == 0 && !checkpoint()) {
            if (!m_r.error.empty())
                return false;
            break; // cancelled: what was read stays
        }
        GeometryPoints points;
        if (!feature_points(*feature, li, said, points))
            continue;
        feature_values(*feature, li);
        // One attribute row per feature, shared by its incidents, as the fast readers fill it.
        core::IncidentTable& table = m_r.table;
        core::IncidentTable::Incident in = incident_row(m_values, m_plan, m_feature, table, report);
        in.feature_index = static_cast<std::uint32_t>(m_feature);
        in.fid = feature->GetFID() == OGRNullFID ? -1 : feature->GetFID();
        for (const PointOut& p : points.points) {
            in.position = p.position;
            in.z = p.z;
            table.push_back(in);
        }
    }
    // What was read of this layer, for `info`.
    for (auto& c : report.layer_counts)
        if (c.name == layer->GetName() && c.read && c.features < 0)
            c.features = m_feature + 1 - layer_first;
    return true;
}

void FeaturePass::note_unattributed() {
    core::LoadReport& report = m_r.report;
    for (const auto& m : m_unattributed) {
        const std::string note =
            std::string(m.is_error ? "GDAL error: " : "GDAL warning: ") + gdal_text({m});
        if (report.notes.size() < kMaxNotes &&
            std::find(report.notes.begin(), report.notes.end(), note) == report.notes.end())
            report.notes.push_back(note);
    }
}

} // namespace

ReadResult read_gdal_source(const std::string& path, const std::string& open_path,
                            const ReadOptions& options) {
    ReadResult r;
    core::LoadReport& report = r.report;
    report.source = path;
    const std::uint64_t budget = memory_budget(options.memory_budget_bytes);
    // One GeoJSON/GeoJSONSeq object (a feature) may take max_feature_bytes in the file, as in
    // the fast readers (GDAL's default is 200 MB, and it holds several copies while parsing);
    // the CSV driver's line limit is an open option (source_open.cpp).
    const ThreadConfig max_object(
        "OGR_GEOJSON_MAX_OBJ_SIZE",
        std::to_string(std::max<std::uint64_t>(1, max_feature_bytes(budget) >> 20)));
    OpenLayers src;
    if (std::string error = open_layers(open_path, options, budget, report, src);
        !error.empty()) {
        r.error = src.opened.dataset ? path + ": " + error : error;
        return r;
    }
    ErrorCapture errors;
    GDALDataset& ds = *src.opened.dataset;
    const std::string driver = src.opened.driver;
    LayerSet& set = src.set;

    report.fields = set.fields;
    KmlTime kml;
    if (driver == "LIBKML")
        kml = kml_time_fields(ds, set, open_path);
    FieldPlan plan = plan_fields(set, options.fields, std::move(kml), report);
    if (!plan.choice.errors.empty()) {
        r.error = path + ": " + plan.choice.errors.front();
        return r;
    }
    // The sample pass hit a driver error: GPX and Shapefile read nothing after ResetReading
    // then (every feature was lost, silently), so the main pass reads a fresh open.
    OpenedSource reopened;
    if (plan.sample_error_at >= 0 && driver != "PostgreSQL") {
        reopened = open_vector_source(open_path,
                                      OpenLimits{options.allow_network, budget, options.cancel});
        LayerSet again = set;
        if (reopened.dataset && reselect_layers(*reopened.dataset, again))
            set = std::move(again);
        errors.clear();
    }
    // A PostGIS table over budget: only the region asked for, selected by the server.
    const bool postgis = driver == "PostgreSQL";
    if (postgis)
        r.fetched_region = push_down_region(ds, *set.layers.front(), options, plan, report);

    r.table.attributes.set_schema(report.fields);
    const GIntBig total = reserve_for_layers(set, path, budget, r.table);
    FeaturePass pass(path, options, budget, driver, set, src.to_wgs84, plan, total, errors, r);
    if (driver == "CSV" && set.layers.size() == 1)
        pass.look_for_missing_markers(std::make_unique<CsvMarkedMissing>(
            (reopened.dataset ? *reopened.dataset : ds).GetDescription(), budget,
            *set.layers.front()));
    for (std::size_t li = 0; li < set.layers.size() && !report.cancelled; ++li)
        if (!pass.read_layer(li))
            return r;
    if (options.progress && !report.cancelled)
        options.progress(1.0);
    pass.note_unattributed();
    if (postgis)
        finish_postgis_read(ds, *set.layers.front(), plan, r);
    r.ok = true;
    return r;
}

} // namespace incimap::geo
