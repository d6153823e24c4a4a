#pragma once
// Sorted columns of times, held small (issue 14: memory): the legend's and the histogram's
// start and end times per category, which are binary-searched for every count.
//
// Times in real tables repeat (ACLED and UCDP give days; a million incidents over a year take a
// few hundred distinct values). So a view gathers its distinct times once (TimeRanks, at most
// 65,536 of them) and each column keeps 2-byte ranks into them, not 8-byte times: at a million
// incidents the legend's starts and ends are 4 MiB instead of 15. A view with more distinct
// times (instants to the second) keeps the times themselves. Either way a column reads as a
// sorted sequence of UnixMs: operator[] and random-access iterators for std::lower_bound.

#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace incimap::core {

// The distinct times of a view, and each one's rank (its place among them, ascending).
class TimeRanks {
public:
    static constexpr std::size_t kMaxDistinct = 65536; // ranks fit 2 bytes

    // Adds `t`; false once more than kMaxDistinct distinct times were added (no ranks then).
    bool add(UnixMs t);
    // Sorts the distinct times: rank() and times() from then on.
    void finish();
    bool usable() const { return !m_over; }
    // The rank of a time that was added.
    std::uint16_t rank(UnixMs t) const;
    const std::vector<UnixMs>& times() const { return m_times; }

private:
    std::size_t slot_of(UnixMs t) const;
    void grow();
    std::vector<UnixMs> m_keys;       // open addressing; kEmpty marks a free slot
    std::vector<std::uint16_t> m_rank; // per slot, after finish()
    std::vector<UnixMs> m_times;       // distinct, sorted after finish()
    bool m_has_empty_key = false;      // the one time equal to kEmpty itself
    bool m_over = false;
};

class SortedTimes {
public:
    SortedTimes() = default;
    // Held as ranks into `ranks` when it is usable, else as times.
    explicit SortedTimes(std::shared_ptr<const TimeRanks> ranks);

    void reserve(std::size_t n);
    void push_back(UnixMs t); // in any order (a ranked column: a time added to its ranks)
    void sort();              // before any read

    std::size_t size() const { return m_ranks ? m_rank.size() : m_times.size(); }
    bool empty() const { return size() == 0; }
    UnixMs operator[](std::size_t i) const {
        return m_ranks ? m_ranks->times()[m_rank[i]] : m_times[i];
    }
    std::size_t bytes() const {
        return m_rank.capacity() * sizeof(std::uint16_t) + m_times.capacity() * sizeof(UnixMs);
    }

    class Iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = UnixMs;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = UnixMs;
        Iterator() = default;
        Iterator(const SortedTimes* c, std::ptrdiff_t i) : m_c(c), m_i(i) {}
        UnixMs operator*() const { return (*m_c)[static_cast<std::size_t>(m_i)]; }
        UnixMs operator[](std::ptrdiff_t n) const { return (*m_c)[static_cast<std::size_t>(m_i + n)]; }
        Iterator& operator++() { ++m_i; return *this; }
        Iterator operator++(int) { Iterator t = *this; ++m_i; return t; }
        Iterator& operator--() { --m_i; return *this; }
        Iterator operator--(int) { Iterator t = *this; --m_i; return t; }
        Iterator& operator+=(std::ptrdiff_t n) { m_i += n; return *this; }
        Iterator& operator-=(std::ptrdiff_t n) { m_i -= n; return *this; }
        friend Iterator operator+(Iterator a, std::ptrdiff_t n) { return a += n; }
        friend Iterator operator+(std::ptrdiff_t n, Iterator a) { return a += n; }
        friend Iterator operator-(Iterator a, std::ptrdiff_t n) { return a -= n; }
        friend std::ptrdiff_t operator-(const Iterator& a, const Iterator& b) { return a.m_i - b.m_i; }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.m_i == b.m_i; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.m_i <=> b.m_i; }

    private:
        const SortedTimes* m_c = nullptr;
        std::ptrdiff_t m_i = 0;
    };
    Iterator begin() const { return {this, 0}; }
    Iterator end() const { return {this, static_cast<std::ptrdiff_t>(size())}; }

private:
    std::shared_ptr<const TimeRanks> m_ranks; // null: the times themselves
    std::vector<std::uint16_t> m_rank;
    std::vector<UnixMs> m_times;
};

} // namespace incimap::core
