#include "geo/gdal/postgis_source.hpp"

#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/ogr_values.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <numeric>

namespace incimap::geo {

namespace {

// Time bounds are widened by this much (whole days) so that what the server sends is a
// superset of what the window shows: a date is a day long, a date-time at midnight may be
// read as a date, and a time without a zone may be up to 14 h off UTC. With a precision
// field (ACLED's time_precision) a date stands for its week or month: 32 days.
constexpr std::int64_t kMarginDays = 1;
constexpr std::int64_t kPrecisionMarginDays = 32;

bool unbounded_start(core::UnixMs t) { return t <= std::numeric_limits<core::UnixMs>::min() / 4; }
bool unbounded_end(core::UnixMs t) { return t >= std::numeric_limits<core::UnixMs>::max() / 4; }

std::string sql_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// A day as a literal the column's type reads: a date, or midnight UTC for a timestamp
// (a zone in a literal for `timestamp without time zone` is ignored: wall time, which is
// how incimap reads a time without a zone).
std::string day_literal(std::int64_t days, OGRFieldType type) {
    const core::CivilDate d = core::civil_from_days(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, type == OFTDate ? "'%04d-%02d-%02d'" : "'%04d-%02d-%02d 00:00:00+00'",
                  d.year, d.month, d.day);
    return buf;
}

bool typed_time(OGRFieldType type) { return type == OFTDate || type == OFTDateTime; }

// Runs a query whose first row's first column is wanted; nullopt on no row or an error.
std::optional<std::string> query_one(GDALDataset& dataset, const std::string& sql) {
    ErrorCapture errors; // a failed query is an unknown, not a message for the user
    OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result == nullptr)
        return std::nullopt;
    std::optional<std::string> out;
    if (OGRFeatureUniquePtr f{result->GetNextFeature()}; f && f->GetFieldCount() > 0)
        out = field_text(*f, 0);
    dataset.ReleaseResultSet(result);
    return out;
}

// The region's box in the layer's coordinates; nullopt when it cannot be expressed (then
// no spatial filter: the whole extent is fetched).
std::optional<core::LonLatBox> box_in_layer_srs(const core::LonLatBox& box, OGRLayer& layer) {
    core::LonLatBox clamped = box;
    clamped.min_lon = std::max(-180.0, box.min_lon);
    clamped.max_lon = std::min(180.0, box.max_lon);
    clamped.min_lat = std::max(-90.0, box.min_lat);
    clamped.max_lat = std::min(90.0, box.max_lat);
    if (box.empty || clamped.min_lon >= clamped.max_lon || clamped.min_lat >= clamped.max_lat)
        return std::nullopt;
    const OGRSpatialReference* layer_srs = layer.GetSpatialRef();
    if (layer_srs == nullptr || layer_srs->IsEmpty())
        return clamped;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference target(*layer_srs);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=NO", nullptr};
    if (target.IsSame(&wgs84, same_options))
        return clamped;
    if (target.IsProjected()) {
        // Web Mercator and its kin have no y at the poles.
        clamped.min_lat = std::max(clamped.min_lat, -85.0);
        clamped.max_lat = std::min(clamped.max_lat, 85.0);
    }
    ErrorCapture errors;
    std::unique_ptr<OGRCoordinateTransformation> ct(
        OGRCreateCoordinateTransformation(&wgs84, &target));
    core::LonLatBox out;
    if (!ct || !ct->TransformBounds(clamped.min_lon, clamped.min_lat, clamped.max_lon,
                                    clamped.max_lat, &out.min_lon, &out.min_lat, &out.max_lon,
                                    &out.max_lat, 21))
        return std::nullopt;
    out.empty = false;
    return out;
}

// The data's last week by the time column's latest value (an index lookup with a b-tree).
std::optional<core::TimeInterval> latest_week(GDALDataset& dataset, OGRLayer& layer,
                                              const std::string& column) {
    const auto max = query_one(dataset, "SELECT max(" + quote_identifier(column) + ") FROM " +
                                            quote_table(layer.GetName()));
    if (!max)
        return std::nullopt;
    const auto t = core::parse_time(*max);
    if (!t)
        return std::nullopt;
    const std::int64_t last_day = core::floor_days(t->start_ms);
    core::TimeInterval week;
    week.start_ms = (last_day - 6) * core::kMsPerDay;
    week.end_ms = (last_day + 1) * core::kMsPerDay;
    week.precision = core::TimePrecision::Day;
    return week;
}

std::string describe(const QueryRegion& region) {
    std::string out;
    if (region.bbox) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "box %.5f,%.5f,%.5f,%.5f", region.bbox->min_lon,
                      region.bbox->min_lat, region.bbox->max_lon, region.bbox->max_lat);
        out = buf;
    }
    if (region.time) {
        out += out.empty() ? "" : ", ";
        out += "time " +
               (unbounded_start(region.time->start_ms) ? std::string("…")
                                                       : core::format_iso_utc(region.time->start_ms)) +
               " – " +
               (unbounded_end(region.time->end_ms) ? std::string("…")
                                                   : core::format_iso_utc(region.time->end_ms));
    }
    return out.empty() ? "everything" : out;
}

} // namespace

