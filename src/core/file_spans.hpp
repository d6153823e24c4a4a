#pragma once
// Where rows lie in a source file, for attributes read back on demand (issue 14: memory):
// each row's offset and length packed in 8 bytes (offset < 2^40, length < 2^24), or kept
// apart once a row does not fit (a row of 16 MiB or more, a source past 1 TiB), 12 bytes a
// row from then on. The fast readers' rows and the attribute store's deferred rows keep them.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace incimap::core {

struct FileSpan {
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
};

class FileSpans {
public:
    std::size_t size() const { return m_packed.size(); }
    bool empty() const { return m_packed.empty(); }
    FileSpan operator[](std::size_t row) const {
        if (m_wide)
            return {m_packed[row], m_length[row]};
        const std::uint64_t v = m_packed[row];
        return {v >> kLengthBits, static_cast<std::uint32_t>(v & kLengthMask)};
    }
    void push_back(FileSpan span);
    void set(std::size_t row, FileSpan span); // row < size()
    void resize(std::size_t rows);            // new rows: offset 0, length 0
    void reserve(std::size_t rows);
    void append(const FileSpans& other);
    std::size_t memory_bytes() const;

private:
    static constexpr int kLengthBits = 24;
    static constexpr std::uint64_t kLengthMask = (std::uint64_t{1} << kLengthBits) - 1;
    static bool fits(FileSpan s) {
        return (s.offset >> (64 - kLengthBits)) == 0 && (s.length >> kLengthBits) == 0;
    }
    void widen(); // offsets and lengths apart from here on

    std::vector<std::uint64_t> m_packed; // offset << 24 | length; the offset once m_wide
    std::vector<std::uint32_t> m_length; // m_wide only
    bool m_wide = false;
};

} // namespace incimap::core
