#include "core/sorted_times.hpp"

#include "core/sort_times.hpp"

#include <algorithm>
#include <bit>
#include <limits>

namespace incimap::core {

namespace {

constexpr UnixMs kEmpty = std::numeric_limits<UnixMs>::min(); // a free slot

std::size_t hash_of(UnixMs t, std::size_t slots) {
    const int bits = std::countr_zero(slots);
    return static_cast<std::size_t>(static_cast<std::uint64_t>(t) * 0x9E3779B97F4A7C15ull >>
                                    (64 - bits));
}

} // namespace

std::size_t TimeRanks::slot_of(UnixMs t) const {
    const std::size_t mask = m_keys.size() - 1;
    std::size_t h = hash_of(t, m_keys.size());
    while (m_keys[h] != t && m_keys[h] != kEmpty)
        h = (h + 1) & mask;
    return h;
}

void TimeRanks::grow() {
    std::vector<UnixMs> old = std::move(m_keys);
    m_keys.assign(old.empty() ? 1024 : 2 * old.size(), kEmpty);
    for (const UnixMs t : old)
        if (t != kEmpty)
            m_keys[slot_of(t)] = t;
}

bool TimeRanks::add(UnixMs t) {
    if (m_over)
        return false;
    if (t == kEmpty) {
        if (!m_has_empty_key) {
            m_has_empty_key = true;
            m_times.push_back(t);
        }
    } else {
        if (m_keys.empty())
            grow();
        const std::size_t h = slot_of(t);
        if (m_keys[h] == t)
            return true;
        m_keys[h] = t;
        m_times.push_back(t);
        if (2 * m_times.size() > m_keys.size())
            grow();
    }
    if (m_times.size() > kMaxDistinct) {
        m_over = true;
        std::vector<UnixMs>().swap(m_keys); // freed (`= {}` would keep the capacity)
        std::vector<UnixMs>().swap(m_times);
        return false;
    }
    return true;
}

void TimeRanks::finish() {
    if (m_over)
        return;
    std::sort(m_times.begin(), m_times.end());
    m_rank.assign(m_keys.size(), 0);
    for (std::size_t r = 0; r < m_times.size(); ++r)
        if (m_times[r] != kEmpty)
            m_rank[slot_of(m_times[r])] = static_cast<std::uint16_t>(r);
}

std::uint16_t TimeRanks::rank(UnixMs t) const {
    return t == kEmpty ? 0 : m_rank[slot_of(t)]; // kEmpty, the least time, ranks first
}

SortedTimes::SortedTimes(std::shared_ptr<const TimeRanks> ranks) {
    if (ranks && ranks->usable())
        m_ranks = std::move(ranks);
}

void SortedTimes::reserve(std::size_t n) {
    if (m_ranks)
        m_rank.reserve(n);
    else
        m_times.reserve(n);
}

void SortedTimes::push_back(UnixMs t) {
    if (m_ranks)
        m_rank.push_back(m_ranks->rank(t));
    else
        m_times.push_back(t);
}

void SortedTimes::sort() {
    if (!m_ranks) {
        sort_times(m_times);
        return;
    }
    const std::size_t distinct = m_ranks->times().size();
    if (m_rank.size() < 2048 || m_rank.size() < distinct) {
        std::sort(m_rank.begin(), m_rank.end());
        return;
    }
    std::vector<std::uint32_t> count(distinct, 0); // counted, not compared: O(n + distinct)
    for (const std::uint16_t r : m_rank)
        ++count[r];
    auto out = m_rank.begin();
    for (std::size_t r = 0; r < distinct; ++r)
        out = std::fill_n(out, count[r], static_cast<std::uint16_t>(r));
}

} // namespace incimap::core
