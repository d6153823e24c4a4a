#pragma once
// A spatio-temporal index of the incidents, built once per table, projection and filter, so
// that a frame, a hover pick, the clusters and the "in view" list cost what the screen shows,
// not what the file holds.
//
//   map units ──normalise to the data's bounding square──▶ [0,1)² ──× 2^16──▶ fine cells
//
//   fine cell (ix, iy) ──Morton key (x bits even, y bits odd)──▶ one sort of all incidents
//
//   level ℓ (0 = one cell for the whole square … 16 = the fine cells): a cell is the key
//   prefix key >> 2(16 − ℓ), so every cell of every level is a contiguous range of the sort.
//
// A cell holding more than kDenseCell incidents is "dense" at its level and keeps its members'
// start and end times (as ranks into the sorted distinct times) sorted, so "how many does this
// time window show" is two binary searches; a sparse cell is scanned (it is drawn as its
// incidents anyway). At odd levels the ranks are dropped once built on
// (memory, issue 14): a dense cell there counts its four children, which keep theirs. Where
// every end is one non-decreasing function of its start (a day's incidents end at the next
// midnight; instants), the end ranks are not kept at all: the starts answer both searches.
// Dense cells also keep their members' mean position and most frequent palette slot, which is
// what an aggregate marker shows.
//
// Guarantees: ids() are the included incidents in key order (ties: ascending id); counts equal
// TimeWindow::shows over the members; after build(), nothing here loops over all incidents but
// finding a newly selected incident's place (once per selection).

#include "core/camera.hpp"
#include "core/incident_table.hpp"
#include "core/packed_points.hpp"
#include "core/time_window.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace incimap::core {

// One primitive of a frame: an incident, or the aggregate of a cell (a dense one, or a sparse
// one whose few markers would only cover each other at this zoom).
struct FramePoint {
    MapPoint at;
    float radius_px = 0;     // marker radius (logical px) before the renderer's pixel ratio
    float alpha = 1;         // fade-mode age, aggregate density
    std::uint8_t slot = 0;   // palette slot
    std::uint8_t coarse = 0; // 0 exact/unknown, 1 near (town), 2 region: hollow markers
    bool selected = false;
    bool aggregate = false;
};

struct CellSummary {
    std::size_t shown = 0;
    MapPoint mean;
};

struct FramePlanStats {
    int level = 0;
    std::size_t cells = 0;       // occupied cells visited at `level`
    std::size_t aggregates = 0;  // points standing for a dense cell
    std::size_t individuals = 0; // points standing for one incident
    std::size_t shown = 0;       // incidents the points stand for (the window's, in view)
};

class SpatialIndex {
public:
    static constexpr int kLevels = 16;             // fine cells: 2^16 × 2^16 of the square
    static constexpr std::uint32_t kDenseCell = 8; // more than this: counted, aggregated
    // Screen size of the cells a frame draws one primitive for (a level's cells are 0.71–1.41
    // of it). llvmpipe pays per point and per covered pixel: 8-px cells keep a full 1280×800
    // view near 16k cells.
    static constexpr double kCellPx = 8.0;

    // positions: map units per incident (NaN: left out); visible: per incident, 0 leaves it out
    // (filters); empty = all. The table provides times; slots the palette slot per incident.
    void build(std::span<const MapPoint> positions, const IncidentTable& table,
               std::span<const std::uint8_t> slots, std::span<const std::uint8_t> visible = {});
    void build(const PackedPoints& positions, const IncidentTable& table,
               std::span<const std::uint8_t> slots, std::span<const std::uint8_t> visible = {});
    void clear() { *this = SpatialIndex(); }

    std::size_t size() const { return m_ids.size(); } // included incidents
    std::size_t bytes() const; // heap held (capacities), for the memory report
    bool empty() const { return m_ids.empty(); }
    // Included incidents in key order; a cell of any level is a contiguous range of these.
    std::span<const std::uint32_t> ids() const { return m_ids; }
    // The position of ids()[k], to within a 2^32th of the square's side (see m_offsets).
    MapPoint position(std::size_t k) const;
    MapBox square() const { return {m_x0, m_y0, m_x0 + m_side, m_y0 + m_side}; }
    double cell_size(int level) const; // map units

