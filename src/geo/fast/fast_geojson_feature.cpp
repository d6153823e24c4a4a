#include "geo/fast/fast_geojson_feature.hpp"

#include "geo/gdal/geometry_points.hpp"
#include "geo/read_limits.hpp"

#include "core/geometry.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

namespace incimap::geo::fast {

namespace {

constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
constexpr float kNoZ = std::numeric_limits<float>::quiet_NaN();

// JSON kinds seen in a property, to decide its OGR type as GDAL's GeoJSON reader does.
enum Kind : std::uint8_t { kBool = 1, kInt32 = 2, kInt64 = 4, kReal = 8, kString = 16, kDate = 32 };

// GeoJSONSeq is opened without DATE_AS_STRING, so GDAL types strings that OGRParseDate reads
// as Date/DateTime/Time. `YYYY-MM-DD` is a Date printed back as written; anything else that
// OGRParseDate might take (digits with '-', '/' or ':') is not sure.
enum class DateText { No, Date, Unsure };
DateText date_text(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (i >= s.size() || !(s[i] == '-' || s[i] == '+' || (s[i] >= '0' && s[i] <= '9')) ||
        s.find_first_of("-/:") == std::string_view::npos)
        return DateText::No;
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t k = from; k < from + n; ++k)
            if (s[k] < '0' || s[k] > '9')
                return false;
        return true;
    };
    if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
        digits(8, 2)) {
        const int month = (s[5] - '0') * 10 + (s[6] - '0');
        const int day = (s[8] - '0') * 10 + (s[9] - '0');
        if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
            return DateText::Date;
    }
    return DateText::Unsure;
}

} // namespace

void GeoJsonBuilder::rewind(const Mark& m) {
    auto& t = src.table;
    t.lon.resize(m.incidents);
    t.lat.resize(m.incidents);
    t.z.resize(m.incidents);
    t.feature_index.resize(m.incidents);
    t.fid.resize(m.incidents);
    src.rows.truncate(m.rows);
    src.geometry_problems.resize(m.problems);
    src.geometry_problem_count = m.problem_count;
    src.features = m.features;
    src.skipped = m.skipped;
    m_last_fid = m.last_fid;
    m_id_mode = m.id_mode;
    why.clear();
}

std::uint32_t GeoJsonBuilder::field_id(std::string_view key) {
    if (!m_prev_keys.empty() && m_keys.size() < m_prev_keys.size()) {
        // Features of one export list the same keys in the same order: check that first.
        const std::uint32_t guess = m_prev_keys[m_keys.size()];
        if (m_states[guess].name == key)
            return guess;
    }
    if (auto it = m_ids.find(std::string(key)); it != m_ids.end())
        return it->second;
    const auto id = static_cast<std::uint32_t>(m_states.size());
    m_ids.emplace(std::string(key), id);
    m_states.push_back({std::string(key)});
    m_pos.push_back(kUnset);
    m_stamp.push_back(0);
    if (drop_names &&
        std::find(drop_names->begin(), drop_names->end(), key) != drop_names->end())
        src.rows.drop_values_of(id);
    return id;
}

void GeoJsonBuilder::seed_fields(const std::vector<core::FieldInfo>& by_id) {
    for (const core::FieldInfo& f : by_id)
        field_id(f.name);
}

RowDecode geojson_row_decoder(std::vector<core::FieldInfo> fields, bool type_dates) {
    static std::atomic<std::uint64_t> serials{0};
    return [fields = std::move(fields), type_dates, serial = ++serials](std::string_view bytes,
                                                                        RowArena& out) {
        // One builder per thread, seeded with this read's fields once and rewound before each
        // row: building one per row cost more than parsing the row.
        struct Reused {
            std::uint64_t serial = 0;
            std::unique_ptr<GeoJsonBuilder> builder;
            Mark start{};
        };
        thread_local sj::parser parser;
        thread_local Reused reused;
        if (reused.serial != serial) {
            reused.builder = std::make_unique<GeoJsonBuilder>();
            reused.builder->src.rows.set_block_size(kRowBlock);
            reused.builder->type_dates = type_dates;
            reused.builder->seed_fields(fields);
            reused.start = reused.builder->mark();
            reused.serial = serial;
        }
        GeoJsonBuilder& b = *reused.builder;
        b.rewind(reused.start);
        b.why.clear();
        sj::document doc;
        sj::object obj;
        // `bytes` is followed by simdjson's padding (FileRowReader::decode).
        if (parser.iterate(simdjson::padded_string_view(bytes.data(), bytes.size(),
                                                         bytes.size() + simdjson::SIMDJSON_PADDING))
                .get(doc) ||
            doc.get_object().get(obj) || !b.feature(obj) || b.src.rows.rows() != 1)
            return false;
        out.begin_row();
        b.src.rows.for_each(0, [&](std::uint32_t field, std::optional<std::string_view> v) {
            out.add(field, v);
        });
        out.end_row();
        return true;
    };
}

