#pragma once
// The attributes of every feature, kept for the detail panel, the list and text search.
// One row per source feature (a MultiPoint's incidents share a row). Values are stored as
// UTF-8 text in one arena: per row, per field, a 32-bit length (kNull for a null) then the
// bytes. This costs a few bytes per value instead of a std::string (32 B) per cell.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::core {

enum class FieldType : std::uint8_t { Integer, Real, String, Date, DateTime, Time, Other };
std::string_view to_string(FieldType type);

struct FieldInfo {
    std::string name;
    FieldType type = FieldType::String;
};

class AttributeStore {
public:
    static constexpr std::uint32_t kNull = 0xFFFFFFFFu;

    void set_schema(std::vector<FieldInfo> fields) { m_fields = std::move(fields); }
    const std::vector<FieldInfo>& fields() const { return m_fields; }
    int field_index(std::string_view name) const;

    // Rows are appended whole: begin_row, exactly fields().size() calls to add, end_row.
    void begin_row();
    void add(std::optional<std::string_view> value); // nullopt = null
    void end_row();

    std::size_t row_count() const { return m_row_start.size(); }
    std::optional<std::string_view> value(std::size_t row, std::size_t field) const;
    std::size_t memory_bytes() const;
    void reserve(std::size_t rows, std::size_t bytes);

private:
    std::vector<FieldInfo> m_fields;
    std::vector<std::uint64_t> m_row_start;
    std::string m_arena;
    std::size_t m_added_in_row = 0;
};

// Makes `text` valid UTF-8 by replacing every invalid sequence with U+FFFD; source text in
// an unknown legacy encoding must never reach JSON output or the UI as broken bytes.
std::string sanitize_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

} // namespace incimap::core