    struct Cell {
        std::uint32_t x = 0, y = 0;       // cell column and row at its level (y north)
        std::uint32_t begin = 0, end = 0; // range of ids()
    };
    // Every occupied cell of `level`, in key order (tests and tools; O(n)).
    std::vector<Cell> cells(int level) const;
    // The cell of `level` holding map point `p` (clamped to the square).
    Cell cell_at(MapPoint p, int level) const;

    // How many members of the cell (a range from cells() or cell_at()) the window shows:
    // two binary searches for a dense cell, a scan of at most kDenseCell for a sparse one.
    std::size_t count(int level, const Cell& cell, const TimeWindow& window) const;

    // Visits the occupied cells of `level` meeting `box` in key order, descending the pyramid
    // only where it meets the box: f(cell x, cell y, begin, end) with a range of ids().
    template <class F> void walk(int level, const MapBox& box, F&& f) const;
    // How many of a cell's members the window shows, and where they are (a dense cell: the
    // mean of all its members; a sparse one: of those shown).
    CellSummary summarize(int level, std::uint32_t begin, std::uint32_t end,
                          const TimeWindow& window) const;

    // Calls f(id, position) for every included incident inside `box`.
    template <class F> void for_each_in(const MapBox& box, F&& f) const;

    // The primitives of one frame of `view` at `units_per_px`: one per occupied cell of about
    // `cell_px` pixels (the cell's incidents when it holds few, else one aggregate), at most
    // about `max_points` (a coarser level when a finer one would exceed it). `selected` ≥ 0
    // is drawn last with its ring when the window shows it.
    FramePlanStats plan(const MapBox& view, double units_per_px, const TimeWindow& window,
                        int selected, std::vector<FramePoint>& out, double cell_px = kCellPx,
                        std::size_t max_points = 120000) const;
    // The level plan() starts from for this zoom.
    int level_for(double units_per_px, double cell_px) const;

    // Incidents whose marker (as plan() draws them) covers `at` within `slop_px`, topmost
    // first; in a dense cell the aggregate marker counts, and at most `per_aggregate` of its
    // members the window shows are returned.
    std::vector<int> pick(MapPoint at, double units_per_px, const TimeWindow& window,
                          double slop_px, double cell_px = kCellPx,
                          std::size_t per_aggregate = 4) const;

    // Aggregate marker radius (px) for `count` incidents shown, before the cap for the cell
    // size on screen (at least 6.5 px).
    static float aggregate_radius_px(std::size_t count);
    float aggregate_cap_px(int level, double units_per_px) const;
    static float aggregate_alpha(std::size_t count);

private:
    struct Dense { // 40 bytes: the slot in the padding before the mean
        std::uint32_t begin = 0, end = 0; // range of ids()
        std::uint32_t times = 0;          // offset into the level's rank pools
        std::uint32_t dated = 0, undated = 0;
        std::uint8_t slot = 0; // most frequent palette slot
        MapPoint mean;         // of all members
    };
    // Sorted ranks of the dense cells of a level, one after another: 2 bytes each when the
    // table has at most 65,536 distinct times (a day or a minute's resolution over years),
    // else 4. Every incident is in a dense cell at most levels, so this is most of the index.
    class RankPool {
    public:
        void set_narrow(bool narrow) { m_narrow = narrow; }
        bool narrow() const { return m_narrow; }
        std::size_t size() const { return m_narrow ? m_16.size() : m_32.size(); }
        void append(const std::vector<std::uint32_t>& ranks);
        void append(const RankPool& other);
        void copy(std::size_t from, std::size_t n, std::vector<std::uint32_t>& out) const;
        // How many of the n ranks from `from` are below `value`.
        std::size_t count_below(std::size_t from, std::size_t n, std::uint32_t value) const;
        std::size_t bytes() const {
            return m_16.capacity() * sizeof(std::uint16_t) + m_32.capacity() * sizeof(std::uint32_t);
        }
        // As a column (one rank per incident): sized, set and read by position.
        void resize(std::size_t n) { m_narrow ? m_16.assign(n, 0) : m_32.assign(n, 0); }
        void set(std::size_t i, std::uint32_t rank) {
            if (m_narrow)
                m_16[i] = static_cast<std::uint16_t>(rank);
            else
                m_32[i] = rank;
        }
        std::uint32_t at(std::size_t i) const { return m_narrow ? m_16[i] : m_32[i]; }
        void release() { *this = RankPool(); }
        void shrink() {
            m_16.shrink_to_fit();
            m_32.shrink_to_fit();
        }