bool GeoJsonBuilder::property(std::uint32_t id, sj::value value) {
    FieldState& st = m_states[id];
    sj::json_type type;
    if (value.type().get(type))
        return fail("invalid JSON in properties");
    switch (type) {
    case sj::json_type::string: {
        std::string_view s;
        if (value.get_string().get(s))
            return fail("invalid string in properties");
        if (s.find('\0') != std::string_view::npos)
            return fail("a string with a NUL character"); // GDAL's C strings end there
        std::uint8_t kind = kString;
        if (type_dates) {
            const DateText d = date_text(s);
            if (d == DateText::Unsure)
                return fail("a string GDAL may read as a date or time: '" + std::string(s) + "'");
            if (d == DateText::Date)
                kind = kDate;
        }
        st.kinds |= kind;
        src.rows.add(id, s);
        return true;
    }
    case sj::json_type::number: {
        const std::string_view raw = value.raw_json_token();
        const bool real = raw.find_first_of(".eE") != std::string_view::npos;
        if (real) {
            double d = 0;
            if (value.get_double().get(d))
                return fail("invalid number");
            st.kinds |= kReal;
            src.rows.add(id, real_text(d));
            return true;
        }
        std::int64_t v = 0;
        if (value.get_int64().get(v))
            return fail("an integer beyond 64 bits"); // GDAL clamps it
        st.kinds |= (v >= std::numeric_limits<std::int32_t>::min() &&
                     v <= std::numeric_limits<std::int32_t>::max())
                        ? kInt32
                        : kInt64;
        if (v >= 1'000'000'000'000'000 || v <= -1'000'000'000'000'000)
            st.wide_integer = true;
        const auto [end, ec] = std::to_chars(m_num, m_num + sizeof m_num, v);
        src.rows.add(id, std::string_view(m_num, static_cast<std::size_t>(end - m_num)));
        return true;
    }
    case sj::json_type::boolean: {
        bool b = false;
        if (value.get_bool().get(b))
            return fail("invalid JSON in properties");
        st.kinds |= kBool;
        src.rows.add(id, b ? std::string_view("1") : std::string_view("0"));
        return true;
    }
    case sj::json_type::null: {
        // `nul`, `nullx`: typed null by their first letter, an error when read. Only the
        // .get() form: simdjson_result's bool conversion throws on the error (found by
        // fuzzing; tests/unit/fast_reader_test.cpp, FastReader.MalformedLiteralsDecline).
        bool is_null = false;
        if (value.is_null().get(is_null) || !is_null)
            return fail("invalid JSON in properties");
        src.rows.add(id, std::nullopt);
        return true;
    }
    default: return fail("a nested object or array in properties");
    }
}

bool GeoJsonBuilder::properties(sj::object props, std::int64_t& fid) {
    for (auto member : props) {
        sj::field f;
        std::string_view key;
        if (std::move(member).get(f) || f.unescaped_key().get(key))
            return fail("invalid JSON in properties");
        const std::uint32_t id = field_id(key);
        if (m_states.size() > kMaxFields) {
            src.refused = too_many_fields_message(path, "in feature " + std::to_string(src.features));
            return fail("too many fields");
        }
        if (m_stamp[id] == m_row_stamp)
            return fail("a property given twice in one feature");
        m_stamp[id] = m_row_stamp;
        m_keys.push_back(id);
        if (key == "id") {
            std::int64_t v = -1;
            sj::json_type type;
            if (f.value().type().get(type) || type != sj::json_type::number ||
                f.value().get_int64().get(v) || v < 0)
                return fail("properties.id that is not a non-negative integer");
            fid = v; // GDAL's FID column, still a field too
        }
        if (!property(id, f.value()))
            return false;
    }
    return true;
}

