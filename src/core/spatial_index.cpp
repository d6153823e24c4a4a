#include "core/spatial_index.hpp"

#include "core/palette.hpp"
#include "core/parallel.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_set>

namespace incimap::core {

namespace {

// Spreads the 16 low bits of v to the even bits of the result.
std::uint32_t spread(std::uint32_t v) {
    v &= 0xFFFF;
    v = (v | (v << 8)) & 0x00FF00FF;
    v = (v | (v << 4)) & 0x0F0F0F0F;
    v = (v | (v << 2)) & 0x33333333;
    v = (v | (v << 1)) & 0x55555555;
    return v;
}

// The inverse of spread: the even bits of v gathered into the 16 low bits.
std::uint32_t gather(std::uint32_t v) {
    v &= 0x55555555;
    v = (v | (v >> 1)) & 0x33333333;
    v = (v | (v >> 2)) & 0x0F0F0F0F;
    v = (v | (v >> 4)) & 0x00FF00FF;
    v = (v | (v >> 8)) & 0x0000FFFF;
    return v;
}

// Where a point is along one side of the square, in 2^32 steps: its top 16 bits are the fine
// cell (key_of), the low 16 bits the place inside it.
std::uint32_t fine_step(double v, double origin, double steps_per_unit) {
    constexpr double steps = 4294967296.0; // 2^32
    const double c = std::floor((v - origin) * steps_per_unit);
    return static_cast<std::uint32_t>(std::clamp(c, 0.0, steps - 1));
}

constexpr std::uint8_t kUndatedFlag = 64;

// An individual marker's radius: by its size field's value, half as large again for a region.
float individual_radius(float size, std::uint8_t coarse) {
    return marker_radius_px(size) * (coarse == 2 ? 1.5f : 1.0f);
}

// Sorts by the upper 32 bits, stably (3 passes of 11 bits; ~10× std::sort at a million).
void radix_sort_by_high_word(std::vector<std::uint64_t>& v) {
    std::vector<std::uint64_t> tmp(v.size());
    for (int pass = 0; pass < 3; ++pass) {
        const int shift = 32 + pass * 11;
        std::vector<std::size_t> count(2049, 0);
        for (std::uint64_t x : v)
            ++count[((x >> shift) & 2047) + 1];
        for (std::size_t i = 1; i < count.size(); ++i)
            count[i] += count[i - 1];
        for (std::uint64_t x : v)
            tmp[count[(x >> shift) & 2047]++] = x;
        v.swap(tmp);
    }
}

} // namespace

std::size_t SpatialIndex::bytes() const {
    const auto of = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    std::size_t n = of(m_keys) + of(m_ids) + of(m_offsets) + of(m_start_rank) +
                    of(m_end_rank) + of(m_times) + m_start_of.bytes() + m_end_of.bytes() +
                    of(m_end_for_start) +
                    of(m_flags) + of(m_key_flags) + of(m_radius) + of(m_radius_codes) +
                    of(m_radius_values) + of(m_levels);
    for (const Level& l : m_levels)
        n += of(l.dense) + l.starts.bytes() + l.ends.bytes();
    return n;
}

void SpatialIndex::RankPool::append(const std::vector<std::uint32_t>& ranks) {
    if (m_narrow)
        m_16.insert(m_16.end(), ranks.begin(), ranks.end()); // every rank < 65,536
    else
        m_32.insert(m_32.end(), ranks.begin(), ranks.end());
}

void SpatialIndex::RankPool::append(const RankPool& other) {
    if (m_narrow)
        m_16.insert(m_16.end(), other.m_16.begin(), other.m_16.end());
    else
        m_32.insert(m_32.end(), other.m_32.begin(), other.m_32.end());
}

void SpatialIndex::RankPool::copy(std::size_t from, std::size_t n,
                                  std::vector<std::uint32_t>& out) const {
    const auto f = static_cast<std::ptrdiff_t>(from), e = static_cast<std::ptrdiff_t>(from + n);
    if (m_narrow)
        out.assign(m_16.begin() + f, m_16.begin() + e);
    else
        out.assign(m_32.begin() + f, m_32.begin() + e);
}

std::size_t SpatialIndex::RankPool::count_below(std::size_t from, std::size_t n,
                                                std::uint32_t value) const {
    const auto f = static_cast<std::ptrdiff_t>(from), e = static_cast<std::ptrdiff_t>(from + n);
    if (m_narrow) {
        const auto b = m_16.begin() + f;
        return static_cast<std::size_t>(
            std::lower_bound(b, m_16.begin() + e, value,
                             [](std::uint16_t r, std::uint32_t v) { return r < v; }) - b);
    }
    const auto b = m_32.begin() + f;
    return static_cast<std::size_t>(std::lower_bound(b, m_32.begin() + e, value) - b);
}

double SpatialIndex::cell_size(int level) const {
    return m_side / std::exp2(level);
}

std::uint32_t SpatialIndex::key_of(MapPoint p) const {
    return spread(fine_step(p.x, m_x0, m_steps_per_unit) >> 16) |
           (spread(fine_step(p.y, m_y0, m_steps_per_unit) >> 16) << 1);
}

std::uint32_t SpatialIndex::offset_of(MapPoint p) const {
    return (fine_step(p.x, m_x0, m_steps_per_unit) & 0xFFFF) |
           (fine_step(p.y, m_y0, m_steps_per_unit) << 16);
}

MapPoint SpatialIndex::position(std::size_t k) const {
    const std::uint32_t key = m_keys[k], offset = m_offsets[k];
    const double step = 1.0 / m_steps_per_unit; // 2^32 steps a side; the middle of the step
    const auto along = [](std::uint32_t cell, std::uint32_t inside) {
        return static_cast<double>((static_cast<std::uint64_t>(cell) << 16) | inside) + 0.5;
    };
    return {m_x0 + along(gather(key), offset & 0xFFFF) * step,
            m_y0 + along(gather(key >> 1), offset >> 16) * step};
}

void SpatialIndex::build(std::span<const MapPoint> positions, const IncidentTable& table,
                         std::span<const std::uint8_t> slots,
                         std::span<const std::uint8_t> visible) {
    build_from(positions, table, slots, visible);
}

void SpatialIndex::build(const PackedPoints& positions, const IncidentTable& table,
                         std::span<const std::uint8_t> slots,
                         std::span<const std::uint8_t> visible) {
    build_from(positions, table, slots, visible);
}

template <class Positions>
void SpatialIndex::build_from(const Positions& positions, const IncidentTable& table,
                              std::span<const std::uint8_t> slots,
                              std::span<const std::uint8_t> visible) {
    clear();
    const std::size_t n = std::min(positions.size(), table.count());
    // Per incident: what an individual marker needs, kept compact and apart from the table.
    m_flags.resize(n);
    // Radii per incident only when a size field gives them (issue 14: memory); else
    // radius_of() works each out from the incident's flags.
    bool sized = false;
    for (std::size_t i = 0; i < n && !sized; ++i)
        sized = std::isfinite(table.size_at(i));
    for (std::size_t i = 0; i < n; ++i) {
        const int p = static_cast<int>(table.geo_precision[i]);
        const std::uint8_t coarse = p >= 3 ? 2 : (p == 2 ? 1 : 0);
        const std::uint8_t slot = i < slots.size() ? (slots[i] & 15) : kNoneSlot;
        const bool undated = table.t_precision[i] == TimePrecision::None;
        m_flags[i] = static_cast<std::uint8_t>(slot | (coarse << 4) | (undated ? kUndatedFlag : 0));
    }
    if (sized)
        keep_radii(table, n);

    // The data's bounding square.
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    std::vector<std::uint32_t> in;
    in.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const MapPoint p = positions[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || (!visible.empty() && !visible[i]))
            continue;
        in.push_back(static_cast<std::uint32_t>(i));
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    if (in.empty())
        return;
    const double side = std::max(x1 - x0, y1 - y0);
    m_side = side > 0 ? side * (1 + 1e-9) : 1.0;
    m_x0 = x0;
    m_y0 = y0;
    m_steps_per_unit = 4294967296.0 / m_side;

    // One sort by key: LSD radix on the key's 32 bits, stable, so ties keep ascending ids.
    { // the pairs (8 bytes an incident, twice while sorting) go before the rest is built
        std::vector<std::uint64_t> pairs(in.size());
        for (std::size_t k = 0; k < in.size(); ++k)
            pairs[k] = (static_cast<std::uint64_t>(key_of(positions[in[k]])) << 32) | in[k];
        radix_sort_by_high_word(pairs);
        m_keys.resize(pairs.size());
        m_ids.resize(pairs.size());
        m_offsets.resize(pairs.size());
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            m_keys[k] = static_cast<std::uint32_t>(pairs[k] >> 32);
            m_ids[k] = static_cast<std::uint32_t>(pairs[k]);
            m_offsets[k] = offset_of(positions[m_ids[k]]);
        }
    }
    // Times as ranks into the distinct start and end times (a window bound becomes a rank by
    // one binary search per frame; the pools hold 2- or 4-byte ranks, not 8-byte times). Every
    // included incident's own start and end are kept the same way (by id).
    {
        // A hash pass (a table's times repeat: days, months), not a copy of every time first.
        std::unordered_set<UnixMs> seen;
        for (std::uint32_t id : in) // in id order: the table's columns read straight through
            if (!(m_flags[id] & kUndatedFlag))
                for (const UnixMs t : {table.t_start[id], table.end_at(id)})
                    if (seen.insert(t).second)
                        m_times.push_back(t);
        std::sort(m_times.begin(), m_times.end());
    }
    const bool narrow = m_times.size() <= 65536;
    m_start_of.set_narrow(narrow);
    m_end_of.set_narrow(narrow);
    m_start_of.resize(n);
    // By id first (the table read in order), then in key order from those compact columns:
    // the other way round read the table's times at random, a cache miss each (issue 14).
    for (std::uint32_t id : in)
        if (!(m_flags[id] & kUndatedFlag))
            m_start_of.set(id, time_rank(table.t_start[id]));
    m_ends_follow = ends_follow_starts(in, table);
    if (!m_ends_follow) {
        m_end_of.resize(n);
        for (std::uint32_t id : in)
            if (!(m_flags[id] & kUndatedFlag))
                m_end_of.set(id, time_rank(table.end_at(id)));
    }
    std::vector<std::uint32_t>().swap(in); // (issue 14: memory) read no more
    m_start_rank.assign(m_ids.size(), 0);
    if (!m_ends_follow)
        m_end_rank.assign(m_ids.size(), 0);
    for (std::size_t k = 0; k < m_ids.size(); ++k) {
        const std::uint32_t id = m_ids[k];
        if (m_flags[id] & kUndatedFlag)
            continue;
        const std::uint32_t s = m_start_of.at(id);
        m_start_rank[k] = s;
        if (!m_ends_follow) // ranks follow times: rank(max) = max(ranks)
            m_end_rank[k] = std::max(s, m_end_of.at(id));
    }

