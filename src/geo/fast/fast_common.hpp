#pragma once
// What the fast readers (fast_geojson, fast_csv) share: the file mapped read-only with zero
// padding past its end (simdjson reads up to 64 bytes beyond the last one), the attribute
// rows kept while the schema is still being learnt, and the step that turns a parsed source
// into the incident table and report exactly as the GDAL path does (field sampling, times,
// categories, sizes, problems in feature order).

#include "geo/read_options.hpp"

#include "core/attributes.hpp"
#include "core/file_spans.hpp"
#include "core/free_memory.hpp"
#include "core/incident_table.hpp"
#include "core/load_report.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo {
struct FieldPlan;
}

namespace incimap::geo::fast {

// Why a fast reader handed the file to GDAL (for tests and the debug log).
struct Declined {
    std::string why;
};

// What tells a file written over apart: device, inode, size and modification time (ns).
struct FileStamp {
    std::uint64_t device = 0, inode = 0;
    std::int64_t size = -1, mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
FileStamp stamp_of_fd(int fd);

// "<path>: changed while it was read (it shrank): nothing was added; …what to do".
std::string shrank_message(const std::string& path);

// A regular file mapped read-only; bytes [size, size + kPadding) read as zeros.
//
// A file that shrinks while it is mapped (another program truncates or rewrites it) makes
// the pages past its new end fault with SIGBUS. While a MapGuard is alive, a fault inside
// the mapping is taken by incimap's SIGBUS handler: it maps zero pages over the rest of the
// mapping, notes it, and the read goes on over zeros; the reader then reports shrank() as an
// error for that file. A SIGBUS anywhere else goes to the handler that was there before, or
// takes the default action (the process ends, as without the handler).
class MappedFile {
public:
    static constexpr std::size_t kPadding = 64;

    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    ~MappedFile();

    // nullopt (and `why`) when the file cannot be opened or mapped.
    static std::optional<MappedFile> open(const std::string& path, std::string& why);