// A position (or, for a MultiPoint, a list of them) into m_coords as (lon, lat, z) triples.
bool GeoJsonBuilder::position(sj::array coords) {
    double v[3] = {0, 0, 0};
    std::size_t n = 0;
    for (auto item : coords) {
        double d = 0;
        if (n == 3 || item.get_double().get(d))
            return fail("a position that is not 2 or 3 numbers");
        v[n++] = d;
    }
    if (n < 2)
        return fail("a position that is not 2 or 3 numbers");
    m_points.push_back({v[0], v[1], n == 3 ? static_cast<float>(v[2]) : kNoZ});
    return true;
}

bool GeoJsonBuilder::geometry(sj::value value, bool& is_null) {
    sj::json_type type;
    if (value.type().get(type))
        return fail("invalid JSON in geometry");
    if (type == sj::json_type::null) {
        bool null_value = false; // `nulx` is typed null too: an error when read
        if (value.is_null().get(null_value) || !null_value)
            return fail("invalid JSON in geometry");
        is_null = true;
        return true;
    }
    sj::object obj;
    if (value.get_object().get(obj))
        return fail("a geometry that is not an object");
    std::string_view geometry_type;
    int depth = 0; // 1: coordinates is a position, 2: a list of positions
    for (auto member : obj) {
        sj::field f;
        std::string_view key;
        if (std::move(member).get(f) || f.unescaped_key().get(key))
            return fail("invalid JSON in geometry");
        if (key == "type") {
            if (f.value().get_string().get(geometry_type))
                return fail("invalid geometry type");
        } else if (key == "coordinates") {
            sj::array coords;
            if (depth != 0 || f.value().get_array().get(coords))
                return fail("invalid coordinates");
            // The first item tells a position from a list of positions.
            for (auto item : coords) {
                sj::value v;
                sj::json_type t;
                if (item.get(v) || v.type().get(t))
                    return fail("invalid coordinates");
                if (t == sj::json_type::array) {
                    if (depth == 1)
                        return fail("invalid coordinates");
                    depth = 2;
                    sj::array inner;
                    if (v.get_array().get(inner) || !position(inner))
                        return fail("invalid coordinates");
                } else if (t == sj::json_type::number && depth != 2) {
                    depth = 1;
                    double d = 0;
                    if (v.get_double().get(d))
                        return fail("invalid coordinates");
                    m_coords.push_back(d);
                } else {
                    return fail("invalid coordinates");
                }
            }
        } else if (key != "bbox") {
            return fail("a geometry member other than type, coordinates and bbox");
        }
    }
    if (depth == 1) {
        if (m_coords.size() < 2 || m_coords.size() > 3)
            return fail("a position that is not 2 or 3 numbers");
        m_points.push_back({m_coords[0], m_coords[1],
                            m_coords.size() == 3 ? static_cast<float>(m_coords[2]) : kNoZ});
    }
    if (geometry_type == "Point") {
        if (depth != 1)
            return fail("a Point without one position");
    } else if (geometry_type == "MultiPoint") {
        if (depth != 2)
            return fail("a MultiPoint without positions");
        const bool z0 = std::isnan(m_points.front().z);
        for (const auto& p : m_points)
            if (std::isnan(p.z) != z0)
                return fail("a MultiPoint mixing 2D and 3D positions");
    } else {
        return fail("geometry type " + std::string(geometry_type));
    }
    return true;
}

// A feature-level string id: the `id` field, first in the feature's key order.
bool GeoJsonBuilder::add_top_id(std::string_view id, bool first) {
    if (id.find('\0') != std::string_view::npos)
        return fail("a string with a NUL character");
    const std::uint32_t field = field_id("id");
    if (m_stamp[field] == m_row_stamp)
        return fail("both a feature id and properties.id");
    m_stamp[field] = m_row_stamp;
    if (first)
        m_keys.push_back(field);
    else
        m_keys.insert(m_keys.begin(), field);
    m_states[field].kinds |= kString;
    src.rows.add(field, id);
    return true;
}