    m_key_flags.resize(m_ids.size());
    for (std::size_t k = 0; k < m_ids.size(); ++k)
        m_key_flags[k] = m_flags[m_ids[k]];
    m_levels.assign(kLevels + 1, {});
    for (Level& l : m_levels) {
        l.starts.set_narrow(narrow);
        l.ends.set_narrow(narrow);
    }
    // Loading on every core (issue 14): the fine levels, most of the work, by ranges of keys.
    const int threaded_down_to = build_fine_levels_on_threads() ? kSplitLevel : kLevels + 1;
    for (int level = kLevels; level >= 0; --level) {
        if (level >= threaded_down_to)
            continue;
        build_level(level);
        // Memory (issue 14): an odd level's ranks go once the level above is built from them;
        // its dense cells count their children (count_dense). About half the pools.
        if (level % 2 == 0 && level < kLevels)
            m_levels[static_cast<std::size_t>(level) + 1].drop_ranks();
    }
    // The coarsest cell counts its children (16 binary searches two levels down), and the
    // levels give back what their growth left over (issue 14: memory, ~4 MiB at 1M).
    m_levels[0].drop_ranks();
    // The build's own columns go first: each shrink below copies a level's pools once.
    m_key_flags.clear(); // (`= {}` kept the capacity)
    m_key_flags.shrink_to_fit();
    m_start_rank.clear();
    m_start_rank.shrink_to_fit();
    m_end_rank.clear();
    m_end_rank.shrink_to_fit();
    for (Level& l : m_levels) {
        l.dense.shrink_to_fit();
        l.starts.shrink();
        l.ends.shrink();
    }
    m_times.shrink_to_fit();
}

