// The GeoJSON reader's parts (fast_geojson_parts.hpp): where a FeatureCollection's body is
// cut, GeoJSONSeq's line-end split, and the merge of the parts in file order.

#include "geo/fast/fast_geojson_parts.hpp"

#include "geo/field_plan.hpp"
#include "geo/read_limits.hpp"

#include "core/parallel.hpp"

#include <simdjson.h>

#include <algorithm>

namespace incimap::geo::fast::geojson {

namespace sj = simdjson::ondemand;

namespace {

// The cuts the one-thread read will make (as long as no cut falls inside a string: a part
// that starts at such a cut does not line up, and the file is read on one thread); empty when
// a feature is over the size cap (read on one thread, which skips it).
std::vector<std::size_t> planned_cuts(std::string_view body, std::size_t chunk_bytes,
                                      std::uint64_t max_feature) {
    std::vector<std::size_t> cuts;
    std::size_t pos = 0;
    while (true) {
        std::size_t begin = pos;
        while (begin < body.size() && (is_blank(body[begin]) || body[begin] == ','))
            ++begin;
        if (begin >= body.size())
            return cuts;
        const std::size_t cut = next_cut(body, std::min(body.size(), begin + chunk_bytes));
        if (cut - begin > chunk_bytes + max_feature)
            return {};
        cuts.push_back(cut);
        pos = cut;
    }
}

// Merges parts read on threads into `b` (empty, configured): fields, their order and the ids
// as one thread would have learnt them, part by part, and the one-thread read's budget checks
// (`checks`, with each part's own counts) over the counts so far. false when one thread would
// have declined or refused by then (the caller then reads on one thread).
bool merge_parts(GeoJsonBuilder& b, std::vector<GeoJsonBuilder>& builders,
                 const std::vector<std::vector<PartCheck>>& checks, std::size_t total_bytes,
                 const ReadOptions& options) {
    const std::size_t n = builders.size();
    std::vector<std::vector<std::uint32_t>> remaps(n);
    std::uint64_t incidents = 0, row_bytes = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (!b.absorb(builders[k], remaps[k]))
            return false;
        for (const PartCheck& check : checks[k])
            if (!check_fits(b.path, check, incidents, row_bytes, total_bytes, options))
                return false;
        incidents += builders[k].src.table.count();
        row_bytes += builders[k].src.rows.bytes();
    }
    core::run_parts(n, [&](std::size_t k) { builders[k].src.rows.remap_fields(remaps[k]); });
    std::vector<ParsedSource> srcs;
    srcs.reserve(n);
    for (GeoJsonBuilder& p : builders)
        srcs.push_back(std::move(p.src));
    builders.clear();
    append_parts(b.src, srcs, b.fid_follows_feature());
    return true;
}

// A builder for a part, configured as `b` is.
void configure_part(const GeoJsonBuilder& b, GeoJsonBuilder& p) {
    p.src.stamp = b.src.stamp;
    p.src.driver = b.src.driver;
    p.path = b.path;
    p.spans = b.spans;
    p.type_dates = b.type_dates;
    p.defer_order = true;
    p.drop_names = b.drop_names;
    p.keep_every_before = b.keep_every_before;
}

// Attributes on demand: `sample` read the first kSampleFeatures features of the file on its
// own (or more); the fields are chosen from them, and `b` is set not to keep the values of
// the sample's other fields past them. Nothing is set when the sample is short.
void keep_what_the_sample_needs(GeoJsonBuilder& sample, GeoJsonBuilder& b,
                                const ReadOptions& options) {
    if (sample.src.rows.rows() < kSampleFeatures || !sample.schema())
        return;
    const RowArena::Span last = sample.src.rows.span(kSampleFeatures - 1);
    if (last.length == 0)
        return;
    const auto ids = fields_not_read(sample.src, options);
    if (!ids)
        return;
    auto dropped = std::make_shared<std::vector<std::string>>();
    for (const std::uint32_t id : *ids)
        dropped->push_back(sample.src.fields[id].name);
    if (dropped->empty())
        return;
    b.src.dropped_fields = *dropped;
    b.drop_names = std::move(dropped);
    b.keep_every_before = last.offset + last.length;
}

// A builder for the sample, configured as `b` is, learning the field order as one thread.
GeoJsonBuilder sample_builder(const GeoJsonBuilder& b) {
    GeoJsonBuilder sample;
    configure_part(b, sample);
    sample.defer_order = false;
    return sample;
}

} // namespace

