#include "geo/reader.hpp"

#include "geo/fast/fast_csv.hpp"
#include "geo/fast/fast_geojson.hpp"
#include "geo/field_plan.hpp"
#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/geometry_points.hpp"
#include "geo/gdal/kml_times.hpp"
#include "geo/gdal/layer_set.hpp"
#include "geo/gdal/ogr_values.hpp"
#include "geo/gdal/postgis_source.hpp"
#include "geo/gdal/source_open.hpp"
#include "geo/incident_row.hpp"
#include "geo/read_limits.hpp"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
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

ReadResult read_layer(const std::string& path, const ReadOptions& options) {
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
    OpenedSource opened =
        open_vector_source(path, OpenLimits{options.allow_network, budget, options.cancel});
    if (!opened.dataset) {
        r.error = opened.error;
        return r;
    }
    ErrorCapture errors;
    GDALDataset& ds = *opened.dataset;
    report.driver = opened.driver;
    if (!opened.note.empty())
        report.notes.push_back(core::sanitize_utf8(opened.note));
    std::string error;
    LayerSet set = choose_layers(ds, options.layer, opened.driver, report, error);
    if (set.layers.empty()) {
        r.error = path + ": " + error;
        return r;
    }
    // One transform per layer: the layers of a GeoPackage or a zip may differ in CRS.
    std::vector<TransformPtr> to_wgs84;
    for (OGRLayer* layer : set.layers) {
        if (layer->GetLayerDefn()->GetGeomFieldCount() == 0) {
            r.error = path + ": layer '" + layer->GetName() + "' has no geometry" +
                      (opened.driver == "CSV" ? " (no coordinate columns: looked for longitude/"
                                                "lon/lng/x and latitude/lat/y)"
                                              : "");
            return r;
        }
        to_wgs84.push_back(transform_to_wgs84(layer->GetSpatialRef(), error));
        if (!error.empty()) {
            r.error = path + ": " + error;
            return r;
        }
    }

    report.fields = set.fields;
    const int field_count = static_cast<int>(set.fields.size());
    KmlTime kml;
    if (opened.driver == "LIBKML")
        kml = kml_time_fields(ds, set, path);
    FieldPlan plan = plan_fields(set, options.fields, std::move(kml), report);
    if (!plan.choice.errors.empty()) {
        r.error = path + ": " + plan.choice.errors.front();
        return r;
    }
    // The sample pass hit a driver error: GPX and Shapefile read nothing after ResetReading
    // then (every feature was lost, silently), so the main pass reads a fresh open.
    OpenedSource reopened;
    if (plan.sample_error_at >= 0 && opened.driver != "PostgreSQL") {
        reopened =
            open_vector_source(path, OpenLimits{options.allow_network, budget, options.cancel});
        LayerSet again = set;
        if (reopened.dataset && reselect_layers(*reopened.dataset, again))
            set = std::move(again);
        errors.clear();
    }
    std::vector<KmlFeatureTime>& kml_raw = plan.kml.raw;
    // A PostGIS table over budget: only the region asked for, selected by the server.
    const bool postgis = opened.driver == "PostgreSQL";
    if (postgis)
        r.fetched_region = push_down_region(ds, *set.layers.front(), options, plan, report);

    core::IncidentTable& table = r.table;
    table.attributes.set_schema(report.fields);
    // The count is the source's claim (a FlatGeobuf header may say a billion; found by
    // fuzzing): only a hint for the reserve, at most what the budget holds and what the
    // file's bytes could (16 bytes a feature).
    GIntBig total = 0;
    for (OGRLayer* layer : set.layers) {
        const GIntBig n = layer->GetFeatureCount(FALSE);
        total = n < 0 || total < 0 ? -1 : total + n;
    }
    if (total > 0) {
        std::uint64_t cap = memory_budget(options.memory_budget_bytes) / kBytesPerIncident;
        std::error_code ec;
        if (const auto bytes = std::filesystem::file_size(path, ec); !ec)
            cap = std::min<std::uint64_t>(cap, bytes / 16 + 1);
        table.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(
            static_cast<std::uint64_t>(total), cap)));
    }

    std::vector<std::optional<std::string>> row(static_cast<std::size_t>(field_count));
    std::vector<std::optional<std::string_view>> values(row.size()); // views into `row`
    // GDAL messages tied to no one feature (warnings, and what chunked drivers say), for
    // the notes.
    std::vector<ErrorCapture::Message> unattributed;
    // Drivers that parse one record per GetNextFeature: what GDAL says during a read is about
    // that record. GeoJSON, TopoJSON, KML and GPX parse ahead in chunks, so their messages
    // may be about later features and stay notes.
    const bool per_record = opened.driver == "GeoJSONSeq" || opened.driver == "CSV" ||
                            opened.driver == "GPKG" || opened.driver == "ESRI Shapefile" ||
                            opened.driver == "FlatGeobuf" || postgis;
    // Features are numbered across the layers read, in order.
    std::int64_t feature_number = -1;
    for (std::size_t li = 0; li < set.layers.size() && !report.cancelled; ++li) {
        OGRLayer* layer = set.layers[li];
        const std::vector<int>& field_map = set.field_map[li];
        const std::int64_t layer_first = feature_number + 1;
        layer->ResetReading();
        for (auto& m : take_messages(errors)) // e.g. warnings from the layer's schema
            unattributed.push_back(std::move(m));
        while (true) {
            OGRFeatureUniquePtr feature(layer->GetNextFeature());
            // What GDAL said while reading this feature (about this feature when per_record).
            auto said = errors.messages().empty() ? std::vector<ErrorCapture::Message>{}
                                                  : take_messages(errors);
            if (!feature) {
                const bool failed =
                    std::any_of(said.begin(), said.end(), [](const auto& m) { return m.is_error; });
                if (failed)
                    report.add_problem(feature_number + 1, "reading stopped after " +
                                                               std::to_string(feature_number + 1) +
                                                               " features: " +
                                                               explain_feature_limit(
                                                                   gdal_text(said),
                                                                   opened.driver == "CSV"
                                                                       ? gdal_csv_max_line(budget)
                                                                       : max_feature_bytes(budget)));
                else if (plan.sample_error_at >= 0 && feature_number + 1 <= plan.sample_error_at &&
                         plan.sample_error_at >= layer_first)
                    // Said during the sample pass (or before this feature, by a driver that
                    // parses ahead): the features after it are lost, and that is a problem.
                    report.add_problem(
                        feature_number + 1,
                        "reading stopped after " + std::to_string(feature_number + 1) +
                            " features: " +
                            gdal_text({ErrorCapture::Message{true, plan.sample_error}}));
                break;
            }
            ++feature_number;
            ++report.features;
            if (!per_record && !said.empty()) {
                if (unattributed.size() < 1000)
                    unattributed.insert(unattributed.end(), said.begin(), said.end());
                said.clear();
            }
            auto reason = [&](std::string text) {
                return said.empty() ? text : text + " (" + gdal_text(said) + ")";
            };
            if ((feature_number & 0xFFF) == 0) {
                if (options.cancel && options.cancel->load()) {
                    report.cancelled = true;
                    break;
                }
                // Stop before the table outgrows the memory budget (extrapolated from the part
                // read when the feature count is known).
                const TableSize size{table.count(), table.attributes.memory_bytes()};
                if (std::string over =
                        check_progress(path, size, static_cast<double>(feature_number),
                                       static_cast<double>(total), budget);
                    !over.empty()) {
                    r.error = over + " (stopped at feature " + std::to_string(feature_number) + ")";
                    r.table = core::IncidentTable{};
                    return r;
                }
                if (options.progress && total > 0)
                    options.progress(static_cast<double>(feature_number) /
                                     static_cast<double>(total));
            }

            OGRGeometry* geometry = feature->GetGeometryRef();
            if (geometry == nullptr) {
                report.add_problem(feature_number, reason("no geometry"));
                ++report.skipped;
                continue;
            }
            OGRCoordinateTransformation* ct = to_wgs84[li].get();
            if (ct && has_nan_coordinate(*geometry)) {
                report.add_problem(feature_number, reason("invalid coordinates (NaN)"));
                ++report.skipped;
                continue;
            }
            if (ct && !within_reprojection_range(*geometry)) {
                report.add_problem(feature_number, reason("coordinates too large to reproject"));
                ++report.skipped;
                continue;
            }
            if (ct && geometry->transform(ct) != OGRERR_NONE) {
                report.add_problem(feature_number, reason("could not be reprojected to WGS84"));
                ++report.skipped;
                continue;
            }
            const auto first_incident = static_cast<std::uint32_t>(table.count());
            GeometryPoints points = points_of(*geometry, table.shapes, first_incident);
            for (const auto& p : points.problems)
                report.add_problem(feature_number, reason(p));
            if (points.problems.empty())
                for (const auto& m : said) {
                    // Read record by record, an error while reading a good feature is about
                    // something GDAL skipped before it (a broken line of a GeoJSONSeq): data
                    // lost, so a problem.
                    if (m.is_error)
                        report.add_problem(-1, "GDAL error before feature " +
                                                   std::to_string(feature_number) + ": " +
                                                   gdal_text({m}));
                    else if (unattributed.size() < 1000)
                        unattributed.push_back(m);
                }
            if (points.points.empty()) {
                ++report.skipped;
                continue;
            }

            std::fill(row.begin(), row.end(), std::nullopt);
            for (std::size_t i = 0; i < field_map.size(); ++i) {
                const auto u = static_cast<std::size_t>(field_map[i]);
                row[u] = field_text(*feature, static_cast<int>(i), plan.midnight_as_date[u]);
            }
            if (set.layer_field >= 0)
                row[static_cast<std::size_t>(set.layer_field)] = std::string(layer->GetName());
            auto text_of = [&](int i) -> std::string_view {
                if (i < 0 || !row[static_cast<std::size_t>(i)])
                    return {};
                return *row[static_cast<std::size_t>(i)];
            };
            if (!kml_raw.empty()) {
                // KML time as written; a name that does not match means the pairing is wrong.
                const bool paired = feature_number < std::ssize(kml_raw) &&
                                    kml_raw[static_cast<std::size_t>(feature_number)].name ==
                                        text_of(plan.kml.name);
                if (!paired) {
                    kml_raw.clear();
                    report.notes.push_back("KML times could not be paired with the features; "
                                           "partial dates are read as instants");
                } else {
                    const KmlFeatureTime& raw = kml_raw[static_cast<std::size_t>(feature_number)];
                    auto set_text = [&](int i, const std::string& text) {
                        if (i >= 0)
                            row[static_cast<std::size_t>(i)] =
                                text.empty() ? std::nullopt : std::optional<std::string>(text);
                    };
                    set_text(plan.kml.when, raw.when);
                    set_text(plan.kml.begin, raw.begin);
                    set_text(plan.kml.end, raw.end);
                }
            }
            for (std::size_t i = 0; i < row.size(); ++i)
                values[i] = row[i] ? std::optional<std::string_view>(*row[i]) : std::nullopt;

            // One attribute row per feature, shared by its incidents, as the fast readers fill it.
            core::IncidentTable::Incident in =
                incident_row(values, plan, feature_number, table, report);
            in.feature_index = static_cast<std::uint32_t>(feature_number);
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
                c.features = feature_number + 1 - layer_first;
    }
    if (options.progress && !report.cancelled)
        options.progress(1.0);
    // GDAL's messages that belong to no one feature go in the notes, each once.
    for (const auto& m : unattributed) {
        const std::string note =
            std::string(m.is_error ? "GDAL error: " : "GDAL warning: ") + gdal_text({m});
        if (report.notes.size() < kMaxNotes &&
            std::find(report.notes.begin(), report.notes.end(), note) == report.notes.end())
            report.notes.push_back(note);
    }
    if (postgis)
        finish_postgis_read(ds, *set.layers.front(), plan, r);
    r.ok = true;
    return r;
}