    private:
        bool m_narrow = false;
        std::vector<std::uint16_t> m_16;
        std::vector<std::uint32_t> m_32;
    };
    struct Level {
        std::vector<Dense> dense; // by begin (key order)
        RankPool starts;          // per dense cell, sorted start ranks
        RankPool ends;            // per dense cell, sorted end ranks
        // Memory (issue 14): odd levels keep no ranks once the level above is built; a dense
        // cell there counts its children one level finer (all of which keep theirs).
        bool ranked = true;
        void drop_ranks() {
            starts.release();
            ends.release();
            ranked = false;
        }
    };
    struct RankQuery {
        bool all = true, cumulative = false, show_undated = true, empty_window = false;
        std::uint32_t start_lt = 0; // start shows when rank < start_lt (start < to)
        std::uint32_t end_le = 0;   // end hides when rank < end_le (end <= from)
        // Where ends follow starts: the end hides exactly when the start's rank < over_lt.
        std::uint32_t over_lt = 0;
    };

    template <class Positions>
    void build_from(const Positions& positions, const IncidentTable& table,
                    std::span<const std::uint8_t> slots, std::span<const std::uint8_t> visible);
    void build_level(int level);
    // Dense cells of `level` among keys [begin, end) (whole cells of that level), into `out`,
    // from `finer` (the level below, built over the same keys; null at the finest).
    void build_level_range(int level, std::uint32_t begin, std::uint32_t end, Level& out,
                           const Level* finer) const;
    // Levels kSplitLevel..kLevels on threads, each over its own whole cells of kSplitLevel.
    bool build_fine_levels_on_threads();
    static constexpr int kSplitLevel = 4;
    std::uint32_t key_of(MapPoint p) const;
    std::uint32_t offset_of(MapPoint p) const; // where p is inside its fine cell
    RankQuery rank_query(const TimeWindow& w) const;
    const Dense* find_dense(int level, std::uint32_t begin) const;
    std::size_t count_dense(int level, const Dense& d, const RankQuery& q) const;
    bool shows(std::uint32_t id, const TimeWindow& w) const;
    // Whether incident `id` counts in a dense cell's rank count for `q` (its end taken as at
    // least its start, as the pools have it).
    bool counts(std::uint32_t id, const RankQuery& q) const;
    UnixMs start_of(std::uint32_t id) const { return m_times[m_start_of.at(id)]; }
    UnixMs end_of(std::uint32_t id) const { return m_times[end_rank_of(id)]; }
    std::uint32_t end_rank_of(std::uint32_t id) const {
        return m_ends_follow ? m_end_for_start[m_start_of.at(id)] : m_end_of.at(id);
    }
    // Whether every dated incident's end is one non-decreasing function of its start (a
    // day's incidents end at the next midnight, instants where they start), and that function.
    bool ends_follow_starts(std::span<const std::uint32_t> in, const IncidentTable& table);
    std::uint32_t time_rank(UnixMs t) const; // first of m_times not before t
    float radius_of(std::uint32_t id) const;
    std::uint8_t coarse_of(std::uint32_t id) const;
    double m_x0 = 0, m_y0 = 0, m_side = 1;
    double m_steps_per_unit = 4294967296.0; // 2^32 / m_side: fine cells and their offsets
    std::vector<std::uint32_t> m_keys;      // sorted
    std::vector<std::uint32_t> m_ids;       // incident per key
    // Per key, where the incident is inside its fine cell: 16 bits along x (low), 16 along y.
    // With the key's 16 + 16 bits, a position to 2^-32 of the square's side (under 5 mm for
    // the whole world) in 4 bytes instead of 16 (issue 14: memory).
    std::vector<std::uint32_t> m_offsets;
    // Where the selected incident is in ids(): found by one scan when the selection changes
    // and kept (id << 32 | place), not a 4-byte column per incident (issue 14: memory). A copy
    // starts without it.
    struct SelectedPlace {
        mutable std::atomic<std::uint64_t> id_and_place{UINT64_MAX};
        SelectedPlace() = default;
        SelectedPlace(const SelectedPlace&) {}
        SelectedPlace& operator=(const SelectedPlace&) {
            id_and_place = UINT64_MAX;
            return *this;
        }
    } m_selected;
    std::uint32_t place_of(std::uint32_t id) const; // in ids(); UINT32_MAX when not included
    std::vector<std::uint32_t> m_start_rank, m_end_rank; // per key; dated only meaningful
    std::vector<UnixMs> m_times;                         // distinct start and end times, sorted
    std::vector<Level> m_levels;
    // Per incident (by id), what drawing an individual needs. Its times as ranks into m_times
    // (2 bytes each where the pools' are; the time is m_times[rank], exactly).
    RankPool m_start_of, m_end_of;
    // When ends follow starts (memory, issue 14): the end's rank for each start rank
    // (non-decreasing), and no end ranks kept, neither per incident nor in the levels' pools:
    // "over by `from`" is "started before the first start whose end is after `from`".
    bool m_ends_follow = false;
    std::vector<std::uint32_t> m_end_for_start;
    std::vector<std::uint8_t> m_flags;     // bits 0–3 slot, 4–5 coarse, 6 undated
    std::vector<std::uint8_t> m_key_flags; // m_flags in key order, while building
    // Radii, only where a size field gives them: a byte per incident into at most 256
    // distinct radii, or past that the radii themselves (issue 14: memory).
    void keep_radii(const IncidentTable& table, std::size_t n);
    std::vector<std::uint8_t> m_radius_codes;
    std::vector<float> m_radius_values;
    std::vector<float> m_radius;
};