// The FeatureCollection's first features: the cuts of the one-thread read, until that many.
void choose_values_kept(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                        std::size_t chunk_bytes, GeoJsonBuilder& b, const ReadOptions& options) {
    const std::string_view body = file.text().substr(body_begin, body_end - body_begin);
    const std::uint64_t budget = memory_budget(options.memory_budget_bytes);
    const std::vector<std::size_t> cuts = planned_cuts(body, chunk_bytes, max_feature_bytes(budget));
    GeoJsonBuilder sample = sample_builder(b);
    PartsShared shared;
    shared.budget = budget;
    ChunkRun run;
    run.shared = &shared;
    std::size_t read_to = 0;
    for (std::size_t k = 0; k < cuts.size() && sample.src.rows.rows() < kSampleFeatures; ++k) {
        run.from = read_to;
        run.to = cuts[k];
        std::string why;
        if (!read_chunks(file, body_begin, body_end, chunk_bytes, sample, options, why, &run))
            return;
        read_to = cuts[k];
    }
    if (read_to < body.size()) // else the sample is the whole body
        keep_what_the_sample_needs(sample, b, options);
}

// GeoJSONSeq's first lines, as a document stream of their own.
void choose_seq_values_kept(MappedFile& file, GeoJsonBuilder& b, const ReadOptions& options) {
    const std::string_view text = file.text();
    std::size_t end = 0;
    for (std::size_t lines = 0; lines < kSampleFeatures; ++lines) {
        const std::size_t nl = text.find('\n', end);
        if (nl == std::string_view::npos || nl + 1 >= text.size())
            return; // the sample would be the whole file
        end = nl + 1;
    }
    GeoJsonBuilder sample = sample_builder(b);
    sj::parser parser;
    sj::document_stream stream;
    if (parser.iterate_many(file.data(), end, std::min(kSeqBatch, end + 1)).get(stream))
        return;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        sj::document_reference doc;
        sj::object obj;
        if ((*it).get(doc) || doc.get_object().get(obj) || !sample.feature(obj))
            return;
        const std::string_view line = it.source();
        sample.src.rows.set_span(static_cast<std::size_t>(line.data() - file.data()),
                                 static_cast<std::uint32_t>(line.size()));
    }
    if (stream.truncated_bytes() == 0)
        keep_what_the_sample_needs(sample, b, options);
}

// Loading on every core: the body read in `parts` parts, each from a cut of the one-thread
// read on a thread of its own, then merged into `b` (empty, configured). false when the file
// is to be read on one thread instead (fast_parallel.hpp says when); `b` is then untouched.
bool read_collection_parts(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                           std::size_t chunk_bytes, std::size_t parts, GeoJsonBuilder& b,
                           const ReadOptions& options) {
    const std::string_view body = file.text().substr(body_begin, body_end - body_begin);
    const std::uint64_t budget = memory_budget(options.memory_budget_bytes);
    const std::vector<std::size_t> cuts = planned_cuts(body, chunk_bytes, max_feature_bytes(budget));
    std::vector<std::size_t> starts{0};
    for (std::size_t k = 1; k < parts; ++k) {
        const auto it = std::lower_bound(cuts.begin(), cuts.end(), body.size() * k / parts);
        if (it != cuts.end() && *it > starts.back() && *it < body.size())
            starts.push_back(*it);
    }
    const std::size_t n = starts.size();
    if (n < 2)
        return false;
    PartsShared shared;
    shared.budget = budget;
    shared.cancel = options.cancel;
    std::vector<GeoJsonBuilder> builders(n);
    std::vector<ChunkRun> runs(n);
    std::vector<char> ok(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
        configure_part(b, builders[k]);
        runs[k].from = starts[k];
        runs[k].to = k + 1 < n ? starts[k + 1] : body.size();
        runs[k].shared = &shared;
        runs[k].report_progress = k == 0;
    }
    core::run_parts(n, [&](std::size_t k) {
        std::string why;
        ok[k] = read_chunks(file, body_begin, body_end, chunk_bytes, builders[k], options, why,
                            &runs[k]);
        if (!ok[k])
            shared.stop = true;
    });
    if (shared.cancelled) {
        b.src.cancelled = true;
        return true;
    }
    if (std::count(ok.begin(), ok.end(), 1) != static_cast<long>(n))
        return false;
    std::vector<std::vector<PartCheck>> checks(n);
    for (std::size_t k = 0; k < n; ++k)
        checks[k] = std::move(runs[k].checks);
    return merge_parts(b, builders, checks, file.size(), options);
}

