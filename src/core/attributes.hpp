#pragma once
// The attributes of every feature, kept for the detail panel, the list and text search.
// One row per source feature (a MultiPoint's incidents share a row). Values are stored as
// UTF-8 text in one arena: per row, per field, a 32-bit length (kNull for a null) then the
// bytes. This costs a few bytes per value instead of a std::string (32 B) per cell.

#include "core/file_spans.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace incimap::core {

enum class FieldType : std::uint8_t { Integer, Real, String, Date, DateTime, Time, Other };
std::string_view to_string(FieldType type);

struct FieldInfo {
    std::string name;
    FieldType type = FieldType::String;
};

// Where the values of rows kept on demand are read back from (the source file): a store
// of ten million incidents then keeps 8 bytes per row instead of every value.
class RowReader {
public:
    virtual ~RowReader() = default;
    // The bytes of the row stored at [offset, offset + length) of the source; empty when they
    // can no longer be read (the file went away or shrank). Valid until the next call on this
    // thread.
    virtual std::string_view bytes(std::uint64_t offset, std::uint32_t length) const = 0;
    // The row's values from its bytes, one per field of the store (nullopt = null); false when
    // the bytes no longer hold the row (the file changed).
    virtual bool decode(std::string_view bytes,
                        std::vector<std::optional<std::string>>& values) const = 0;
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

    // A row kept on demand: its values are read back through `reader` when asked for.
    // A store holds either such rows or rows of values, not both.
    void add_deferred_row(std::uint64_t offset, std::uint32_t length);
    // Every row of `other` (rows of values, the same fields) after this store's, copied as
    // they are stored: one copy of the bytes, no value read back (loading on threads: a
    // part's rows joining the table's).
    void append_rows(const AttributeStore& other);
    void set_row_reader(std::shared_ptr<const RowReader> reader);
    bool deferred() const { return m_reader != nullptr; }
    // The raw bytes of a deferred row (for a quick text search before decoding); empty for
    // a row of values or when the source can no longer be read.
    std::string_view deferred_bytes(std::size_t row) const;

    std::size_t row_count() const {
        return m_deferred.empty() ? m_row_start.size() : m_deferred.size();
    }
    // A deferred row's values live in a per-thread cache of one row: the view stays valid
    // until this thread asks for another row.
    std::optional<std::string_view> value(std::size_t row, std::size_t field) const;
    std::size_t memory_bytes() const;
    void reserve(std::size_t rows, std::size_t bytes);
    void reserve_deferred(std::size_t rows) { m_deferred.reserve(rows); }

private:
    std::vector<FieldInfo> m_fields;
    // Rows of values: the row's offset in m_arena. Deferred rows: where each lies in the
    // file, in 8 bytes (issue 14: memory). A store holds rows of one kind only.
    std::vector<std::uint64_t> m_row_start;
    FileSpans m_deferred;
    std::shared_ptr<const RowReader> m_reader;
    std::uint64_t m_serial = 0; // tells this store's rows apart in the per-thread cache
    std::string m_arena;
    std::size_t m_added_in_row = 0;
};

// Makes `text` valid UTF-8 by replacing every invalid sequence with U+FFFD; source text in
// an unknown legacy encoding must never reach JSON output or the UI as broken bytes.
std::string sanitize_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

} // namespace incimap::core
