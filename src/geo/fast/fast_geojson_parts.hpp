#pragma once
// The GeoJSON reader's parts (loading on every core, issue 14): a FeatureCollection's body
// read in parts from the cuts its one-thread read makes, GeoJSONSeq in parts at line ends,
// each part on a thread of its own, then merged in file order into what one thread builds
// (fast_parallel.hpp says how). Shared by fast_geojson.cpp (the one-thread read, which the
// parts reuse) and fast_geojson_parts.cpp (the split and the merge); not a public header.

#include "geo/fast/fast_geojson_feature.hpp"
#include "geo/fast/fast_parallel.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo::fast::geojson {

inline constexpr std::size_t kSeqBatch = std::size_t{4} << 20; // a document stream's batch

bool is_blank(char c);

// A cut before a `{` that follows `}` and `,` (blanks aside), at or after `from`: where one
// feature ends and the next begins in every layout (one per line, pretty-printed, minified).
// A cut inside a string or a nested value leaves a chunk that is not valid JSON; the caller
// then moves on to the next cut.
std::size_t next_cut(std::string_view body, std::size_t from);

// A part of the body read on a thread of its own: from one cut of the one-thread read to
// another, its budget checks recorded rather than made.
struct ChunkRun {
    std::size_t from = 0, to = 0; // cuts in the body; `to` is the body's size for the last part
    PartsShared* shared = nullptr;
    std::vector<PartCheck> checks;
    bool report_progress = false;
    std::uint64_t counted = 0; // table bytes added to shared
    bool reserved = false;     // the part's columns reserved after its first chunk
};

// Reads `body` (the inside of the features array) in chunks of whole features; with `run`,
// only its part, which must end exactly at a cut of the one-thread read.
bool read_chunks(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                 std::size_t chunk_bytes, GeoJsonBuilder& b, const ReadOptions& options,
                 std::string& why, ChunkRun* run = nullptr);

// Attributes on demand (issue 14: a read's peak): chooses the fields from the first
// kSampleFeatures features, read on their own, and sets `b` (configured, before its read) not
// to keep the values of the other fields past them (GeoJsonBuilder::drop_names). Their values
// are read back from the file when shown; finish() says when the fields chosen with the whole
// file's need one of them after all (ParsedSource::values_missing).
void choose_values_kept(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                        std::size_t chunk_bytes, GeoJsonBuilder& b, const ReadOptions& options);
// The same for GeoJSONSeq: the first kSampleFeatures lines.
void choose_seq_values_kept(MappedFile& file, GeoJsonBuilder& b, const ReadOptions& options);

// The body read in `parts` parts, each from a cut of the one-thread read on a thread of its
// own, then merged into `b` (empty, configured). false when the file is to be read on one
// thread instead; `b` is then untouched.
bool read_collection_parts(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                           std::size_t chunk_bytes, std::size_t parts, GeoJsonBuilder& b,
                           const ReadOptions& options);

// GeoJSONSeq split into parts at line ends, each read as a document stream on a thread of its
// own, then merged. A part must hold whole documents only (none cut at its end). false when
// the file is to be read on one thread; `b` is then untouched.
bool read_seq_parts(MappedFile& file, std::size_t parts, GeoJsonBuilder& b,
                    const ReadOptions& options);

} // namespace incimap::geo::fast::geojson