void SpatialIndex::keep_radii(const IncidentTable& table, std::size_t n) {
    // A size field's values repeat (fatalities: 0, 1, 2 …): a byte per incident into the
    // distinct radii while there are at most 256 of them, found through a small open-addressed
    // table of their bits; else the radii themselves.
    constexpr std::size_t kSlots = 1024; // four times the codes: short probes
    std::array<std::uint32_t, kSlots> bits_at{};
    std::array<std::uint16_t, kSlots> code_at{}; // code + 1; 0 = empty
    m_radius_codes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float r = individual_radius(table.size_at(i), coarse_of(static_cast<std::uint32_t>(i)));
        std::uint32_t bits = 0;
        std::memcpy(&bits, &r, sizeof bits);
        std::size_t h = (bits * 0x9E3779B1u) >> 22; // 10 bits
        while (code_at[h] != 0 && bits_at[h] != bits)
            h = (h + 1) % kSlots;
        if (code_at[h] == 0) {
            if (m_radius_values.size() == 256) { // too many: the radii themselves
                std::vector<std::uint8_t>().swap(m_radius_codes);
                std::vector<float>().swap(m_radius_values);
                m_radius.resize(n);
                for (std::size_t j = 0; j < n; ++j)
                    m_radius[j] = individual_radius(table.size_at(j),
                                                    coarse_of(static_cast<std::uint32_t>(j)));
                return;
            }
            bits_at[h] = bits;
            code_at[h] = static_cast<std::uint16_t>(m_radius_values.size() + 1);
            m_radius_values.push_back(r);
        }
        m_radius_codes[i] = static_cast<std::uint8_t>(code_at[h] - 1);
    }
}