// Loading on every core: GeoJSONSeq split into parts at line ends, each read as a document
// stream on a thread of its own, then merged (merge_parts). A part must hold whole documents
// only (none cut at its end), so each ends where one ends and the next part begins at one.
// false when the file is to be read on one thread; `b` is then untouched.
bool read_seq_parts(MappedFile& file, std::size_t parts, GeoJsonBuilder& b,
                    const ReadOptions& options) {
    const std::string_view text = file.text();
    std::vector<std::size_t> bounds{0};
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t nl = text.find('\n', std::max(text.size() * k / parts, bounds.back()));
        if (nl == std::string_view::npos || nl + 1 >= text.size())
            break;
        bounds.push_back(nl + 1);
    }
    bounds.push_back(text.size());
    const std::size_t n = bounds.size() - 1;
    if (n < 2)
        return false;
    PartsShared shared;
    shared.budget = memory_budget(options.memory_budget_bytes);
    shared.cancel = options.cancel;
    std::vector<GeoJsonBuilder> builders(n);
    std::vector<std::vector<std::uint64_t>> starts(n); // each feature's offset, for the checks
    std::vector<char> ok(n, 0);
    for (std::size_t k = 0; k < n; ++k)
        configure_part(b, builders[k]);
    core::run_parts(n, [&](std::size_t k) {
        GeoJsonBuilder& p = builders[k];
        const std::size_t begin = bounds[k], len = bounds[k + 1] - bounds[k];
        sj::parser parser;
        sj::document_stream stream;
        auto failed = [&] {
            shared.stop = true;
            return;
        };
        if (parser.iterate_many(file.data() + begin, len, std::min(kSeqBatch, len + 1))
                .get(stream))
            return failed();
        std::uint64_t counted = 0;
        for (auto it = stream.begin(); it != stream.end(); ++it) {
            sj::document_reference doc;
            sj::object obj;
            if ((*it).get(doc) || doc.get_object().get(obj))
                return failed();
            if (p.drop_names) // the lines the fields are chosen from keep every value
                p.src.rows.keep_every_value(begin + it.current_index() < p.keep_every_before);
            if (!p.feature(obj))
                return failed();
            if (p.spans) {
                const std::string_view line = it.source();
                p.src.rows.set_span(static_cast<std::size_t>(line.data() - file.data()),
                                    static_cast<std::uint32_t>(line.size()));
            }
            const std::size_t at = begin + it.current_index();
            starts[k].push_back(at);
            if ((starts[k].size() & 0xFFF) == 0) {
                if (starts[k].size() == 0x1000)
                    p.src.reserve_for(at - begin, len);
                file.release_range(begin, at > kSeqBatch * 2 ? at - kSeqBatch * 2 : 0);
                const std::uint64_t now = TableSize{p.src.table.count(), p.src.rows.bytes()}.bytes();
                if (shared.should_stop() || !shared.add_bytes(now - counted))
                    return;
                counted = now;
                if (k == 0 && options.progress)
                    options.progress(0.9 * static_cast<double>(at - begin) /
                                     static_cast<double>(len));
            }
        }
        if (stream.truncated_bytes() != 0)
            return failed();
        ok[k] = 1;
    });
    if (shared.cancelled) {
        b.src.cancelled = true;
        return true;
    }
    if (std::count(ok.begin(), ok.end(), 1) != static_cast<long>(n))
        return false;
    // The one-thread read checks the budget after every 4096th feature (at its start).
    std::vector<std::vector<PartCheck>> checks(n);
    std::uint64_t before = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const ParsedSource& part = builders[k].src;
        std::uint64_t incidents = 0, row_bytes = 0;
        for (std::size_t f = 0; f < starts[k].size(); ++f) {
            row_bytes += part.rows.row_bytes(f);
            while (incidents < part.table.count() && part.table.feature_index[incidents] <= f)
                ++incidents;
            if (((before + f + 1) & 0xFFF) == 0)
                checks[k].push_back({starts[k][f], incidents, row_bytes});
        }
        before += starts[k].size();
    }
    starts.clear();
    return merge_parts(b, builders, checks, file.size(), options);
}

} // namespace incimap::geo::fast::geojson
