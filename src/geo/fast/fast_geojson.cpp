#include "geo/fast/fast_geojson.hpp"

#include "geo/fast/fast_geojson_feature.hpp"
#include "geo/fast/fast_geojson_parts.hpp"
#include "geo/fast/fast_parallel.hpp"

#include "geo/read_limits.hpp"

#include "core/parallel.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace incimap::geo::fast {

namespace {

constexpr std::size_t kWholeDocumentMax = std::size_t{64} << 20; // parsed in one go below this
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;        // parsed at a time (about)

// --- FeatureCollection ------------------------------------------------------------------------

struct Collection {
    bool is_collection = false;
    bool has_features = false;
    std::string name;
};

// The members of the top-level object; features go to `builder` when it is given.
bool top_level(sj::object top, Collection& c, GeoJsonBuilder* builder, std::string& why) {
    for (auto member : top) {
        sj::field f;
        std::string_view key;
        if (std::move(member).get(f) || f.unescaped_key().get(key)) {
            why = "invalid JSON";
            return false;
        }
        if (key == "type") {
            std::string_view t;
            if (f.value().get_string().get(t) || t != "FeatureCollection") {
                why = "not a FeatureCollection";
                return false;
            }
            c.is_collection = true;
        } else if (key == "name") {
            std::string_view n;
            if (f.value().get_string().get(n)) {
                why = "a name that is not a string";
                return false;
            }
            c.name = std::string(n);
        } else if (key == "crs") {
            // ogr2ogr writes CRS84 for WGS84 output: the same as no crs. Any other: GDAL.
            std::string_view name;
            if (f.value().at_pointer("/properties/name").get_string().get(name) ||
                (name != "urn:ogc:def:crs:OGC:1.3:CRS84" && name != "EPSG:4326" &&
                 name != "urn:ogc:def:crs:EPSG::4326")) {
                why = "a crs member other than WGS84";
                return false;
            }
        } else if (key == "features") {
            sj::array features;
            if (c.has_features || f.value().get_array().get(features)) {
                why = "features that are not an array";
                return false;
            }
            c.has_features = true;
            for (auto item : features) {
                sj::object obj;
                if (builder == nullptr || item.get_object().get(obj)) {
                    why = builder ? "a feature that is not an object" : "features after the head";
                    return false;
                }
                if (!builder->feature(obj)) {
                    why = builder->why;
                    return false;
                }
            }
        }
    }
    if (!c.is_collection || !c.has_features) {
        why = "not a FeatureCollection with features";
        return false;
    }
    return true;
}

bool at_end(sj::document& doc) {
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

} // namespace

bool geojson::is_blank(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

namespace {

using geojson::is_blank;
using geojson::kSeqBatch;
using geojson::choose_seq_values_kept;
using geojson::choose_values_kept;
using geojson::read_collection_parts;
using geojson::read_seq_parts;
using geojson::read_chunks;
using geojson::ChunkRun;

// The body of `"features": [ … ]` when the file is `{ head, "features": [ body ] }` with
// nothing after the array; checks the head's members. false when the layout is different.
bool split_collection(std::string_view text, std::size_t& body_begin, std::size_t& body_end,
                      Collection& c, std::string& why) {
    std::size_t end = text.size();
    while (end > 0 && is_blank(text[end - 1]))
        --end;
    if (end == 0 || text[end - 1] != '}')
        return false;
    --end;
    while (end > 0 && is_blank(text[end - 1]))
        --end;
    if (end == 0 || text[end - 1] != ']')
        return false;
    body_end = end - 1;
    const std::size_t key = text.find("\"features\"");
    if (key == std::string_view::npos || key > body_end)
        return false;
    std::size_t p = key + 10;
    while (p < body_end && is_blank(text[p]))
        ++p;
    if (p >= body_end || text[p] != ':')
        return false;
    ++p;
    while (p < body_end && is_blank(text[p]))
        ++p;
    if (p >= body_end || text[p] != '[')
        return false;
    body_begin = p + 1;
    std::string head(text.substr(0, key));
    head += "\"features\":[]}";
    simdjson::padded_string padded(head);
    sj::parser parser;
    sj::document doc;
    sj::object top;
    if (parser.iterate(padded).get(doc) || doc.get_object().get(top))
        return false;
    if (!top_level(top, c, nullptr, why))
        return false;
    return at_end(doc);
}

} // namespace

// A cut before a `{` that follows `}` and `,` (blanks aside), at or after `from`: where one
// feature ends and the next begins in every layout (one per line, pretty-printed, minified).
// A cut inside a string or a nested value leaves a chunk that is not valid JSON; the caller
// then moves on to the next cut.
std::size_t geojson::next_cut(std::string_view body, std::size_t from) {
    while (from < body.size()) {
        const void* hit = std::memchr(body.data() + from, '{', body.size() - from);
        if (hit == nullptr)
            return body.size();
        const auto brace = static_cast<std::size_t>(static_cast<const char*>(hit) - body.data());
        std::size_t p = brace;
        while (p > 0 && is_blank(body[p - 1]))
            --p;
        if (p > 0 && body[p - 1] == ',') {
            --p;
            while (p > 0 && is_blank(body[p - 1]))
                --p;
            if (p > 0 && body[p - 1] == '}')
                return brace;
        }
        from = brace + 1;
    }
    return body.size();
}

bool geojson::read_chunks(MappedFile& file, std::size_t body_begin, std::size_t body_end,
                          std::size_t chunk_bytes, GeoJsonBuilder& b, const ReadOptions& options,
                          std::string& why, ChunkRun* run) {
    const std::string_view body = file.text().substr(body_begin, body_end - body_begin);
    sj::parser parser;
    simdjson::dom::parser validator;
    std::string buf;
    const std::uint64_t max_feature =
        max_feature_bytes(memory_budget(options.memory_budget_bytes));
    std::size_t pos = run ? run->from : 0;
    bool comma_before = pos != 0; // a comma ended the previous chunk (before every cut)
    bool first = pos == 0;
    while (true) {
        if (run && run->to < body.size() && pos >= run->to) {
            if (pos == run->to)
                return true;
            why = "parts not lined up";
            return false;
        }
        std::size_t begin = pos;
        while (begin < body.size() && is_blank(body[begin]))
            ++begin;
        if (begin >= body.size()) {
            if (comma_before) {
                why = "a comma after the last feature";
                return false;
            }
            return true;
        }
        bool comma_here = false;
        if (body[begin] == ',') {
            comma_here = true;
            ++begin;
        }
        if (!first && comma_before == comma_here) {
            why = "features not separated by one comma";
            return false;
        }
        if (first && comma_here) {
            why = "a comma before the first feature";
            return false;
        }
        std::size_t cut = next_cut(body, std::min(body.size(), begin + chunk_bytes));
        if (cut - begin > chunk_bytes + max_feature && run) {
            why = "a feature over the size cap in a part"; // read on one thread
            return false;
        }
        if (cut - begin > chunk_bytes + max_feature) {
            // No cut for longer than a feature may be: find the feature over the cap. Those
            // before it are a chunk of their own; it is skipped, its bytes never copied.
            std::size_t start = begin, next = next_cut(body, begin + 1);
            while (next - start <= max_feature && next < cut) {
                start = next;
                next = next_cut(body, start + 1);
            }
            if (next - start > max_feature && start > begin) {
                cut = start;
            } else if (next - start > max_feature) {
                b.src.skip_too_large(next - start, max_feature);
                comma_before = next < body.size();
                first = false;
                pos = next;
                file.release_before(body_begin + pos);
                continue;
            }
        }
        for (int attempt = 0;; ++attempt) {
            std::size_t end = cut;
            while (end > begin && is_blank(body[end - 1]))
                --end;
            bool comma_after = false;
            if (cut < body.size() && end > begin && body[end - 1] == ',') {
                comma_after = true;
                --end;
            }
            const std::size_t len = end - begin + 2;
            buf.clear();
            buf.reserve(len + simdjson::SIMDJSON_PADDING);
            buf += '[';
            buf.append(body.data() + begin, end - begin);
            buf += ']';
            const Mark mark = b.mark();
            sj::document doc;
            sj::array arr;
            bool ok =
                !parser
                     .iterate(simdjson::padded_string_view(buf.data(), buf.size(), buf.capacity()))
                     .get(doc) &&
                !doc.get_array().get(arr);
            bool semantic = false;
            if (ok) {
                for (auto item : arr) {
                    sj::object obj;
                    const char* at = nullptr;
                    if ((b.spans && item.current_location().get(at)) ||
                        item.get_object().get(obj)) {
                        ok = false;
                        break;
                    }
                    if (b.drop_names) // the rows fields are chosen from keep every value
                        b.src.rows.keep_every_value(body_begin + begin +
                                                        static_cast<std::size_t>(at - buf.data()) -
                                                        1 <
                                                    b.keep_every_before);
                    if (!b.feature(obj)) {
                        ok = false;
                        semantic = true;
                        break;
                    }
                    if (b.spans) {
                        // The feature: from its '{' to the token after it (',' or ']').
                        const char* next = nullptr;
                        if (doc.current_location().get(next) || next < at)
                            next = buf.data() + buf.size() - 1;
                        const auto from = static_cast<std::size_t>(at - buf.data()) - 1;
                        b.src.rows.set_span(body_begin + begin + from,
                                            static_cast<std::uint32_t>(next - at));
                    }
                }
                ok = ok && at_end(doc);
            }
            if (ok) {
                comma_before = comma_after;
                pos = cut;
                break;
            }
            if (!b.src.refused.empty())
                return false;
            // Either the cut fell inside a feature (the chunk is not valid JSON: cut later)
            // or the file has something this reader does not take.
            const std::string reason = semantic ? b.why : "invalid JSON";
            b.rewind(mark);
            simdjson::dom::element ignored;
            const bool valid_chunk = !validator.parse(buf.data(), buf.size(), false).get(ignored);
            if (valid_chunk || cut >= body.size() || attempt >= 64) {
                why = reason;
                return false;
            }
            cut = next_cut(body, cut + 1);
        }
        if (run) {
            if (!run->reserved)
                b.src.reserve_for(pos - run->from, run->to - run->from);
            run->reserved = true;
            first = false;
            file.release_range(body_begin + begin, body_begin + pos);
            const std::uint64_t now = TableSize{b.src.table.count(), b.src.rows.bytes()}.bytes();
            run->checks.push_back({body_begin + pos, b.src.table.count(), b.src.rows.bytes()});
            if (run->shared->should_stop() || !run->shared->add_bytes(now - run->counted))
                return false;
            run->counted = now;
            if (run->report_progress && options.progress)
                options.progress(0.9 * static_cast<double>(pos - run->from) /
                                 static_cast<double>(run->to - run->from));
            continue;
        }
        if (first)
            b.src.reserve_for(pos, body.size());
        first = false;
        file.release_before(body_begin + pos);
        if (options.cancel && options.cancel->load()) {
            b.src.cancelled = true;
            return true;
        }
        if (!b.src.within_budget(b.path, body_begin + pos, file.size(), options))
            return true;
        if (options.progress)
            options.progress(0.9 * static_cast<double>(body_begin + pos) /
                             static_cast<double>(file.size()));
    }
}

// `keep_every_value`: no values dropped (choose_values_kept), the read again when the
// fields chosen needed one that was.
static std::optional<ReadResult> read_geojson_mapped(const std::string& path, MappedFile& mapped,
                                                     const ReadOptions& options, Declined* declined,
                                                     std::size_t chunk_bytes,
                                                     bool keep_every_value = false) {
    std::string why;
    MappedFile* const file = &mapped;
    GeoJsonBuilder b;
    b.src.stamp = file->stamp();
    b.src.driver = "GeoJSON";
    b.spans = attributes_on_demand(options, file->size());
    Collection c;
    std::size_t body_begin = 0, body_end = 0;
    bool chunked = split_collection(file->text(), body_begin, body_end, c, why);
    b.path = path;
    if (!chunk_bytes && options.min_bytes_per_thread)
        chunk_bytes = std::min(kChunkBytes, options.min_bytes_per_thread / 2);
    chunk_bytes = chunk_bytes ? chunk_bytes : kChunkBytes;
    if (b.spans && chunked && !keep_every_value)
        choose_values_kept(*file, body_begin, body_end, chunk_bytes, b, options);
    bool in_parts = false;
    if (const std::size_t parts = part_count(body_end - body_begin, options); chunked && parts > 1)
        in_parts = read_collection_parts(*file, body_begin, body_end, chunk_bytes, parts, b,
                                         options);
    if (in_parts && b.src.cancelled)
        return finish(b.src, path, options);
    if (chunked && !in_parts &&
        !read_chunks(*file, body_begin, body_end, chunk_bytes, b, options, why)) {
        if (!b.src.refused.empty())
            return finish(b.src, path, options);
        // A small file with members after "features" ends in `]}` too: read it whole.
        if (file->size() > kWholeDocumentMax)
            return decline(declined, why);
        b = GeoJsonBuilder{}; // read whole: a small file, attributes in memory
        b.src.driver = "GeoJSON";
        b.path = path;
        c = Collection{};
        chunked = false;
        why.clear();
    }
    if (!chunked) {
        if (!why.empty())
            return decline(declined, why);
        if (file->size() > kWholeDocumentMax)
            return decline(declined, "a large FeatureCollection with members after features");
        sj::parser parser;
        sj::document doc;
        sj::object top;
        if (parser
                .iterate(simdjson::padded_string_view(file->data(), file->size(),
                                                      file->size() + MappedFile::kPadding))
                .get(doc) ||
            doc.get_object().get(top))
            return decline(declined, "not a JSON object");
        if (!top_level(top, c, &b, why))
            return b.src.refused.empty() ? decline(declined, why) : finish(b.src, path, options);
        if (!at_end(doc))
            return decline(declined, "content after the top-level object");
    }
    if (!b.src.refused.empty())
        return finish(b.src, path, options);
    if (b.src.features == 0)
        return decline(declined, "no features");
    if (!b.schema())
        return decline(declined, b.why);
    b.src.layer = c.name.empty() ? layer_name_of(path) : c.name;
    if (b.spans && chunked)
        b.src.decode_row = geojson_row_decoder(b.src.fields, b.type_dates);
    ReadResult r = finish(b.src, path, options);
    if (b.src.values_missing) {
        b = GeoJsonBuilder{};
        return read_geojson_mapped(path, mapped, options, declined, chunk_bytes, true);
    }
    return r;
}

std::optional<ReadResult> read_geojson(const std::string& path, const ReadOptions& options,
                                       Declined* declined, std::size_t chunk_bytes) {
    return read_guarded(path, declined, [&](MappedFile& file) {
        return read_geojson_mapped(path, file, options, declined, chunk_bytes);
    });
}

// GeoJSONSeq on this thread: the stream read into `b`. true when the read ends here, with
// `early` its result (a decline is nullopt); false when `b` holds every feature.
static bool read_seq_stream(const std::string& path, MappedFile& mapped, GeoJsonBuilder& b,
                            const ReadOptions& options, Declined* declined,
                            std::optional<ReadResult>& early) {
    MappedFile* const file = &mapped;
    auto stop = [&](std::optional<ReadResult> r) {
        early = std::move(r);
        return true;
    };
    sj::parser parser;
    sj::document_stream stream;
    const std::uint64_t max_line = max_feature_bytes(memory_budget(options.memory_budget_bytes));
    std::size_t n = 0;
    // The stream is read from `base`; a line longer than a batch ends it (simdjson: CAPACITY),
    // and one over max_line is skipped, the stream going on after it.
    for (std::size_t base = 0; base < file->size();) {
        // simdjson sizes its buffers by the batch (over 5 bytes per batch byte): a small file
        // is one batch of its own size, not 4 MiB (each tiny file cost over 20 MB before).
        const std::size_t batch = std::min(kSeqBatch, file->size() - base + 1);
        if (parser.iterate_many(file->data() + base, file->size() - base, batch).get(stream))
            return stop(decline(declined, "not a JSON sequence"));
        std::size_t next_base = file->size();
        bool skipped_line = false;
        for (auto it = stream.begin(); it != stream.end(); ++it) {
            sj::document_reference doc;
            sj::object obj;
            if (const auto error = (*it).get(doc); error == simdjson::CAPACITY) {
                const std::size_t begin = base + it.current_index();
                const void* nl = std::memchr(file->data() + begin, '\n', file->size() - begin);
                const std::size_t end = nl ? static_cast<std::size_t>(
                                                 static_cast<const char*>(nl) - file->data())
                                           : file->size();
                if (end - begin <= max_line)
                    return stop(decline(declined, "a line longer than a batch"));
                b.src.skip_too_large(end - begin, max_line);
                file->release_before(end);
                next_base = end + 1;
                skipped_line = true;
                break;
            } else if (error || doc.get_object().get(obj)) {
                return stop(decline(declined, "a line that is not a JSON object"));
            }
            if (b.drop_names) // the lines the fields are chosen from keep every value
                b.src.rows.keep_every_value(base + it.current_index() < b.keep_every_before);
            if (!b.feature(obj))
                return stop(b.src.refused.empty() ? decline(declined, b.why)
                                                  : finish(b.src, path, options));
            if (b.spans) {
                const std::string_view line = it.source();
                b.src.rows.set_span(static_cast<std::size_t>(line.data() - file->data()),
                                    static_cast<std::uint32_t>(line.size()));
            }
            if ((++n & 0xFFF) == 0) {
                const std::size_t at = base + it.current_index();
                if (n == 0x1000)
                    b.src.reserve_for(at, file->size());
                file->release_before(at > kSeqBatch * 2 ? at - kSeqBatch * 2 : 0);
                if (options.cancel && options.cancel->load()) {
                    b.src.cancelled = true;
                    break;
                }
                if (!b.src.within_budget(path, at, file->size(), options))
                    return stop(finish(b.src, path, options));
                if (options.progress)
                    options.progress(0.9 * static_cast<double>(at) /
                                     static_cast<double>(file->size()));
            }
        }
        if (b.src.cancelled)
            break;
        if (!skipped_line && stream.truncated_bytes() != 0)
            return stop(decline(declined, "a truncated last line"));
        base = next_base;
    }
    return false;
}

// `keep_every_value`: as read_geojson_mapped's.
static std::optional<ReadResult> read_geojson_seq_mapped(const std::string& path,
                                                         MappedFile& mapped,
                                                         const ReadOptions& options,
                                                         Declined* declined,
                                                         bool keep_every_value = false) {
    std::string why;
    MappedFile* const file = &mapped;
    if (file->contains('\x1e'))
        return decline(declined, "RS-separated GeoJSON text sequence");
    GeoJsonBuilder b;
    b.src.stamp = file->stamp();
    b.src.driver = "GeoJSONSeq";
    b.path = path;
    b.type_dates = true;
    b.spans = attributes_on_demand(options, file->size());
    if (b.spans && !keep_every_value)
        choose_seq_values_kept(*file, b, options);
    if (const std::size_t parts = part_count(file->size(), options);
        parts > 1 && read_seq_parts(*file, parts, b, options)) {
        if (b.src.cancelled)
            return finish(b.src, path, options);
    } else {
        b = GeoJsonBuilder{};
        b.src.stamp = file->stamp();
        b.src.driver = "GeoJSONSeq";
        b.path = path;
        b.type_dates = true;
        b.spans = attributes_on_demand(options, file->size());
        if (b.spans && !keep_every_value)
            choose_seq_values_kept(*file, b, options);
        if (std::optional<ReadResult> early;
            read_seq_stream(path, *file, b, options, declined, early))
            return early;
    }
    if (b.src.features == 0)
        return decline(declined, "no features");
    if (!b.schema())
        return decline(declined, b.why);
    b.src.layer = layer_name_of(path);
    if (b.spans)
        b.src.decode_row = geojson_row_decoder(b.src.fields, b.type_dates);
    ReadResult r = finish(b.src, path, options);
    if (b.src.values_missing) {
        b = GeoJsonBuilder{};
        return read_geojson_seq_mapped(path, mapped, options, declined, true);
    }
    return r;
}

std::optional<ReadResult> read_geojson_seq(const std::string& path, const ReadOptions& options,
                                           Declined* declined) {
    return read_guarded(path, declined, [&](MappedFile& file) {
        return read_geojson_seq_mapped(path, file, options, declined);
    });
}

} // namespace incimap::geo::fast