bool GeoJsonBuilder::learn_order() {
    // GDAL orders fields by a graph of which key followed which; as long as every feature
    // lists its keys along one chain, that order is the chain (new keys go after the key
    // before them), and an edge between every two neighbours makes it certain.
    int prev_pos = -1;
    std::uint32_t prev = kUnset;
    for (const std::uint32_t id : m_keys) {
        if (m_pos[id] == kUnset) {
            // Renumber from the insertion on: a key appended (every key of the first
            // feature) costs O(1), so a feature with 100,000 properties stays linear.
            const auto at = static_cast<std::size_t>(prev_pos + 1);
            m_order.insert(m_order.begin() + static_cast<std::ptrdiff_t>(at), id);
            for (std::size_t i = at; i < m_order.size(); ++i)
                m_pos[m_order[i]] = static_cast<std::uint32_t>(i);
        } else if (static_cast<int>(m_pos[id]) <= prev_pos) {
            return fail("features list their properties in different orders");
        }
        if (prev != kUnset)
            m_edges.insert({prev, id});
        prev = id;
        prev_pos = static_cast<int>(m_pos[id]);
    }
    return true;
}

// Flattened: the per-feature steps inline into one loop body (measurably faster at 1M).
__attribute__((flatten)) bool GeoJsonBuilder::feature(sj::object obj) {
    const std::int64_t number = src.features;
    bool has_type = false, has_props = false, has_geometry = false, null_geometry = false;
    std::int64_t fid = -1;     // properties.id
    std::int64_t top_fid = -1; // a feature-level integer id
    bool top_string_id = false, top_id_first = false;
    std::string_view top_id;
    ++m_row_stamp;
    m_keys.clear();
    m_points.clear();
    m_coords.clear();
    src.rows.begin_row();
    for (auto member : obj) {
        sj::field f;
        std::string_view key;
        if (std::move(member).get(f) || f.unescaped_key().get(key))
            return fail("invalid JSON in a feature");
        if (key == "type") {
            std::string_view t;
            if (has_type || f.value().get_string().get(t) || t != "Feature")
                return fail("an object that is not a Feature");
            has_type = true;
        } else if (key == "properties") {
            sj::json_type t;
            if (has_props || f.value().type().get(t))
                return fail("invalid properties");
            has_props = true;
            if (t == sj::json_type::object) {
                sj::object props;
                if (f.value().get_object().get(props) || !properties(props, fid))
                    return fail("invalid properties");
            } else {
                bool is_null = false;
                if (t != sj::json_type::null || f.value().is_null().get(is_null) || !is_null)
                    return fail("properties that are not an object");
            }
        } else if (key == "geometry") {
            if (has_geometry || !geometry(f.value(), null_geometry))
                return fail("invalid geometry");
            has_geometry = true;
        } else if (key == "id") {
            // GDAL: an integer ≥ 0 is the FID; a string is an `id` field before the
            // properties.
            sj::json_type t;
            if (top_fid >= 0 || top_string_id || f.value().type().get(t))
                return fail("invalid id");
            if (t == sj::json_type::number) {
                if (f.value().get_int64().get(top_fid) || top_fid < 0)
                    return fail("a feature id that is not an integer ≥ 0 or a string");
            } else if (t == sj::json_type::string) {
                if (f.value().get_string().get(top_id))
                    return fail("invalid id");
                top_string_id = true;
                top_id_first = !has_props;
                if (top_id_first && !add_top_id(top_id, true))
                    return false;
            } else {
                return fail("a feature id that is not an integer ≥ 0 or a string");
            }
        } else if (key != "bbox") {
            return fail("a feature member '" + std::string(key) + "'");
        }
    }
    if (top_string_id && !top_id_first && !add_top_id(top_id, false))
        return false;
    if (!has_type || !has_props || !has_geometry)
        return fail("a feature without type, properties or geometry");
    src.rows.end_row();

    // The FID: every feature has the same kind of id (or none).
    if ((top_fid >= 0 || top_string_id) && fid >= 0)
        return fail("both a feature id and properties.id");
    const int mode = top_fid >= 0 ? 2 : top_string_id ? 3 : fid >= 0 ? 1 : 0;
    if (m_id_mode == -1)
        m_id_mode = mode;
    if (mode != m_id_mode)
        return fail("ids of different kinds, or in some features only");
    if (mode == 1 || mode == 2) {
        if (mode == 2)
            fid = top_fid;
        if (fid <= m_last_fid)
            return fail("ids not increasing");
        if (m_last_fid < 0)
            m_first_fid = fid;
        m_last_fid = fid;
    } else {
        fid = number;
    }
    if (m_keys != m_prev_keys) {
        if (defer_order)
            m_key_lists.push_back(m_keys);
        else if (!learn_order())
            return false;
        m_prev_keys = m_keys;
    }

    ++src.features;
    if (null_geometry) {
        src.add_geometry_problem(number, "no geometry");
        ++src.skipped;
        return true;
    }
    std::size_t kept = 0;
    auto& t = src.table;
    for (const Position& p : m_points) {
        if (!core::is_valid_lonlat({p.lon, p.lat})) {
            src.add_geometry_problem(number, describe_bad_coordinates(p.lon, p.lat));
            continue;
        }
        t.lon.push_back(p.lon);
        t.lat.push_back(p.lat);
        t.z.push_back(p.z);
        t.feature_index.push_back(static_cast<std::uint32_t>(number));
        t.fid.push_back(fid);
        ++kept;
    }
    if (kept == 0)
        ++src.skipped;
    return true;
}