// --- templates -------------------------------------------------------------------------------

template <class F> void SpatialIndex::walk(int level, const MapBox& box, F&& f) const {
    if (m_keys.empty())
        return;
    struct Node {
        int level;
        std::uint32_t cx, cy, begin, end;
    };
    Node stack[4 * (kLevels + 1) + 4];
    int top = 0;
    stack[top++] = {0, 0, 0, 0, static_cast<std::uint32_t>(m_keys.size())};
    while (top > 0) {
        const Node n = stack[--top];
        const double size = cell_size(n.level);
        const double x0 = m_x0 + n.cx * size, y0 = m_y0 + n.cy * size;
        if (x0 > box.max_x || y0 > box.max_y || x0 + size < box.min_x || y0 + size < box.min_y)
            continue;
        if (n.level == level) {
            f(n.cx, n.cy, n.begin, n.end);
            continue;
        }
        // Children in key order; pushed in reverse so they pop in order.
        const int shift = 2 * (kLevels - n.level - 1);
        const std::uint64_t prefix = static_cast<std::uint64_t>(m_keys[n.begin]) >> (shift + 2);
        std::uint32_t bounds[5];
        bounds[0] = n.begin;
        bounds[4] = n.end;
        for (std::uint32_t q = 1; q < 4; ++q) {
            const std::uint64_t first = (prefix * 4 + q) << shift;
            bounds[q] = static_cast<std::uint32_t>(
                std::lower_bound(m_keys.begin() + bounds[q - 1], m_keys.begin() + n.end, first) -
                m_keys.begin());
        }
        for (int q = 3; q >= 0; --q)
            if (bounds[q] < bounds[q + 1])
                stack[top++] = {n.level + 1, n.cx * 2 + (q & 1), n.cy * 2 + (q >> 1), bounds[q],
                                bounds[q + 1]};
    }
}

template <class F> void SpatialIndex::for_each_in(const MapBox& box, F&& f) const {
    // A level whose cells are about a quarter of the box: few cells, few wasted members.
    const double span = std::max(box.width(), box.height());
    int level = kLevels;
    while (level > 0 && cell_size(level) * 4 < span)
        --level;
    walk(level, box, [&](std::uint32_t, std::uint32_t, std::uint32_t b, std::uint32_t e) {
        for (std::uint32_t k = b; k < e; ++k) {
            const MapPoint p = position(k);
            if (p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y && p.y <= box.max_y)
                f(m_ids[k], p);
        }
    });
}

} // namespace incimap::core
