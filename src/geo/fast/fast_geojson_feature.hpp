#pragma once
// One GeoJSON Feature at a time, parsed with simdjson On-Demand into a ParsedSource the way
// GDAL's GeoJSON and GeoJSONSeq drivers would read it: which fields exist and their order and
// types (learnt over all features), the FID, the text of each value, the points and the
// geometry problems. A step returns false with `why` when the feature holds something that
// GDAL might read differently; the caller then declines the file.

#include "geo/fast/fast_common.hpp"

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace incimap::geo::fast {

namespace sj = simdjson::ondemand;

struct FieldState {
    std::string name;
    std::uint8_t kinds = 0;
    bool wide_integer = false; // an integer of 16+ digits: "%.15g" would not print it as is
};

struct Position {
    double lon, lat;
    float z;
};

// What a parse of a chunk added, so that a chunk cut at a wrong place can be read again.
struct Mark {
    std::size_t incidents, rows, problems;
    std::int64_t problem_count, features, skipped, last_fid;
    int id_mode;
};

class GeoJsonBuilder {
public:
    ParsedSource src;
    std::string why;         // the reason to decline, when a step returned false
    bool type_dates = false; // GeoJSONSeq: GDAL types date strings (no DATE_AS_STRING)
    bool spans = false;      // record where each feature lies (attributes on demand)
    std::string path;        // for messages
    // Loading on every core: a part read on a thread keeps the key lists of its features (as
    // they change) for absorb() rather than learning the field order itself.
    bool defer_order = false;
    // Attributes on demand (issue 14: a read's peak): the values of these fields are not kept
    // for features that start at or after `keep_every_before` (a file offset: the end of the
    // rows the fields are chosen from). Set by choose_values_kept; null keeps every value.
    std::shared_ptr<const std::vector<std::string>> drop_names;
    std::uint64_t keep_every_before = 0;

    bool feature(sj::object obj);
    // Gives the fields these ids (by id: the ParsedSource::fields of a finished read), so a
    // feature parsed again yields a row with the first read's field ids.
    void seed_fields(const std::vector<core::FieldInfo>& by_id);
    bool schema(); // the field order and types; false when GDAL's would not be certain

    Mark mark() const {
        return {src.table.count(),
                src.rows.rows(),
                src.geometry_problems.size(),
                src.geometry_problem_count,
                src.features,
                src.skipped,
                m_last_fid,
                m_id_mode};
    }
    void rewind(const Mark& m);
    // Takes in the fields, their kinds, order and ids of `part` (a part read with defer_order,
    // the one after the parts absorbed so far) as one thread reading on would have learnt
    // them; `remap` gets the part's field ids → this builder's. false (with why) when one
    // thread would have declined or refused the file by then.
    bool absorb(const GeoJsonBuilder& part, std::vector<std::uint32_t>& remap);
    // Whether FIDs are the feature numbers (no integer ids in the file).
    bool fid_follows_feature() const { return m_id_mode != 1 && m_id_mode != 2; }

private:
    bool fail(std::string reason) {
        if (why.empty())
            why = std::move(reason);
        return false;
    }
    std::uint32_t field_id(std::string_view key);
    bool properties(sj::object props, std::int64_t& fid);
    bool property(std::uint32_t id, sj::value value);
    bool geometry(sj::value value, bool& is_null);
    bool position(sj::array coords);
    bool learn_order();
    bool add_top_id(std::string_view id, bool first);

    std::unordered_map<std::string, std::uint32_t> m_ids;
    std::vector<FieldState> m_states;
    std::vector<std::uint32_t> m_order; // field ids in the order GDAL will list them
    std::vector<std::uint32_t> m_pos;   // field id → index in m_order (kUnset before)
    std::set<std::pair<std::uint32_t, std::uint32_t>> m_edges; // consecutive keys seen
    std::vector<std::uint32_t> m_keys, m_prev_keys;
    std::vector<std::uint32_t> m_stamp;
    std::uint32_t m_row_stamp = 0;
    // properties.id: -1 not decided yet, 0 no feature has one, 1 every feature has an
    // integer id ≥ 0, strictly increasing: GDAL makes it the FID column.
    int m_id_mode = -1;
    std::int64_t m_last_fid = -1;
    std::int64_t m_first_fid = -1;                        // of modes 1 and 2
    std::vector<std::vector<std::uint32_t>> m_key_lists; // with defer_order
    std::vector<Position> m_points;
    std::vector<double> m_coords;
    char m_num[32];
};

// Attributes on demand: parses one feature's bytes again into a row with the field ids of
// `fields` (the finished read's ParsedSource::fields).
RowDecode geojson_row_decoder(std::vector<core::FieldInfo> fields, bool type_dates);

} // namespace incimap::geo::fast