bool GeoJsonBuilder::absorb(const GeoJsonBuilder& part, std::vector<std::uint32_t>& remap) {
    remap.clear();
    for (const FieldState& st : part.m_states) {
        std::uint32_t id = 0;
        if (auto it = m_ids.find(st.name); it != m_ids.end()) {
            id = it->second;
        } else {
            id = static_cast<std::uint32_t>(m_states.size());
            m_ids.emplace(st.name, id);
            m_states.push_back({st.name});
            m_pos.push_back(kUnset);
            m_stamp.push_back(0);
        }
        m_states[id].kinds |= st.kinds;
        m_states[id].wide_integer = m_states[id].wide_integer || st.wide_integer;
        remap.push_back(id);
    }
    if (m_states.size() > kMaxFields)
        return fail("too many fields");
    for (const auto& keys : part.m_key_lists) {
        m_keys.clear();
        for (const std::uint32_t k : keys)
            m_keys.push_back(remap[k]);
        if (!learn_order())
            return false;
    }
    if (part.m_id_mode != -1) {
        if (m_id_mode == -1)
            m_id_mode = part.m_id_mode;
        if (part.m_id_mode != m_id_mode)
            return fail("ids of different kinds, or in some features only");
        if (m_id_mode == 1 || m_id_mode == 2) {
            if (part.m_first_fid <= m_last_fid)
                return fail("ids not increasing");
            if (m_last_fid < 0)
                m_first_fid = part.m_first_fid;
            m_last_fid = part.m_last_fid;
        }
    }
    return true;
}

bool GeoJsonBuilder::schema() {
    for (std::size_t i = 0; i + 1 < m_order.size(); ++i)
        if (!m_edges.count({m_order[i], m_order[i + 1]}))
            return fail("the field order is not certain (features list different keys)");
    src.fields.clear();
    for (const FieldState& st : m_states) {
        core::FieldType type = core::FieldType::String;
        const std::uint8_t k = st.kinds;
        if (k == 0 || k == kString || k == (kString | kDate))
            type = core::FieldType::String;
        else if (k == kDate)
            type = core::FieldType::Date;
        else if (k == kBool || (k & ~(kInt32 | kInt64)) == 0)
            type = core::FieldType::Integer;
        else if ((k & ~(kInt32 | kInt64 | kReal)) == 0 && !st.wide_integer)
            type = core::FieldType::Real;
        else
            return fail("field '" + st.name + "' mixes JSON types");
        src.fields.push_back({st.name, type});
    }
    src.order = m_order;
    return true;
}

} // namespace incimap::geo::fast