std::uint32_t SpatialIndex::time_rank(UnixMs t) const {
    return static_cast<std::uint32_t>(std::lower_bound(m_times.begin(), m_times.end(), t) -
                                      m_times.begin());
}

// Reads the start ranks (m_start_of, set before).
bool SpatialIndex::ends_follow_starts(std::span<const std::uint32_t> in,
                                      const IncidentTable& table) {
    m_end_for_start.assign(m_times.size(), UINT32_MAX);
    // Consecutive incidents often share a start: its end rank is looked up once for them.
    UnixMs last_start = 0, last_end = 0;
    bool have_last = false;
    for (std::uint32_t id : in) {
        if (m_flags[id] & kUndatedFlag)
            continue;
        const UnixMs start = table.t_start[id], end = table.end_at(id);
        if (have_last && start == last_start) {
            if (end != last_end)
                return m_end_for_start.clear(), false;
            continue;
        }
        if (end < start)
            return m_end_for_start.clear(), false;
        const std::uint32_t s = m_start_of.at(id), e = time_rank(end);
        if (m_end_for_start[s] == UINT32_MAX)
            m_end_for_start[s] = e;
        else if (m_end_for_start[s] != e)
            return m_end_for_start.clear(), false;
        last_start = start, last_end = end, have_last = true;
    }
    // Non-decreasing over the starts, each rank that is no start taking its predecessor's.
    std::uint32_t before = 0;
    for (std::uint32_t& e : m_end_for_start) {
        if (e == UINT32_MAX)
            e = before;
        else if (e < before)
            return m_end_for_start.clear(), false;
        before = e;
    }
    m_end_for_start.shrink_to_fit();
    return true;
}

bool SpatialIndex::build_fine_levels_on_threads() {
    const auto m = static_cast<std::uint32_t>(m_keys.size());
    const std::size_t threads = std::min<std::size_t>(thread_count(), m / 65536);
    if (threads < 2)
        return false;
    // Cuts near m·p/threads, moved on to where a cell of kSplitLevel begins: no cell of that
    // level or a finer one spans two parts.
    const int shift = 2 * (kLevels - kSplitLevel);
    std::vector<std::uint32_t> cuts{0};
    for (std::size_t p = 1; p < threads; ++p) {
        auto c = static_cast<std::uint32_t>(static_cast<std::uint64_t>(m) * p / threads);
        c = std::max(c, cuts.back());
        while (c > 0 && c < m && (m_keys[c] >> shift) == (m_keys[c - 1] >> shift))
            ++c;
        if (c > cuts.back() && c < m)
            cuts.push_back(c);
    }
    cuts.push_back(m);
    const std::size_t parts = cuts.size() - 1;
    if (parts < 2)
        return false; // the data sit in one cell of kSplitLevel
    const bool narrow = m_levels[0].starts.narrow();
    std::vector<std::vector<Level>> part_levels(parts, std::vector<Level>(kLevels + 1));
    run_parts(parts, [&](std::size_t p) {
        std::vector<Level>& levels = part_levels[p];
        for (Level& l : levels) {
            l.starts.set_narrow(narrow);
            l.ends.set_narrow(narrow);
        }
        for (int level = kLevels; level >= kSplitLevel; --level) {
            const auto at = static_cast<std::size_t>(level);
            build_level_range(level, cuts[p], cuts[p + 1], levels[at],
                              level < kLevels ? &levels[at + 1] : nullptr);
            if (level % 2 == 0 && level < kLevels) // as build() does on one thread
                levels[at + 1].drop_ranks();
        }
    });
    // In key order, one level at a time (each part's pools freed as they are copied).
    for (int level = kLevels; level >= kSplitLevel; --level) {
        Level& out = m_levels[static_cast<std::size_t>(level)];
        for (std::vector<Level>& levels : part_levels) {
            Level& part = levels[static_cast<std::size_t>(level)];
            const auto offset = static_cast<std::uint32_t>(out.starts.size());
            for (Dense d : part.dense) {
                d.times += offset;
                out.dense.push_back(d);
            }
            out.starts.append(part.starts);
            out.ends.append(part.ends);
            out.ranked = part.ranked;
            part = Level();
        }
    }
    return true;
}

// Dense cells of `level`, from the members directly for the finest level and by merging the
// children's sorted ranks above it (linear per level, not a sort per cell).
void SpatialIndex::build_level(int level) {
    const Level* finer = level < kLevels ? &m_levels[static_cast<std::size_t>(level) + 1] : nullptr;
    build_level_range(level, 0, static_cast<std::uint32_t>(m_keys.size()),
                      m_levels[static_cast<std::size_t>(level)], finer);
}