    std::string_view text() const { return {m_data, m_size}; }
    const char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    // Pages wholly before `offset` are read and done: the kernel may drop them, so the
    // resident size follows the part being parsed rather than the whole file.
    void release_before(std::size_t offset);
    // The same for [begin, end) from any thread (a part read on a thread of its own).
    void release_range(std::size_t begin, std::size_t end) const;
    // Whether the file holds byte `c`, looked for a window at a time, each window's pages
    // let go once looked at (a whole-file check must not keep the file resident: issue 14).
    bool contains(char c) const;
    // The file as it was when mapped.
    const FileStamp& stamp() const { return m_stamp; }
    // Whether the file is now shorter than when it was mapped, or a guarded read faulted.
    bool shrank() const;

private:
    friend class MapGuard;
    int m_fd = -1; // kept open to look at the file again (fstat) after the read
    FileStamp m_stamp;
    int m_slot = -1; // the guard's slot while a MapGuard is alive
    mutable bool m_faulted = false;
    char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_mapped = 0;
    std::size_t m_released = 0;
    bool m_borrowed = false; // a TextOverride's text: not unmapped, not released
};

// Text in memory that stands for the file at `path` on this thread while alive (a source
// recoded to UTF-8 or given a header line, geo/source_text.hpp): MappedFile::open(path) then
// maps a view of `text` (which must have kPadding zero bytes past its end and outlive the
// override) instead of the file; release_before keeps it (GDAL reads it after a decline).
class TextOverride {
public:
    TextOverride(std::string path, std::string_view text, const FileStamp& stamp);
    ~TextOverride();
    TextOverride(const TextOverride&) = delete;
    TextOverride& operator=(const TextOverride&) = delete;

private:
    friend class MappedFile;
    std::string m_path;
    std::string_view m_text;
    FileStamp m_stamp;
    TextOverride* m_outer;
};

// Turns SIGBUS inside `file`'s mapping into zeros and MappedFile::shrank() while alive (any
// thread: simdjson may parse the next batch on a thread of its own).
class MapGuard {
public:
    explicit MapGuard(MappedFile& file);
    ~MapGuard();
    MapGuard(const MapGuard&) = delete;
    MapGuard& operator=(const MapGuard&) = delete;

private:
    MappedFile& m_file;
};

// A fast reader's way of handing a file to GDAL: says why (when asked), returns nothing.
std::optional<ReadResult> decline(Declined* declined, std::string why);

// Maps `path` and runs `read(MappedFile&)` under a MapGuard; a file that shrank meanwhile
// gives shrank_message() whatever was read, a file that cannot be mapped is declined.
template <class Read>
std::optional<ReadResult> read_guarded(const std::string& path, Declined* declined, Read&& read) {
    std::string why;
    auto file = MappedFile::open(path, why);
    if (!file)
        return decline(declined, std::move(why));
    std::optional<ReadResult> r;
    {
        MapGuard guard(*file);
        r = read(*file);
    }
    if (file->shrank()) {
        ReadResult changed;
        changed.report.source = path;
        changed.error = shrank_message(path);
        return changed;
    }
    return r;
}

// Attribute rows in the order fields were met (field ids are indices into the reader's own
// field list); rows are kept in blocks so that they can be freed while the final table is
// built from them.
class RowArena {
public:
    void begin_row() {
        m_scratch.clear();
        m_row_value_bytes = 0;
    }
    void add(std::uint32_t field, std::optional<std::string_view> value) {
        if (!m_keep_every_value && field < m_dropped.size() && m_dropped[field])
            return;
        add_value(field, value);
    }
    void end_row();
    // Values that finish() will not read (issue 14: a read's peak): with attributes on demand
    // they are read back from the file when shown, so a field whose values no chosen field
    // needs is not kept, except while keep_every_value(true) (the rows fields are chosen from).
    void drop_values_of(std::uint32_t field) {
        if (field >= m_dropped.size())
            m_dropped.resize(field + 1, false);
        m_dropped[field] = true;
    }
    void keep_every_value(bool keep) { m_keep_every_value = keep; }
    std::size_t rows() const { return m_offsets.size(); }
    std::size_t bytes() const { return m_bytes; }
    // The values' own bytes (no heads): what an AttributeStore of these rows holds besides its
    // 4 bytes a field a row.
    std::size_t value_bytes() const { return m_value_bytes; }
    // Calls f(field, optional<string_view>) for every value of `row`, in the order added.
    template <class F> void for_each(std::size_t row, F&& f) const;
    // Drops rows from `row` on (a chunk being read again).
    void truncate(std::size_t row);
    // Frees the blocks that hold only rows before `row`.
    void release_before(std::size_t row);
    // The same for the blocks that hold only rows in [first, row): safe from several threads
    // at once when each works on its own range of rows (fast::finish on threads).
    void release_between(std::size_t first, std::size_t row);
    // Where the last row ended lies in the source (attributes on demand read it back there).
    void set_span(std::uint64_t offset, std::uint32_t length);
    using Span = core::FileSpan;
    bool has_spans() const { return !m_spans.empty(); }
    // Bytes per block (default 4 MiB, for whole files); an arena of one row read back from
    // the file takes a small one, or each row would cost a 4 MiB allocation.
    void set_block_size(std::size_t bytes) { m_block_size = bytes; }
    Span span(std::size_t row) const { return row < m_spans.size() ? m_spans[row] : Span{}; }
    // Loading on every core: the bytes of one row, field ids rewritten in place (a part read
    // on a thread numbers fields by its own first sight), and a part's rows moved to the end.
    std::uint32_t row_bytes(std::size_t row) const { return where(row).length; }
    void remap_fields(const std::vector<std::uint32_t>& to);
    void append(RowArena&& part);
    // Room for `rows` rows in all (and their spans, `spans`) before parts are appended.
    void reserve_rows(std::size_t rows, bool spans);

private:
    // A value is stored as its field id (2 bytes: at most kMaxFields fields) and its length
    // + 1 (0: null) in 7-bit groups, low first (1 byte below 127), then its bytes: 3 bytes of
    // head where there were 8 (issue 14: a read's peak, 5 fields a row: 24 MiB at 1M).
    static std::uint32_t read_varint(const char*& p) {
        std::uint32_t v = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(*p++);
            v |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                return v;
        }
    }
    static constexpr std::size_t kBlock = std::size_t{4} << 20;
    // Where a row lies. The rows of a block lie one after another, so a row keeps only its
    // offset there (4 bytes where block, offset and length took 12: issue 14, a read's peak)
    // and a block its first row and where its last one ends.
    struct RowRef {
        std::uint32_t block, offset, length;
    };
    RowRef where(std::size_t row) const;
    std::uint32_t block_of(std::size_t row) const {
        // The last block that starts at or before `row` (a block truncated empty is passed).
        const auto after = std::upper_bound(m_block_first.begin(), m_block_first.end(), row);
        return static_cast<std::uint32_t>(after - m_block_first.begin() - 1);
    }
    std::vector<core::PageBlock> m_blocks; // freed as finish() consumes them: gone at once
    std::vector<std::size_t> m_block_first; // by block: the first row it holds
    std::vector<std::uint32_t> m_block_end; // by block: where its last row ends
    std::size_t m_block_size = kBlock;
    std::size_t m_block_used = kBlock;
    std::vector<std::uint32_t> m_offsets; // by row: where it starts in its block
    std::string m_scratch;
    std::size_t m_bytes = 0;
    std::size_t m_value_bytes = 0;
    std::size_t m_row_value_bytes = 0; // of the row being added
    core::FileSpans m_spans; // by row, when the reader records them
    std::vector<bool> m_dropped; // by field id: values not kept (drop_values_of)
    bool m_keep_every_value = false;

