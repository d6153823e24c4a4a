#include "geo/fast/fast_csv.hpp"

#include "geo/fast/fast_parallel.hpp"
#include "geo/fast/file_rows.hpp"
#include "geo/field_plan.hpp"
#include "geo/gdal/geometry_points.hpp"
#include "geo/gdal/source_open.hpp"
#include "geo/read_limits.hpp"

#include "core/attributes.hpp"
#include "core/field_detection.hpp"
#include "core/parallel.hpp"
#include "core/geometry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>

namespace incimap::geo::fast {

namespace {

// Columns GDAL's CSV driver reads as geometry by their name.
constexpr std::array<std::string_view, 4> kGeometryNames{"wkt", "_wkt", "geometry", "geom"};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

template <std::size_t N>
bool in_list(std::string_view name, const std::array<std::string_view, N>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](std::string_view n) { return iequals(name, n); });
}

// Whether `name` is one of the comma-separated `names` (without case).
bool in_names(std::string_view name, std::string_view names) {
    while (!names.empty()) {
        const std::size_t comma = names.find(',');
        if (iequals(name, names.substr(0, comma)))
            return true;
        names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
    }
    return false;
}

// One CSV record split into fields (RFC 4180). Quoted fields are unescaped into `scratch`.
class RecordReader {
public:
    explicit RecordReader(std::string_view text) : m_text(text) {}
    std::size_t offset() const { return m_pos; }
    bool at_end() const { return m_pos >= m_text.size(); }
    // false with `why` on a record this reader does not take.
    bool next(std::vector<std::string_view>& fields, std::string& why);

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    // Storage for fields with doubled quotes. A deque: growing it keeps the strings where
    // they are, so the views of this record's earlier fields stay valid (a vector moved
    // them, and short strings moved their text: a use-after-free found by fuzzing).
    std::deque<std::string> m_unquoted;
};

bool RecordReader::next(std::vector<std::string_view>& fields, std::string& why) {
    fields.clear();
    std::size_t used = 0;
    const char* s = m_text.data();
    const std::size_t n = m_text.size();
    std::size_t p = m_pos;
    while (true) {
        if (p < n && s[p] == '"') {
            // Quoted: up to a quote not followed by another.
            std::size_t q = p + 1;
            bool doubled = false;
            while (true) {
                const void* hit = std::memchr(s + q, '"', n - q);
                if (hit == nullptr) {
                    why = "an unterminated quoted field";
                    return false;
                }
                q = static_cast<std::size_t>(static_cast<const char*>(hit) - s);
                if (q + 1 < n && s[q + 1] == '"') {
                    doubled = true;
                    q += 2;
                    continue;
                }
                break;
            }
            std::string_view raw(s + p + 1, q - p - 1);
            if (raw.find('\r') != std::string_view::npos) {
                why = "a carriage return inside a quoted field";
                return false;
            }
            if (doubled) {
                if (used == m_unquoted.size())
                    m_unquoted.emplace_back();
                std::string& out = m_unquoted[used++];
                out.clear();
                for (std::size_t i = 0; i < raw.size(); ++i) {
                    out += raw[i];
                    if (raw[i] == '"')
                        ++i;
                }
                fields.emplace_back(out);
            } else {
                fields.push_back(raw);
            }
            p = q + 1;
        } else {
            std::size_t q = p;
            while (q < n && s[q] != ',' && s[q] != '\n' && s[q] != '"' && s[q] != '\r')
                ++q;
            if (q < n && s[q] == '"') {
                why = "a quote inside an unquoted field";
                return false;
            }
            fields.emplace_back(s + p, q - p);
            p = q;
        }
        // After a field: a comma, or the end of the record.
        if (p < n && s[p] == ',') {
            ++p;
            continue;
        }
        if (p < n && s[p] == '\r') {
            if (p + 1 < n && s[p + 1] == '\n') {
                p += 2;
                break;
            }
            why = "a carriage return without a line feed";
            return false;
        }
        if (p < n && s[p] == '\n') {
            ++p;
            break;
        }
        if (p >= n)
            break;
        why = "text after a closing quote";
        return false;
    }
    m_pos = p;
    return true;
}