bool fast_readers_enabled(const ReadOptions& options) {
    if (!options.fast_readers || !options.layer.empty())
        return false;
    const char* off = std::getenv("INCIMAP_NO_FAST_READERS");
    return off == nullptr || off[0] == '\0' || std::string_view(off) == "0";
}

// The fast readers for the formats that carry big data; nullopt when none applies or the
// one that applies declines (GDAL reads the file then).
std::optional<ReadResult> read_fast(const std::string& path, const ReadOptions& options) {
    if (!fast_readers_enabled(options) || path.rfind("/vsi", 0) == 0 ||
        path.find("://") != std::string::npos)
        return std::nullopt;
    // Not a pipe or a device: opening a FIFO would wait for a writer (the GDAL path refuses
    // it with a message).
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return std::nullopt;
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto started = std::chrono::steady_clock::now();
    fast::Declined declined;
    std::optional<ReadResult> r;
    if (ext == ".geojson" || ext == ".json")
        r = fast::read_geojson(path, options, &declined);
    else if (ext == ".geojsonl" || ext == ".geojsons")
        r = fast::read_geojson_seq(path, options, &declined);
    else if (ext == ".csv")
        r = fast::read_csv(path, options, &declined);
    else
        return std::nullopt;
    if (std::getenv("INCIMAP_FAST_READERS_VERBOSE") != nullptr) {
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (r)
            std::fprintf(stderr, "incimap: fast reader read %s in %.3f s\n", path.c_str(), s);
        else
            std::fprintf(stderr, "incimap: fast reader declined %s after %.3f s: %s\n",
                         path.c_str(), s, declined.why.c_str());
    }
    return r;
}