    void add_value(std::uint32_t field, std::optional<std::string_view> value);
};

// Parses one row again from its bytes in the source, into `out` (empty), with the field ids
// of the first read; false when the bytes are no longer that row.
using RowDecode = std::function<bool(std::string_view bytes, RowArena& out)>;
// The block size of an arena that holds one row read back (RowArena::set_block_size).
inline constexpr std::size_t kRowBlock = 4096;

// Whether a read keeps attributes on demand (row spans + a RowDecode) rather than in memory.
bool attributes_on_demand(const ReadOptions& options, std::size_t file_bytes);

inline RowArena::RowRef RowArena::where(std::size_t row) const {
    const std::uint32_t block = block_of(row);
    const std::uint32_t begin = m_offsets[row];
    const bool next_here = row + 1 < m_offsets.size() &&
                           (block + 1 >= m_block_first.size() || m_block_first[block + 1] > row + 1);
    return {block, begin, (next_here ? m_offsets[row + 1] : m_block_end[block]) - begin};
}

template <class F> void RowArena::for_each(std::size_t row, F&& f) const {
    const RowRef r = where(row);
    const char* p = m_blocks[r.block].get() + r.offset;
    const char* end = p + r.length;
    while (p < end) {
        std::uint16_t field = 0;
        __builtin_memcpy(&field, p, 2);
        p += 2;
        const std::uint32_t len_plus_1 = read_varint(p);
        if (len_plus_1 == 0) {
            f(std::uint32_t{field}, std::optional<std::string_view>{});
        } else {
            f(std::uint32_t{field}, std::optional<std::string_view>(std::string_view(p, len_plus_1 - 1)));
            p += len_plus_1 - 1;
        }
    }
}

// A source parsed by a fast reader, before fields are chosen.
struct ParsedSource {
    std::string driver; // the GDAL driver that reads the same format ("GeoJSON", "CSV", …)
    std::string layer;
    std::vector<core::FieldInfo> fields; // by field id (the order fields were met)
    std::vector<std::uint32_t> order;    // the layer's field order: field ids, as GDAL has them
    RowArena rows;                       // one row per feature, all features
    // One entry per point kept; lon/lat/z/feature_index/fid filled, the rest by finish().
    core::IncidentTable table;
    std::vector<core::Problem> geometry_problems; // the first kMaxProblemsKept, in order
    std::int64_t geometry_problem_count = 0;
    std::int64_t features = 0;
    std::int64_t skipped = 0;
    bool cancelled = false;
    std::string refused; // set when the read stops with this error (over the memory budget)
    // Set (with rows.set_span per row) when attributes stay in the file: finish() then keeps
    // each row's span and reads values back through this.
    RowDecode decode_row;
    // The source file when it was mapped: attributes are read back only from that file.
    FileStamp stamp;
    // Attributes on demand: the fields whose values past the first kSampleFeatures rows were
    // not kept (those the fields chosen from a first sample do not read; RowArena's
    // drop_values_of). finish() sets values_missing, and makes nothing, when the fields it
    // chooses need one of them after all; the reader then reads again keeping every value.
    std::vector<std::string> dropped_fields;
    bool values_missing = false;

    // False, with `refused` set, when what was read from `done_bytes` of `total_bytes`
    // (points and attribute rows, extrapolated over the file) does not fit the budget.
    bool within_budget(const std::string& path, std::size_t done_bytes, std::size_t total_bytes,
                       const ReadOptions& options);
    void add_geometry_problem(std::int64_t feature, std::string reason);
    // Counts the next feature as read and skipped, with an empty row: it takes `bytes` of the
    // file, over the `cap` one feature may take (max_feature_bytes).
    void skip_too_large(std::uint64_t bytes, std::uint64_t cap);
    // Reserves the point columns for about `done_bytes`/`total_bytes` of the file read so far
    // giving what has been read: one allocation instead of doublings and copies.
    void reserve_for(std::size_t done_bytes, std::size_t total_bytes);
};

// The incident table and report from a parsed source, as read_layer would fill them.
ReadResult finish(ParsedSource& source, const std::string& path, const ReadOptions& options);

// The layer's fields in GDAL's order into report.fields, pos_of (field id → that order's
// index, -1 when not listed) and the fields chosen from the first kSampleFeatures rows: what
// finish() chooses with, and what a reader chooses with from a first sample of its own.
void plan_from_rows(const ParsedSource& src, const ReadOptions& options,
                    core::LoadReport& report, std::vector<int>& pos_of, FieldPlan& plan);
// The fields (their ids in `sample`) that the fields chosen from `sample`'s first rows do not
// read: the values a reader with attributes on demand need not keep past those rows. nullopt
// when that choice has errors (finish() then says why).
std::optional<std::vector<std::uint32_t>> fields_not_read(const ParsedSource& sample,
                                                          const ReadOptions& options);

// "%.15g", as OGR prints a Real field (GetFieldAsString).
std::string real_text(double value);
// The file name without folders and extension, as GDAL names a file's one layer.
std::string layer_name_of(const std::string& path);

} // namespace incimap::geo::fast