bool is_postgis_connection(const std::string& path) { return path.rfind("PG:", 0) == 0; }

std::optional<Pushdown> parse_pushdown(std::string_view text) {
    if (text == "auto")
        return Pushdown::Auto;
    if (text == "always")
        return Pushdown::Always;
    if (text == "never")
        return Pushdown::Never;
    return std::nullopt;
}

std::int64_t pg_row_budget() {
    if (const char* env = std::getenv("INCIMAP_PG_ROW_BUDGET"); env != nullptr && *env != '\0') {
        std::int64_t v = 0;
        const std::string_view s(env);
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc{} && p == s.data() + s.size() && v >= 0)
            return v;
    }
    return kDefaultRowBudget;
}

void set_pushdown(ReadOptions& options, Pushdown mode, QueryRegion region) {
    if (mode == Pushdown::Never) {
        options.region.reset();
        return;
    }
    options.region = std::move(region);
    options.region_above_rows =
        mode == Pushdown::Always ? 0 : pg_row_budget_within(options.memory_budget_bytes);
}

std::int64_t pg_row_budget_within(std::uint64_t memory_budget_bytes) {
    const auto fits = static_cast<std::int64_t>(
        std::min<std::uint64_t>(memory_budget(memory_budget_bytes) / kPgBytesPerRow,
                                std::numeric_limits<std::int64_t>::max()));
    return std::max<std::int64_t>(1, std::min(pg_row_budget(), fits));
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string quote_table(std::string_view layer_name) {
    // GDAL names a table outside the search path "schema.table".
    const auto dot = layer_name.find('.');
    if (dot == std::string_view::npos)
        return quote_identifier(layer_name);
    return quote_identifier(layer_name.substr(0, dot)) + "." +
           quote_identifier(layer_name.substr(dot + 1));
}

std::int64_t estimated_rows(GDALDataset& dataset, OGRLayer& layer) {
    const std::string table = quote_table(layer.GetName());
    if (auto v = query_one(dataset, "SELECT reltuples::bigint FROM pg_class WHERE oid = "
                                    "to_regclass(" + sql_literal(table) + ")")) {
        std::int64_t n = -1;
        std::from_chars(v->data(), v->data() + v->size(), n);
        if (n >= 0)
            return n;
    }
    // Never analysed (reltuples −1): count. A sequential scan, once per open.
    const GIntBig n = layer.GetFeatureCount(TRUE);
    return n >= 0 ? static_cast<std::int64_t>(n) : -1;
}

std::string time_filter_sql(const TimeColumn& start, const std::optional<TimeColumn>& end,
                            bool has_precision_field, const core::TimeInterval& interval) {
    if (!typed_time(start.type))
        return {};
    const std::int64_t margin = has_precision_field ? kPrecisionMarginDays : kMarginDays;
    const bool has_lo = !unbounded_start(interval.start_ms);
    const bool has_hi = !unbounded_end(interval.end_ms);
    if (!has_lo && !has_hi)
        return {};
    const std::string s = quote_identifier(start.name);
    std::string range;
    if (has_hi)
        range = s + " < " + day_literal(core::floor_days(interval.end_ms - 1) + 1 + margin, start.type);
    if (has_lo) {
        const std::int64_t lo = core::floor_days(interval.start_ms) - margin;
        std::string lower = s + " >= " + day_literal(lo, start.type);
        if (end) {
            if (!typed_time(end->type)) {
                lower.clear(); // an untyped end could reach into the window from any start
            } else {
                const std::string e = quote_identifier(end->name);
                lower = "(" + lower + " OR " + e + " >= " + day_literal(lo, end->type) + ")";
            }
        }
        if (!lower.empty())
            range += (range.empty() ? "" : " AND ") + lower;
    }
    if (range.empty())
        return {};
    // Undated rows show in every window (TimeWindow::show_undated).
    return "(" + s + " IS NULL OR (" + range + "))";
}

std::optional<QueryRegion> push_down_region(GDALDataset& dataset, OGRLayer& layer,
                                            const ReadOptions& options, const FieldPlan& plan,
                                            core::LoadReport& report) {
    if (!options.region)
        return std::nullopt;
    const std::int64_t rows = options.region_above_rows > 0 ? estimated_rows(dataset, layer) : -1;
    if (options.region_above_rows > 0 && rows >= 0 && rows <= options.region_above_rows)
        return std::nullopt; // small enough to read whole
    QueryRegion region = *options.region;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const auto& time = plan.choice.time;
    auto column = [&](int i) {
        return TimeColumn{defn->GetFieldDefn(i)->GetNameRef(), defn->GetFieldDefn(i)->GetType()};
    };
    if (!region.time && !region.bbox && time.start >= 0)
        region.time = latest_week(dataset, layer, column(time.start).name);

    std::string pushed;
    layer.SetSpatialFilter(nullptr);
    if (region.bbox) {
        if (auto box = box_in_layer_srs(*region.bbox, layer)) {
            layer.SetSpatialFilterRect(box->min_lon, box->min_lat, box->max_lon, box->max_lat);
            pushed = "the box (GiST)";
        } else {
            region.bbox.reset();
        }
    }
    std::string where;
    if (region.time && time.start >= 0)
        where = time_filter_sql(column(time.start),
                                time.end >= 0 ? std::optional(column(time.end)) : std::nullopt,
                                time.precision >= 0, *region.time);
    if (!where.empty()) {
        ErrorCapture errors;
        if (layer.SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
            report.notes.push_back("remote: the time filter was refused (" + errors.last_error() +
                                   "); fetching the box in all time");
            layer.SetAttributeFilter(nullptr);
            where.clear();
        } else {
            pushed += std::string(pushed.empty() ? "" : " and ") + "the time window on '" +
                      report.time_field + "' (b-tree)";
        }
    }
    if (where.empty() && region.time) {
        if (time.start >= 0 && !typed_time(column(time.start).type))
            report.notes.push_back("remote: '" + report.time_field +
                                   "' is text, not a date; the time window is not pushed down");
        region.time.reset();
    }
    report.notes.push_back(
        "remote: the table has " + (rows >= 0 ? "about " + std::to_string(rows) : std::string("an unknown number of")) +
        " rows; fetched only " + describe(region) +
        (pushed.empty() ? std::string(" (nothing pushed down)") : "; the server filtered by " + pushed));
    return region;
}

void finish_postgis_read(GDALDataset& dataset, OGRLayer& layer, const FieldPlan& plan,
                         ReadResult& result) {
    sort_by_fid(result.table);
    if (!result.fetched_region || plan.choice.category < 0)
        return;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const std::string column =
        quote_identifier(defn->GetFieldDefn(plan.choice.category)->GetNameRef());
    ErrorCapture errors;
    // Equal counts keep the order of first appearance, as for a file: the smallest FID.
    const std::string fid = layer.GetFIDColumn() != nullptr && *layer.GetFIDColumn() != '\0'
                                ? "min(" + quote_identifier(layer.GetFIDColumn()) + ")"
                                : std::string("0");
    const std::string sql = "SELECT " + column + ", count(*), " + fid + " FROM " +
                            quote_table(layer.GetName()) + " GROUP BY 1";
    OGRLayer* counts = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (counts == nullptr)
        return;
    struct Total {
        std::string name;
        std::size_t count;
        std::int64_t first_fid;
    };
    std::vector<Total> totals;
    for (OGRFeatureUniquePtr f{counts->GetNextFeature()}; f; f.reset(counts->GetNextFeature())) {
        if (auto name = field_text(*f, 0); name && !name->empty())
            totals.push_back({*name, static_cast<std::size_t>(f->GetFieldAsInteger64(1)),
                              f->GetFieldAsInteger64(2)});
    }
    dataset.ReleaseResultSet(counts);
    // The part's dictionary in the whole table's order (most frequent first): every
    // category of the table is known, so a colour never moves to another when one is absent
    // from the part.
    std::sort(totals.begin(), totals.end(), [](const Total& a, const Total& b) {
        return a.count != b.count ? a.count > b.count
               : a.first_fid != b.first_fid ? a.first_fid < b.first_fid
                                            : a.name < b.name;
    });
    for (const Total& total : totals)
        result.category_totals.emplace_back(total.name, total.count);
    core::IncidentTable& t = result.table;
    core::IncidentTable dictionary;
    for (const Total& total : totals)
        dictionary.intern_category(total.name);
    std::vector<core::CategoryId> remap(t.categories.size());
    for (std::size_t c = 0; c < remap.size(); ++c)
        remap[c] = dictionary.intern_category(t.categories[c]);
    for (auto& c : t.category)
        if (c < remap.size())
            c = remap[c];
    t.categories = std::move(dictionary.categories);
    t.category_lookup = std::move(dictionary.category_lookup);
}

void sort_by_fid(core::IncidentTable& t) {
    if (std::is_sorted(t.fid.begin(), t.fid.end()))
        return;
    std::vector<std::size_t> order(t.count());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return t.fid[a] < t.fid[b]; });
    auto permute = [&](auto& column) {
        std::remove_reference_t<decltype(column)> out;
        out.reserve(column.size());
        for (std::size_t i : order)
            out.push_back(column[i]);
        column = std::move(out);
    };
    permute(t.lon);
    permute(t.lat);
    permute(t.t_start);
    permute(t.t_end);
    permute(t.t_precision);
    permute(t.t_zone);
    permute(t.category);
    permute(t.size);
    permute(t.geo_precision);
    permute(t.z);
    permute(t.feature_index);
    permute(t.fid);
    permute(t.attr_row);
    std::vector<std::uint32_t> new_index(order.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        new_index[order[i]] = static_cast<std::uint32_t>(i);
    for (auto& item : t.shapes.items)
        item.incident = new_index[item.incident];
}

} // namespace incimap::geo