// A coordinate as GDAL's CPLAtof reads it; false for text that is not a plain number.
bool coordinate(std::string_view token, double& out) {
    const char* b = token.data();
    const char* e = b + token.size();
    const auto [end, ec] = std::from_chars(b, e, out);
    if (ec != std::errc{} || end != e)
        return false;
    return true;
}

// The text OGR gives a Real field ("%.15g"), without formatting when the token already is
// that text: digits with at most 15 significant ones, no exponent, no redundant zeros.
void real_field_text(std::string_view token, double value, std::string& out) {
    std::size_t i = token[0] == '-' ? 1 : 0;
    const std::size_t dot = token.find('.');
    const std::string_view int_part =
        token.substr(i, (dot == std::string_view::npos ? token.size() : dot) - i);
    bool plain = !int_part.empty() && int_part.size() <= 15 &&
                 std::all_of(int_part.begin(), int_part.end(),
                             [](char c) { return c >= '0' && c <= '9'; }) &&
                 (int_part.size() == 1 || int_part[0] != '0');
    if (plain && dot != std::string_view::npos) {
        const std::string_view frac = token.substr(dot + 1);
        const bool zero_int = int_part == "0";
        std::size_t leading_zeros = 0;
        while (zero_int && leading_zeros < frac.size() && frac[leading_zeros] == '0')
            ++leading_zeros;
        const std::size_t significant =
            zero_int ? frac.size() - leading_zeros : int_part.size() + frac.size();
        plain = !frac.empty() && frac.back() != '0' && significant <= 15 && leading_zeros < 4 &&
                std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (plain && token[0] == '-' && value == 0)
        plain = false; // "-0"
    if (plain)
        out.assign(token);
    else
        out = real_text(value);
}

bool sibling_exists(const std::string& path, const char* ext) {
    std::error_code ec;
    std::filesystem::path p(path);
    for (const auto& e :
         {std::string(ext), [&] {
              std::string up(ext);
              for (auto& c : up)
                  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
              return up;
          }()}) {
        std::filesystem::path s = p;
        s.replace_extension(e);
        if (std::filesystem::exists(s, ec))
            return true;
    }
    return false;
}

// Whether a non-empty coordinate may be a missing marker (NA, N/A, null, -, blanks around):
// a number never starts so, and skips the test (every row asks it twice).
bool maybe_marker(std::string_view t) {
    const char c = t[0];
    return c == 'n' || c == 'N' || c == ' ' || c == '\t' ||
           (c == '-' && (t.size() == 1 || t[1] == ' ' || t[1] == '\t'));
}

struct RecordPoint {
    double lon = 0, lat = 0;
    bool has_lon = false, has_lat = false; // false: the column is empty or marked missing
    std::string_view lon_text, lat_text;   // as written (for a missing marker's reason)
};

// Adds one record's values to `rows` as GDAL's CSV driver gives them (text as written, invalid
// UTF-8 replaced, the coordinate columns printed as Real) and returns its coordinates;
// nullopt when a coordinate is not a plain number (the reader then declines the file).
std::optional<RecordPoint> add_record(const std::vector<std::string_view>& tokens, int lon_col,
                                      int lat_col, RowArena& rows) {
    RecordPoint p;
    const std::string_view lon_tok = tokens[static_cast<std::size_t>(lon_col)];
    const std::string_view lat_tok = tokens[static_cast<std::size_t>(lat_col)];
    p.lon_text = lon_tok;
    p.lat_text = lat_tok;
    // `NA`, `N/A`, `null`, `-`: no value, as an empty column (GDAL's driver reads `-` as 0;
    // the GDAL path looks at the text as written too, csv_marked_missing.hpp).
    p.has_lon = !lon_tok.empty() && !(maybe_marker(lon_tok) && core::is_missing_marker(lon_tok));
    p.has_lat = !lat_tok.empty() && !(maybe_marker(lat_tok) && core::is_missing_marker(lat_tok));
    if ((p.has_lon && !coordinate(lon_tok, p.lon)) || (p.has_lat && !coordinate(lat_tok, p.lat)) ||
        std::isinf(p.lon) || std::isinf(p.lat))
        return std::nullopt;
    thread_local std::string lon_text, lat_text;
    if (p.has_lon)
        real_field_text(lon_tok, p.lon, lon_text);
    if (p.has_lat)
        real_field_text(lat_tok, p.lat, lat_text);
    rows.begin_row();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto col = static_cast<int>(i);
        const auto field = static_cast<std::uint32_t>(i);
        if (col == lon_col)
            rows.add(field, p.has_lon ? std::optional<std::string_view>(lon_text) : std::nullopt);
        else if (col == lat_col)
            rows.add(field, p.has_lat ? std::optional<std::string_view>(lat_text) : std::nullopt);
        else if (core::is_valid_utf8(tokens[i]))
            rows.add(field, tokens[i]);
        else
            rows.add(field, core::sanitize_utf8(tokens[i]));
    }
    rows.end_row();
    return p;
}