// The check before reading: a text file whose size alone says it cannot fit the budget is
// refused at once rather than after minutes of parsing. "" when it may fit.
std::string check_file_size(const std::string& path, const ReadOptions& options) {
    if (path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos)
        return {};
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec)
        return {}; // the open says what is wrong with the path
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* format = ext == ".geojson" || ext == ".json" ? "GeoJSON"
                         : ext == ".geojsonl" || ext == ".geojsons" ? "GeoJSONSeq"
                         : ext == ".topojson" ? "TopoJSON"
                         : ext == ".csv" ? "CSV"
                         : ext == ".kml" ? "KML"
                         : ext == ".gpx" ? "GPX"
                                         : "";
    return over_budget_message(path, estimate_from_file_size(bytes, format),
                               memory_budget(options.memory_budget_bytes));
}

} // namespace

ReadResult read_incidents(const std::string& path, const ReadOptions& options) {
    // Nothing a reader does on this thread reaches the network unless the user allowed it.
    NetworkGuard network(options.allow_network);
    std::optional<ReadResult> fast;
    if (std::string over = check_file_size(path, options); !over.empty()) {
        fast = ReadResult{};
        fast->report.source = path;
        fast->error = over;
    } else {
        fast = read_fast(path, options);
    }
    ReadResult r = fast ? std::move(*fast) : read_layer(path, options);
    if (!network.refused().empty()) {
        std::string note = "the file names " + network.refused().front() +
                           (network.refused().size() > 1 ? " (and more)" : "") +
                           "; not fetched: network access is off (--allow-network allows it)";
        r.report.notes.push_back(core::sanitize_utf8(note));
    }
    // One line, always: the CLI prints it as `incimap: <error>` and scripts read one line.
    std::replace(r.error.begin(), r.error.end(), '\n', ' ');
    std::replace(r.error.begin(), r.error.end(), '\r', ' ');
    return r;
}

} // namespace incimap::geo
