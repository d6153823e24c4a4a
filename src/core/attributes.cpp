#include "core/attributes.hpp"

#include <array>
#include <atomic>
#include <cassert>
#include <cstring>

namespace incimap::core {

std::string_view to_string(FieldType type) {
    static constexpr std::array<std::string_view, 7> k_names{"integer", "real",  "string", "date",
                                                            "datetime", "time", "other"};
    return k_names[static_cast<std::size_t>(type)];
}

int AttributeStore::field_index(std::string_view name) const {
    for (std::size_t i = 0; i < m_fields.size(); ++i)
        if (m_fields[i].name == name)
            return static_cast<int>(i);
    return -1;
}

void AttributeStore::begin_row() {
    m_row_start.push_back(m_arena.size());
    m_added_in_row = 0;
}

void AttributeStore::add(std::optional<std::string_view> value) {
    assert(m_added_in_row < m_fields.size());
    std::uint32_t len = kNull;
    if (value)
        len = static_cast<std::uint32_t>(value->size() < kNull ? value->size() : kNull - 1);
    char bytes[4];
    std::memcpy(bytes, &len, 4);
    m_arena.append(bytes, 4);
    if (value)
        m_arena.append(value->data(), len);
    ++m_added_in_row;
}

void AttributeStore::end_row() {
    while (m_added_in_row < m_fields.size())
        add(std::nullopt);
}

void AttributeStore::append_rows(const AttributeStore& other) {
    assert(!m_reader && !other.m_reader && other.m_fields.size() == m_fields.size());
    const std::uint64_t base = m_arena.size();
    m_row_start.reserve(m_row_start.size() + other.m_row_start.size());
    for (const std::uint64_t start : other.m_row_start)
        m_row_start.push_back(base + start);
    m_arena.append(other.m_arena);
}

void AttributeStore::add_deferred_row(std::uint64_t offset, std::uint32_t length) {
    m_deferred.push_back({offset, length});
}

void AttributeStore::set_row_reader(std::shared_ptr<const RowReader> reader) {
    static std::atomic<std::uint64_t> serials{0};
    m_reader = std::move(reader);
    m_serial = ++serials;
}

std::string_view AttributeStore::deferred_bytes(std::size_t row) const {
    if (!m_reader || row >= m_deferred.size())
        return {};
    const FileSpan span = m_deferred[row];
    return m_reader->bytes(span.offset, span.length);
}

std::optional<std::string_view> AttributeStore::value(std::size_t row, std::size_t field) const {
    if (row >= row_count() || field >= m_fields.size())
        return std::nullopt;
    if (m_reader) {
        struct Cache {
            std::uint64_t serial = 0;
            std::size_t row = 0;
            std::vector<std::optional<std::string>> values;
        };
        thread_local Cache cache;
        if (cache.serial != m_serial || cache.row != row) {
            cache.values.assign(m_fields.size(), std::nullopt);
            const FileSpan span = m_deferred[row];
            const std::string_view bytes = m_reader->bytes(span.offset, span.length);
            if (bytes.empty() || !m_reader->decode(bytes, cache.values))
                cache.values.assign(m_fields.size(), std::nullopt);
            cache.serial = m_serial;
            cache.row = row;
        }
        const auto& v = cache.values[field];
        return v ? std::optional<std::string_view>(*v) : std::nullopt;
    }
    std::size_t at = m_row_start[row];
    for (std::size_t f = 0;; ++f) {
        std::uint32_t len = 0;
        std::memcpy(&len, m_arena.data() + at, 4);
        at += 4;
        if (f == field)
            return len == kNull ? std::nullopt
                                : std::optional<std::string_view>(
                                      std::string_view(m_arena.data() + at, len));
        if (len != kNull)
            at += len;
    }
}

std::size_t AttributeStore::memory_bytes() const {
    return m_arena.capacity() + m_row_start.capacity() * sizeof(std::uint64_t) +
           m_deferred.memory_bytes();
}

void AttributeStore::reserve(std::size_t rows, std::size_t bytes) {
    m_row_start.reserve(rows);
    m_arena.reserve(bytes);
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 < 0x80)
        return 1;
    std::size_t n = 0;
    std::uint32_t min = 0;
    std::uint32_t cp = 0;
    if ((c0 & 0xE0) == 0xC0) {
        n = 2, min = 0x80, cp = c0 & 0x1F;
    } else if ((c0 & 0xF0) == 0xE0) {
        n = 3, min = 0x800, cp = c0 & 0x0F;
    } else if ((c0 & 0xF8) == 0xF0) {
        n = 4, min = 0x10000, cp = c0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            ++i;
        } else {
            out.append(text.data() + i, n);
            i += n;
        }
    }
    return out;
}

} // namespace incimap::core
