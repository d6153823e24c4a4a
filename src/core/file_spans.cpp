#include "core/file_spans.hpp"

namespace incimap::core {

void FileSpans::widen() {
    if (m_wide)
        return;
    m_length.resize(m_packed.size());
    for (std::size_t r = 0; r < m_packed.size(); ++r) {
        const FileSpan s = (*this)[r];
        m_packed[r] = s.offset;
        m_length[r] = s.length;
    }
    m_wide = true;
}

void FileSpans::push_back(FileSpan span) {
    if (!m_wide && !fits(span))
        widen();
    if (m_wide) {
        m_packed.push_back(span.offset);
        m_length.push_back(span.length);
    } else {
        m_packed.push_back(span.offset << kLengthBits | span.length);
    }
}

void FileSpans::set(std::size_t row, FileSpan span) {
    if (!m_wide && !fits(span))
        widen();
    if (m_wide) {
        m_packed[row] = span.offset;
        m_length[row] = span.length;
    } else {
        m_packed[row] = span.offset << kLengthBits | span.length;
    }
}

void FileSpans::resize(std::size_t rows) {
    m_packed.resize(rows, 0);
    if (m_wide)
        m_length.resize(rows, 0);
}

void FileSpans::reserve(std::size_t rows) {
    m_packed.reserve(rows);
    if (m_wide)
        m_length.reserve(rows);
}

void FileSpans::append(const FileSpans& other) {
    if (other.m_wide)
        widen();
    if (!m_wide) {
        m_packed.insert(m_packed.end(), other.m_packed.begin(), other.m_packed.end());
        return;
    }
    m_packed.reserve(m_packed.size() + other.size());
    m_length.reserve(m_length.size() + other.size());
    for (std::size_t r = 0; r < other.size(); ++r) {
        const FileSpan s = other[r];
        m_packed.push_back(s.offset);
        m_length.push_back(s.length);
    }
}

std::size_t FileSpans::memory_bytes() const {
    return m_packed.capacity() * sizeof(std::uint64_t) +
           m_length.capacity() * sizeof(std::uint32_t);
}

} // namespace incimap::core