void SpatialIndex::build_level_range(int level, std::uint32_t first, std::uint32_t m, Level& out,
                                     const Level* finer) const {
    const int shift = 2 * (kLevels - level);
    std::size_t child = 0; // cursor into finer->dense
    std::vector<std::uint32_t> s, e, cs, ce, tmp;
    for (std::uint32_t b = first; b < m;) {
        const std::uint64_t prefix = static_cast<std::uint64_t>(m_keys[b]) >> shift;
        std::uint32_t end = b + 1;
        while (end < m && (static_cast<std::uint64_t>(m_keys[end]) >> shift) == prefix)
            ++end;
        if (end - b > kDenseCell) {
            Dense d;
            d.begin = b;
            d.end = end;
            s.clear();
            e.clear();
            std::array<std::uint32_t, 16> slot_counts{};
            double sx = 0, sy = 0;
            for (std::uint32_t k = b; k < end;) {
                // The next child: a dense one brings its sorted ranks, a sparse one its members.
                while (finer && child < finer->dense.size() && finer->dense[child].begin < k)
                    ++child;
                cs.clear();
                ce.clear();
                std::uint32_t next = k + 1;
                if (finer && child < finer->dense.size() && finer->dense[child].begin == k) {
                    const Dense& c = finer->dense[child];
                    next = c.end;
                    finer->starts.copy(c.times, c.dated, cs);
                    if (!m_ends_follow)
                        finer->ends.copy(c.times, c.dated, ce);
                    // Its members' positions by its mean: each position is decoded once, at
                    // the level where its cell is sparse or finest, not at every level.
                    sx += (c.mean.x - m_x0) * (c.end - c.begin);
                    sy += (c.mean.y - m_y0) * (c.end - c.begin);
                } else {
                    const int child_shift = level < kLevels ? shift - 2 : shift;
                    const std::uint64_t cp = static_cast<std::uint64_t>(m_keys[k]) >> child_shift;
                    while (next < end &&
                           (static_cast<std::uint64_t>(m_keys[next]) >> child_shift) == cp)
                        ++next;
                    for (std::uint32_t j = k; j < next; ++j) {
                        const MapPoint p = position(j);
                        sx += p.x - m_x0;
                        sy += p.y - m_y0;
                        if (!(m_key_flags[j] & kUndatedFlag)) {
                            cs.push_back(m_start_rank[j]);
                            if (!m_ends_follow)
                                ce.push_back(m_end_rank[j]);
                        }
                    }
                    std::sort(cs.begin(), cs.end());
                    std::sort(ce.begin(), ce.end());
                }
                tmp.resize(s.size() + cs.size());
                std::merge(s.begin(), s.end(), cs.begin(), cs.end(), tmp.begin());
                s.swap(tmp);
                tmp.resize(e.size() + ce.size());
                std::merge(e.begin(), e.end(), ce.begin(), ce.end(), tmp.begin());
                e.swap(tmp);
                k = next;
            }
            for (std::uint32_t k = b; k < end; ++k)
                ++slot_counts[m_key_flags[k] & 15];
            const double count = end - b;
            d.mean = {m_x0 + sx / count, m_y0 + sy / count};
            d.slot = static_cast<std::uint8_t>(
                std::max_element(slot_counts.begin(), slot_counts.end()) - slot_counts.begin());
            d.times = static_cast<std::uint32_t>(out.starts.size());
            d.dated = static_cast<std::uint32_t>(s.size());
            d.undated = end - b - d.dated;
            out.starts.append(s);
            out.ends.append(e);
            out.dense.push_back(d);
        }
        b = end;
    }
}

SpatialIndex::RankQuery SpatialIndex::rank_query(const TimeWindow& w) const {
    RankQuery q;
    q.all = w.is_all();
    q.cumulative = w.mode == TimeMode::Cumulative;
    q.show_undated = w.show_undated;
    q.empty_window = !q.all && !q.cumulative && w.from >= w.to;
    q.start_lt = time_rank(w.to);
    q.end_le = static_cast<std::uint32_t>(std::upper_bound(m_times.begin(), m_times.end(), w.from) -
                                          m_times.begin());
    if (m_ends_follow)
        q.over_lt = static_cast<std::uint32_t>(
            std::lower_bound(m_end_for_start.begin(), m_end_for_start.end(), q.end_le) -
            m_end_for_start.begin());
    return q;
}

const SpatialIndex::Dense* SpatialIndex::find_dense(int level, std::uint32_t begin) const {
    const auto& dense = m_levels[static_cast<std::size_t>(level)].dense;
    const auto it = std::lower_bound(dense.begin(), dense.end(), begin,
                                     [](const Dense& d, std::uint32_t b) { return d.begin < b; });
    return it != dense.end() && it->begin == begin ? &*it : nullptr;
}