// Where the coordinates are and what a row must look like (from the header).
struct CsvLayout {
    int lon_col = -1, lat_col = -1;
    std::size_t columns = 0;
    bool on_demand = false; // record each row's span (attributes on demand)
    std::size_t bom = 0;
    // Attributes on demand (choose_values_kept): the columns whose values are not kept for
    // rows that start at or after `keep_every_before` (a file offset).
    std::vector<std::uint32_t> dropped;
    std::uint64_t keep_every_before = 0;
};

// Sets `rows` not to keep the dropped columns' values (CsvLayout::dropped).
void drop_columns(const CsvLayout& l, RowArena& rows) {
    for (const std::uint32_t column : l.dropped)
        rows.drop_values_of(column);
}

// One record (its fields in `tokens`, its bytes [row_begin, row_end) of the text after the
// BOM) into `src` as the next feature; false with `why` when the reader declines the file.
bool take_row(const std::vector<std::string_view>& tokens, std::size_t row_begin,
              std::size_t row_end, const CsvLayout& l, ParsedSource& src, std::string& why) {
    constexpr float kNoZ = std::numeric_limits<float>::quiet_NaN();
    if (tokens.size() != l.columns) {
        why = tokens.size() == 1 && tokens[0].empty() ? "a blank line"
                                                      : "a row with a different number of fields";
        return false;
    }
    const std::int64_t number = src.features;
    if (!l.dropped.empty()) // the rows the fields are chosen from keep every value
        src.rows.keep_every_value(l.bom + row_begin < l.keep_every_before);
    const std::optional<RecordPoint> point = add_record(tokens, l.lon_col, l.lat_col, src.rows);
    if (!point) {
        why = "a coordinate that is not a plain number";
        return false;
    }
    const auto [lon, lat, has_lon, has_lat, lon_text, lat_text] = *point;
    if (l.on_demand)
        src.rows.set_span(l.bom + row_begin, static_cast<std::uint32_t>(row_end - row_begin));
    ++src.features;
    auto& t = src.table;
    if (!has_lon || !has_lat || std::isnan(lon) || std::isnan(lat)) {
        // GDAL makes no point of an empty or NaN coordinate; one marked missing says so.
        const std::string marked = core::coordinates_marked_missing(lon_text, lat_text);
        src.add_geometry_problem(number, marked.empty() ? "no geometry" : marked);
        ++src.skipped;
    } else if (!core::is_valid_lonlat({lon, lat})) {
        src.add_geometry_problem(number, describe_bad_coordinates(lon, lat));
        ++src.skipped;
    } else {
        t.lon.push_back(lon);
        t.lat.push_back(lat);
        t.z.push_back(kNoZ);
        t.feature_index.push_back(static_cast<std::uint32_t>(number));
        t.fid.push_back(number + 1); // GDAL's CSV FIDs count data rows from 1
    }
    return true;
}

