#pragma once
// The incident table: everything incimap knows about the incidents of one source, as a
// struct of arrays. The columns the renderer and the filters touch per incident are
// contiguous and compact (see column_bytes_per_incident and docs/PERFORMANCE.md); the
// attributes for the detail panel live apart in an AttributeStore.
//
// Invariant: every per-incident column has size() elements, except a column that
// compact_columns() found to follow its rule: it is then empty and read through its *_at
// accessor (issue 14: memory). The rules: no z; feature number = incident number; FID =
// feature number + a constant, or none; attribute row = incident number (together 20 of 61
// bytes an incident); no sizes; every dated incident as long as the others, so that its end is
// its start + that length (8 bytes: a table of days, of instants). Incidents keep the order of
// the features in the source (a MultiPoint contributes one incident per point).

#include "core/attributes.hpp"
#include "core/geometry.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace incimap::core {

using CategoryId = std::uint16_t;
inline constexpr CategoryId kNoCategory = 0xFFFF;

// How exactly the coordinates place the incident (ACLED's geo_precision convention).
enum class GeoPrecision : std::uint8_t {
    Unknown = 0,
    Exact = 1,  // the site itself
    Near = 2,   // town/district or approximate site
    Region = 3, // region or province
};

struct IncidentTable {
    // --- columns for drawing and filtering (column_bytes_per_incident() bytes each) ---
    std::vector<double> lon;                   // WGS84 degrees
    std::vector<double> lat;                   // WGS84 degrees
    std::vector<UnixMs> t_start;               // interval start; undated: 0 with precision None
    std::vector<UnixMs> t_end;                 // exclusive
    std::vector<TimePrecision> t_precision;    // None = undated
    std::vector<ZoneKind> t_zone;              // as the source gave it
    std::vector<CategoryId> category;          // into `categories`, or kNoCategory
    std::vector<float> size;                   // the size field's value; NaN when none
                                               // (set through set_sizes once compacted)
    std::vector<GeoPrecision> geo_precision;   // Unknown when the source does not say
    // --- provenance ---
    std::vector<float> z;                      // height/depth from the geometry; NaN when 2D
    std::vector<std::uint32_t> feature_index;  // 0-based feature order in the source
    std::vector<std::int64_t> fid;             // the feature id (GDAL FID), -1 when none
    std::vector<std::uint32_t> attr_row;       // row in `attributes`

    std::vector<std::string> categories;       // dictionary for `category`
    std::unordered_map<std::string, CategoryId> category_lookup; // name → id, for interning
    AttributeStore attributes;
    ShapeStore shapes;

    std::size_t count() const { return lon.size(); }

    // Columns held or implied (the scene's tables are compacted, and so are the fast readers'
    // z, feature and FID columns; GDAL's reads are not): read them through these.
    UnixMs end_at(std::size_t i) const {
        if (!m_rules.end_by_length)
            return t_end[i];
        return t_start[i] + (t_precision[i] == TimePrecision::None ? 0 : m_rules.length);
    }
    float size_at(std::size_t i) const {
        return m_rules.no_size ? std::numeric_limits<float>::quiet_NaN() : size[i];
    }
    float z_at(std::size_t i) const {
        return m_rules.no_z ? std::numeric_limits<float>::quiet_NaN() : z[i];
    }
    std::uint32_t feature_at(std::size_t i) const {
        return m_rules.feature_is_incident ? static_cast<std::uint32_t>(i) : feature_index[i];
    }
    std::int64_t fid_at(std::size_t i) const {
        switch (m_rules.fid) {
        case FidRule::None: return -1;
        case FidRule::FeaturePlus: return feature_at(i) + m_rules.fid_offset;
        case FidRule::Column: break;
        }
        return fid[i];
    }
    std::uint32_t attr_row_at(std::size_t i) const {
        return m_rules.attr_row_is_incident ? static_cast<std::uint32_t>(i) : attr_row[i];
    }
    // Frees each column that follows its rule (the accessors then give the rule's value);
    // expand_columns() writes them out again. Both keep every value as it was.
    void compact_columns();
    void expand_columns();
    bool compacted() const { return m_rules.any(); }
    // Replaces the sizes (a new size field), compacted or not.
    void set_sizes(std::vector<float> values);
    // Heap bytes the columns hold (capacities; not the attributes, shapes or dictionary).
    std::size_t column_bytes() const;
    bool empty() const { return lon.empty(); }

    struct Incident {
        LonLat position;
        float z = std::numeric_limits<float>::quiet_NaN();
        TimeInterval time{};
        CategoryId category = kNoCategory;
        float size = std::numeric_limits<float>::quiet_NaN();
        GeoPrecision geo_precision = GeoPrecision::Unknown;
        std::uint32_t feature_index = 0;
        std::int64_t fid = -1;
        std::uint32_t attr_row = 0;
    };
    void push_back(const Incident& incident);
    void reserve(std::size_t n);
    TimeInterval time(std::size_t i) const {
        return {t_start[i], end_at(i), t_precision[i], t_zone[i]};
    }

    // Returns the id of `name`, adding it to the dictionary when new; kNoCategory when the
    // dictionary is full (65,535 distinct values): the incident is then left uncategorised.
    CategoryId intern_category(std::string_view name);

private:
    enum class FidRule : std::uint8_t { Column, None, FeaturePlus };
    struct ProvenanceRules {
        bool no_z = false;
        bool feature_is_incident = false;
        bool attr_row_is_incident = false;
        FidRule fid = FidRule::Column;
        std::int64_t fid_offset = 0;
        bool no_size = false;
        bool end_by_length = false; // end = start + length (undated: end = start)
        UnixMs length = 0;
        bool any() const {
            return no_z || feature_is_incident || attr_row_is_incident ||
                   fid != FidRule::Column || no_size || end_by_length;
        }
    };
    ProvenanceRules m_rules;

public:
    // Bytes per incident of the columns above the attribute store (the hot columns plus
    // provenance); pinned by a unit test and reported in docs/PERFORMANCE.md.
    static constexpr std::size_t column_bytes_per_incident() {
        return sizeof(double) * 2 + sizeof(UnixMs) * 2 + sizeof(TimePrecision) + sizeof(ZoneKind) +
               sizeof(CategoryId) + sizeof(float) + sizeof(GeoPrecision) + sizeof(float) +
               sizeof(std::uint32_t) * 2 + sizeof(std::int64_t);
    }
    // Only the columns the renderer uploads or tests per frame.
    static constexpr std::size_t render_bytes_per_incident() {
        return sizeof(double) * 2 + sizeof(UnixMs) * 2 + sizeof(TimePrecision) +
               sizeof(CategoryId) + sizeof(float) + sizeof(GeoPrecision);
    }
};

} // namespace incimap::core