bool SpatialIndex::shows(std::uint32_t id, const TimeWindow& w) const {
    if (m_flags[id] & kUndatedFlag)
        return w.shows(0, 0, TimePrecision::None);
    return w.shows(start_of(id), end_of(id), TimePrecision::Day);
}

bool SpatialIndex::counts(std::uint32_t id, const RankQuery& q) const {
    if (m_flags[id] & kUndatedFlag)
        return q.show_undated;
    if (q.all)
        return true;
    const std::uint32_t s = m_start_of.at(id);
    if (s >= q.start_lt)
        return false;
    return q.cumulative || std::max(s, end_rank_of(id)) >= q.end_le;
}

float SpatialIndex::radius_of(std::uint32_t id) const {
    if (!m_radius_codes.empty())
        return m_radius_values[m_radius_codes[id]];
    return m_radius.empty() ? individual_radius(NAN, coarse_of(id)) : m_radius[id];
}
std::uint8_t SpatialIndex::coarse_of(std::uint32_t id) const {
    return (m_flags[id] >> 4) & 3;
}

std::size_t SpatialIndex::count_dense(int level, const Dense& d, const RankQuery& q) const {
    const Level& l = m_levels[static_cast<std::size_t>(level)];
    std::size_t n = q.show_undated ? d.undated : 0;
    if (q.all)
        return n + d.dated;
    if (!l.ranked) {
        // No ranks at this level: the dense children one level finer by theirs, the members
        // of the sparse ones (at most kDenseCell each) one by one.
        const auto& finer = m_levels[static_cast<std::size_t>(level) + 1].dense;
        auto child = std::lower_bound(finer.begin(), finer.end(), d.begin,
                                      [](const Dense& c, std::uint32_t b) { return c.begin < b; });
        std::size_t shown = 0;
        for (std::uint32_t k = d.begin; k < d.end;) {
            if (child != finer.end() && child->begin == k) {
                shown += count_dense(level + 1, *child, q);
                k = child->end;
                ++child;
                continue;
            }
            const std::uint32_t stop = child != finer.end() ? std::min(child->begin, d.end) : d.end;
            for (; k < stop; ++k)
                shown += counts(m_ids[k], q) ? 1 : 0;
        }
        return shown;
    }
    const std::size_t starting = l.starts.count_below(d.times, d.dated, q.start_lt);
    if (q.cumulative)
        return n + starting;
    // Shown: start < to and end > from. Every interval ending by `from` started before `to`
    // (from < to), so the shown ones are those started before `to` less those already over.
    const std::size_t over = m_ends_follow ? l.starts.count_below(d.times, d.dated, q.over_lt)
                                           : l.ends.count_below(d.times, d.dated, q.end_le);
    return n + (starting > over ? starting - over : 0);
}

std::vector<SpatialIndex::Cell> SpatialIndex::cells(int level) const {
    std::vector<Cell> out;
    walk(level, square(),
         [&](std::uint32_t cx, std::uint32_t cy, std::uint32_t b, std::uint32_t e) {
             out.push_back({cx, cy, b, e});
         });
    return out;
}

SpatialIndex::Cell SpatialIndex::cell_at(MapPoint p, int level) const {
    const std::uint32_t key = key_of(p);
    const int shift = 2 * (kLevels - level);
    const std::uint64_t prefix = static_cast<std::uint64_t>(key) >> shift;
    const std::uint64_t first = prefix << shift, last = (prefix + 1) << shift;
    Cell c;
    c.begin = static_cast<std::uint32_t>(std::lower_bound(m_keys.begin(), m_keys.end(), first) -
                                         m_keys.begin());
    c.end = static_cast<std::uint32_t>(std::lower_bound(m_keys.begin(), m_keys.end(), last) -
                                       m_keys.begin());
    const double size = cell_size(level);
    c.x = static_cast<std::uint32_t>(
        std::clamp(std::floor((p.x - m_x0) / size), 0.0, std::exp2(level) - 1));
    c.y = static_cast<std::uint32_t>(
        std::clamp(std::floor((p.y - m_y0) / size), 0.0, std::exp2(level) - 1));
    return c;
}

std::size_t SpatialIndex::count(int level, const Cell& cell, const TimeWindow& window) const {
    if (cell.end - cell.begin > kDenseCell &&
        !(window.mode != TimeMode::Cumulative && !window.is_all() && window.from >= window.to))
        if (const Dense* d = find_dense(level, cell.begin))
            return count_dense(level, *d, rank_query(window));
    std::size_t n = 0;
    for (std::uint32_t k = cell.begin; k < cell.end; ++k)
        n += shows(m_ids[k], window) ? 1 : 0;
    return n;
}