// Loading on every core: the rows after the header split into parts at line ends, each read
// on a thread of its own (features numbered from 0 in each part), then merged in order. A part
// must end exactly where the next begins (a line end inside a quoted field would not): the
// first part starts at a record and each ends at one, so every part read true records.
// nullopt when the file is to be read on one thread instead (a part failed or ran over the
// budget, a check of the one-thread read would refuse, or the parts did not line up);
// otherwise `src` holds every row (cancelled when the read was).
bool read_csv_parts(std::string_view body, std::size_t header_end, std::size_t parts,
                    const CsvLayout& l, const MappedFile& file, ParsedSource& src,
                    const std::string& path, const ReadOptions& options) {
    std::vector<std::size_t> bounds{header_end};
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t target = header_end + (body.size() - header_end) * k / parts;
        const std::size_t nl = body.find('\n', std::max(target, bounds.back()));
        if (nl == std::string_view::npos || nl + 1 >= body.size())
            break;
        bounds.push_back(nl + 1);
    }
    bounds.push_back(body.size());
    const std::size_t n = bounds.size() - 1;
    const std::uint64_t max_row = max_feature_bytes(memory_budget(options.memory_budget_bytes));
    PartsShared shared;
    shared.budget = memory_budget(options.memory_budget_bytes);
    shared.cancel = options.cancel;
    std::vector<ParsedSource> out(n);
    std::vector<std::vector<std::uint32_t>> lengths(n); // each row's bytes, for the checks
    std::vector<char> ended_well(n, 0);
    core::run_parts(n, [&](std::size_t k) {
        ParsedSource& part = out[k];
        drop_columns(l, part.rows);
        const std::size_t begin = bounds[k], end = bounds[k + 1];
        RecordReader reader(body.substr(begin, end - begin));
        const std::size_t estimate = (end - begin) / 64;
        part.table.lon.reserve(estimate);
        part.table.lat.reserve(estimate);
        part.table.z.reserve(estimate);
        part.table.feature_index.reserve(estimate);
        part.table.fid.reserve(estimate);
        std::vector<std::string_view> tokens;
        std::string why;
        std::uint64_t counted = 0;
        while (!reader.at_end()) {
            const std::size_t row_begin = begin + reader.offset();
            if (!reader.next(tokens, why)) {
                shared.stop = true;
                return;
            }
            const std::size_t row_end = begin + reader.offset();
            if (row_end - row_begin > max_row ||
                !take_row(tokens, row_begin, row_end, l, part, why)) {
                shared.stop = true;
                return;
            }
            lengths[k].push_back(static_cast<std::uint32_t>(row_end - row_begin));
            if ((part.features & 0xFFF) == 0) {
                file.release_range(l.bom + begin, l.bom + row_end);
                const std::uint64_t now =
                    TableSize{part.table.count(), part.rows.bytes()}.bytes();
                if (shared.should_stop() || !shared.add_bytes(now - counted))
                    return;
                counted = now;
                if (k == 0 && options.progress)
                    options.progress(0.9 * static_cast<double>(row_end - begin) /
                                     static_cast<double>(end - begin));
            }
        }
        ended_well[k] = 1;
    });
    if (shared.cancelled) {
        src.cancelled = true;
        return true;
    }
    if (std::count(ended_well.begin(), ended_well.end(), 1) != static_cast<long>(n))
        return false;
    // The one-thread read checks the budget after every 4096th row: the same checks here.
    {
        std::uint64_t incidents = 0, row_bytes = 0, feature = 0;
        std::size_t offset = header_end;
        for (std::size_t k = 0; k < n; ++k) {
            const ParsedSource& part = out[k];
            std::size_t next_incident = 0;
            for (std::size_t r = 0; r < lengths[k].size(); ++r) {
                offset += lengths[k][r];
                row_bytes += part.rows.row_bytes(r);
                while (next_incident < part.table.count() &&
                       part.table.feature_index[next_incident] <= r)
                    ++next_incident, ++incidents;
                if ((++feature & 0xFFF) == 0 &&
                    !check_fits(path, {offset, incidents, row_bytes}, 0, 0, l.bom + body.size(),
                                options))
                    return false;
            }
        }
    }
    append_parts(src, out, true);
    return true;
}

} // namespace

// Attributes on demand (issue 14: a read's peak): the fields are chosen from the first
// kSampleFeatures rows, read on their own from `from` (after the header) of `body`, and the
// columns that choice does not read keep no values past them (read back from the file when
// shown). Nothing is set when those rows are the whole file or cannot be read (the read
// itself then says why); finish() says when the whole file's choice needs one after all.
static void choose_values_kept(std::string_view body, std::size_t from, CsvLayout& l,
                               ParsedSource& src, const ReadOptions& options) {
    ParsedSource sample;
    sample.fields = src.fields;
    sample.order = src.order;
    RecordReader reader(body.substr(from));
    std::vector<std::string_view> tokens;
    std::string why;
    const std::uint64_t max_row = max_feature_bytes(memory_budget(options.memory_budget_bytes));
    while (!reader.at_end() && sample.rows.rows() < kSampleFeatures) {
        const std::size_t row_begin = from + reader.offset();
        if (!reader.next(tokens, why) || from + reader.offset() - row_begin > max_row ||
            !take_row(tokens, row_begin, from + reader.offset(), l, sample, why))
            return;
    }
    if (reader.at_end() || sample.rows.rows() < kSampleFeatures)
        return;
    const auto ids = fields_not_read(sample, options);
    if (!ids)
        return;
    for (const std::uint32_t id : *ids) {
        l.dropped.push_back(id);
        src.dropped_fields.push_back(src.fields[id].name);
    }
    const RowArena::Span last = sample.rows.span(kSampleFeatures - 1);
    l.keep_every_before = last.offset + last.length;
    drop_columns(l, src.rows);
}