CellSummary SpatialIndex::summarize(int level, std::uint32_t begin, std::uint32_t end,
                                    const TimeWindow& window) const {
    CellSummary c;
    if (end - begin > kDenseCell)
        if (const Dense* d = find_dense(level, begin)) {
            c.shown = count_dense(level, *d, rank_query(window));
            c.mean = d->mean;
            return c;
        }
    double sx = 0, sy = 0;
    for (std::uint32_t k = begin; k < end; ++k)
        if (shows(m_ids[k], window)) {
            ++c.shown;
            const MapPoint p = position(k);
            sx += p.x;
            sy += p.y;
        }
    if (c.shown > 0)
        c.mean = {sx / static_cast<double>(c.shown), sy / static_cast<double>(c.shown)};
    return c;
}

int SpatialIndex::level_for(double units_per_px, double cell_px) const {
    // The level whose cells are nearest `cell_px` on screen (between 0.71 and 1.41 of it).
    const double want = std::log2(m_side / (units_per_px * cell_px));
    return std::clamp(static_cast<int>(std::lround(want)), 0, kLevels);
}

float SpatialIndex::aggregate_cap_px(int level, double units_per_px) const {
    // Aggregates overlap their neighbours a little, not a lot: every covered pixel costs.
    return std::max(6.5f, static_cast<float>(0.75 * cell_size(level) / units_per_px));
}

float SpatialIndex::aggregate_alpha(std::size_t count) {
    return std::clamp(0.55f +
                          0.09f * std::log2(static_cast<float>(std::max<std::size_t>(1, count))),
                      0.55f, 1.0f);
}

float SpatialIndex::aggregate_radius_px(std::size_t count) {
    // Area grows with the log of the count: a dense city reads as denser than a village
    // without covering its neighbours.
    const float r = 3.0f + 1.25f * std::log2(static_cast<float>(std::max<std::size_t>(1, count)));
    return std::clamp(r, kMinMarkerRadiusPx, 12.0f);
}

FramePlanStats SpatialIndex::plan(const MapBox& view, double units_per_px, const TimeWindow& window,
                                  int selected, std::vector<FramePoint>& out, double cell_px,
                                  std::size_t max_points) const {
    FramePlanStats stats;
    out.clear();
    if (m_keys.empty())
        return stats;
    // Markers reach past their centre: take in what lies just off the screen.
    const double margin = (kMaxMarkerRadiusPx * 1.5 + 2) * units_per_px;
    const MapBox box{view.min_x - margin, view.min_y - margin, view.max_x + margin,
                     view.max_y + margin};
    const RankQuery q = rank_query(window);
    const bool fade = window.mode == TimeMode::Fade && !window.is_all();
    const double span_days =
        std::max(static_cast<double>(window.to - window.from) / kMsPerDay, 1e-6);
    auto individual = [&](std::uint32_t id, MapPoint p, bool is_selected) {
        FramePoint f;
        f.at = p;
        f.radius_px = radius_of(id);
        f.slot = m_flags[id] & 15;
        f.coarse = coarse_of(id);
        f.selected = is_selected;
        if (fade && !(m_flags[id] & kUndatedFlag)) {
            const double age = std::clamp(
                static_cast<double>(window.to - end_of(id)) / kMsPerDay / span_days, 0.0, 1.0);
            f.alpha = static_cast<float>(1.0 + (0.15 - 1.0) * age);
        }
        out.push_back(f);
    };
    for (int level = level_for(units_per_px, cell_px); level >= 0; --level) {
        out.clear();
        stats = {};
        stats.level = level;
        bool over = false;
        const Level& l = m_levels[static_cast<std::size_t>(level)];
        // As many single markers as fit in a cell without covering each other (≈ 10 px each).
        const double cell_on_screen = cell_size(level) / units_per_px / 10.0;
        const auto max_individuals = static_cast<std::uint32_t>(
            std::clamp(std::floor(cell_on_screen * cell_on_screen), 1.0, double{kDenseCell}));
        const float max_radius = aggregate_cap_px(level, units_per_px);
        std::size_t cursor = 0; // dense cells come in key order, as the walk does
        walk(level, box, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
            if (over)
                return;
            ++stats.cells;
            if (e - b <= kDenseCell || q.empty_window) {
                // A sparse cell: its incidents, or one aggregate of them where their markers
                // would only cover each other.
                std::uint32_t shown[kDenseCell];
                std::uint32_t n = 0;
                for (std::uint32_t k = b; k < e; ++k) {
                    const MapPoint p = position(k);
                    if (p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y &&
                        p.y <= box.max_y && shows(m_ids[k], window)) {
                        if (n == kDenseCell) { // only with an empty window: one by one
                            individual(m_ids[k], p, false);
                            ++stats.individuals;
                            ++stats.shown;
                        } else {
                            shown[n++] = k;
                        }
                    }
                }
                if (n == 0)
                    return;
                if (n <= max_individuals) {
                    for (std::uint32_t j = 0; j < n; ++j)
                        individual(m_ids[shown[j]], position(shown[j]), false);
                    stats.individuals += n;
                    stats.shown += n;
                    return;
                }
                std::array<std::uint8_t, 16> slot_counts{};
                double sx = 0, sy = 0;
                for (std::uint32_t j = 0; j < n; ++j) {
                    ++slot_counts[m_flags[m_ids[shown[j]]] & 15];
                    const MapPoint p = position(shown[j]);
                    sx += p.x;
                    sy += p.y;
                }
                FramePoint f;
                f.at = {sx / n, sy / n};
                f.radius_px = std::min(aggregate_radius_px(n), max_radius);
                f.alpha = aggregate_alpha(n);
                f.slot = static_cast<std::uint8_t>(
                    std::max_element(slot_counts.begin(), slot_counts.end()) - slot_counts.begin());
                f.aggregate = true;
                out.push_back(f);
                ++stats.aggregates;
                stats.shown += n;
            } else {
                while (cursor < l.dense.size() && l.dense[cursor].begin < b)
                    ++cursor;
                assert(cursor < l.dense.size() && l.dense[cursor].begin == b);
                const Dense& d = l.dense[cursor];
                const std::size_t shown = count_dense(level, d, q);
                if (shown == 0)
                    return;
                FramePoint f;
                f.at = d.mean;
                f.radius_px = std::min(aggregate_radius_px(shown), max_radius);
                f.alpha = aggregate_alpha(shown);
                f.slot = d.slot;
                f.aggregate = true;
                out.push_back(f);
                ++stats.aggregates;
                stats.shown += shown;
            }
            over = out.size() > max_points;
        });
        if (!over)
            break;
    }
    if (selected >= 0 && static_cast<std::size_t>(selected) < m_flags.size() &&
        shows(static_cast<std::uint32_t>(selected), window)) {
        const std::uint32_t k = place_of(static_cast<std::uint32_t>(selected));
        if (k < m_ids.size())
            individual(m_ids[k], position(k), true);
    }
    return stats;
}

std::uint32_t SpatialIndex::place_of(std::uint32_t id) const {
    const std::uint64_t known = m_selected.id_and_place.load(std::memory_order_relaxed);
    if (known != UINT64_MAX && (known >> 32) == id)
        return static_cast<std::uint32_t>(known);
    const auto it = std::find(m_ids.begin(), m_ids.end(), id);
    const auto k = it == m_ids.end() ? UINT32_MAX : static_cast<std::uint32_t>(it - m_ids.begin());
    m_selected.id_and_place.store((static_cast<std::uint64_t>(id) << 32) | k,
                                  std::memory_order_relaxed);
    return k;
}

std::vector<int> SpatialIndex::pick(MapPoint at, double units_per_px, const TimeWindow& window,
                                    double slop_px, double cell_px,
                                    std::size_t per_aggregate) const {
    std::vector<int> hits;
    if (m_keys.empty())
        return hits;
    const double reach = (kMaxMarkerRadiusPx * 1.5 + slop_px) * units_per_px;
    const MapBox box{at.x - reach, at.y - reach, at.x + reach, at.y + reach};
    const RankQuery q = rank_query(window);
    const int level = level_for(units_per_px, cell_px);
    walk(level, box, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
        if (e - b <= kDenseCell || q.empty_window) {
            for (std::uint32_t k = b; k < e; ++k) {
                const MapPoint p = position(k);
                const double d = std::hypot(p.x - at.x, p.y - at.y) / units_per_px;
                if (d <= radius_of(m_ids[k]) + slop_px && shows(m_ids[k], window))
                    hits.push_back(static_cast<int>(m_ids[k]));
            }
            return;
        }
        const Dense* d = find_dense(level, b);
        if (d == nullptr)
            return;
        const std::size_t shown = count_dense(level, *d, q);
        const float r = std::min(aggregate_radius_px(shown), aggregate_cap_px(level, units_per_px));
        if (shown == 0 ||
            std::hypot(d->mean.x - at.x, d->mean.y - at.y) / units_per_px > r + slop_px)
            return;
        // The aggregate is under the pointer: the first of its members the window shows (a
        // dense cell can hold many thousands; the tooltip needs one, the stack a few).
        std::size_t taken = 0;
        for (std::uint32_t k = b; k < e && taken < per_aggregate; ++k)
            if (shows(m_ids[k], window)) {
                hits.push_back(static_cast<int>(m_ids[k]));
                ++taken;
            }
    });
    std::sort(hits.begin(), hits.end(), std::greater<>()); // drawn last = on top
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    return hits;
}

} // namespace incimap::core