// `keep_every_value`: no values dropped (choose_values_kept), the read again when the
// fields chosen needed one that was.
static std::optional<ReadResult> read_csv_mapped(const std::string& path, MappedFile& mapped,
                                                 const ReadOptions& options, Declined* declined,
                                                 bool keep_every_value = false) {
    std::string why;
    MappedFile* const file = &mapped;
    std::string_view text = file->text();
    std::size_t bom = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        bom = 3;
    RecordReader reader(text.substr(bom));

    // The header: names GDAL would keep as they are, one longitude and one latitude column.
    std::vector<std::string_view> tokens;
    {
        const std::size_t line_end = std::min(text.find('\n'), text.size());
        const std::string_view first_line = text.substr(bom, line_end - bom);
        if (first_line.find_first_of(";\t|") != std::string_view::npos)
            return decline(declined, "a header with ';', tab or '|' (another separator)");
    }
    if (!reader.next(tokens, why))
        return decline(declined, why);
    if (tokens.size() > kMaxFields) { // the checks below compare every pair of names
        ReadResult refused;
        refused.report.source = path;
        refused.error = too_many_fields_message(path, "in the header (line 1)");
        return refused;
    }
    ParsedSource src;
    src.stamp = file->stamp();
    src.driver = "CSV";
    src.layer = layer_name_of(path);
    int lon_col = -1, lat_col = -1;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string_view name = tokens[i];
        if (name.empty() || name.front() == ' ' || name.back() == ' ' || !core::is_valid_utf8(name))
            return decline(declined, "an empty, padded or non-UTF-8 column name");
        if (!std::any_of(name.begin(), name.end(), [](char c) {
                return !(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                         c == '+');
            }))
            return decline(declined, "a numeric column name (a file without a header?)");
        for (std::size_t j = 0; j < i; ++j)
            if (iequals(tokens[j], name))
                return decline(declined, "two columns with one name");
        if (in_names(name, kCsvHeightNames) || in_list(name, kGeometryNames))
            return decline(declined, "a Z or geometry column");
        const bool is_lon = in_names(name, kCsvLongitudeNames);
        const bool is_lat = in_names(name, kCsvLatitudeNames);
        if ((is_lon && lon_col >= 0) || (is_lat && lat_col >= 0))
            return decline(declined, "more than one longitude or latitude column");
        if (is_lon)
            lon_col = static_cast<int>(i);
        if (is_lat)
            lat_col = static_cast<int>(i);
        src.fields.push_back({std::string(name),
                              is_lon || is_lat ? core::FieldType::Real : core::FieldType::String});
        src.order.push_back(static_cast<std::uint32_t>(i));
    }
    if (lon_col < 0 || lat_col < 0)
        return decline(declined, "no longitude/latitude columns");
    const std::size_t columns = tokens.size();

    CsvLayout layout{lon_col, lat_col, columns, attributes_on_demand(options, file->size()), bom,
                     {}, 0};
    if (layout.on_demand)
        src.decode_row = [lon_col, lat_col, columns](std::string_view bytes, RowArena& out) {
            RecordReader record(bytes);
            thread_local std::vector<std::string_view> values;
            thread_local std::string reason;
            return record.next(values, reason) && values.size() == columns &&
                   add_record(values, lon_col, lat_col, out).has_value();
        };
    const std::string_view body = text.substr(bom);
    if (layout.on_demand && !keep_every_value)
        choose_values_kept(body, reader.offset(), layout, src, options);
    // The fields chosen with the whole file's may read a column that was dropped: read again.
    const auto finished = [&]() -> std::optional<ReadResult> {
        ReadResult r = finish(src, path, options);
        if (!src.values_missing)
            return r;
        src = ParsedSource{};
        return read_csv_mapped(path, mapped, options, declined, true);
    };
    if (const std::size_t parts = part_count(body.size() - reader.offset(), options);
        parts > 1 && read_csv_parts(body, reader.offset(), parts, layout, *file, src, path, options)) {
        if (src.features == 0 && !src.cancelled)
            return decline(declined, "no rows");
        return finished();
    }

    auto& t = src.table;
    const std::size_t estimate = text.size() / 64;
    t.lon.reserve(estimate);
    t.lat.reserve(estimate);
    t.z.reserve(estimate);
    t.feature_index.reserve(estimate);
    t.fid.reserve(estimate);
    const std::uint64_t max_row = max_feature_bytes(memory_budget(options.memory_budget_bytes));
    while (!reader.at_end()) {
        const std::size_t row_begin = reader.offset();
        if (!reader.next(tokens, why))
            return decline(declined, why);
        if (const std::size_t bytes = reader.offset() - row_begin; bytes > max_row) {
            src.skip_too_large(bytes, max_row); // its values stay in the map, not copied
            file->release_before(reader.offset());
            continue;
        }
        if (!take_row(tokens, row_begin, reader.offset(), layout, src, why))
            return decline(declined, why);
        if ((src.features & 0xFFF) == 0) {
            file->release_before(reader.offset());
            if (options.cancel && options.cancel->load()) {
                src.cancelled = true;
                break;
            }
            if (!src.within_budget(path, reader.offset(), text.size(), options))
                return finish(src, path, options);
            if (options.progress)
                options.progress(0.9 * static_cast<double>(reader.offset()) /
                                 static_cast<double>(text.size()));
        }
    }
    if (src.features == 0)
        return decline(declined, "no rows");
    return finished();
}

std::optional<ReadResult> read_csv(const std::string& path, const ReadOptions& options,
                                   Declined* declined) {
    if (sibling_exists(path, ".csvt") || sibling_exists(path, ".prj"))
        return decline(declined, "a .csvt or .prj beside the file");
    return read_guarded(path, declined, [&](MappedFile& file) {
        return read_csv_mapped(path, file, options, declined);
    });
}

} // namespace incimap::geo::fast
