// The floor under the fast readers (issue 14): the least work any reader of the same file does.
// GeoJSON: one simdjson On-Demand pass that visits every value of every feature (no field
// plan, no table). CSV: one pass that splits the text into lines and the lines at commas. Both
// from the file in the page cache; the reader's time (`incimap info`) is reported as a
// multiple of this by bench/load_bench.sh.
//
//   incimap_bench_floor FILE.{geojson,json,csv}   → "floor_s=S values=N" on stdout

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

namespace sj = simdjson::ondemand;

// Every value under `v`, counted (scalars read as raw tokens).
std::size_t visit(sj::value v) {
    sj::json_type type;
    if (v.type().get(type))
        return 0;
    std::size_t n = 0;
    switch (type) {
    case sj::json_type::object: {
        sj::object o;
        if (v.get_object().get(o))
            return 0;
        for (auto field : o) {
            sj::value inner;
            if (field.value().get(inner))
                return n;
            n += visit(inner);
        }
        return n;
    }
    case sj::json_type::array: {
        sj::array a;
        if (v.get_array().get(a))
            return 0;
        for (auto item : a) {
            sj::value inner;
            if (item.get(inner))
                return n;
            n += visit(inner);
        }
        return n;
    }
    default: (void)v.raw_json_token(); return 1;
    }
}

std::size_t geojson_floor(const std::string& path) {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text)) {
        std::fprintf(stderr, "%s: cannot read\n", path.c_str());
        return 0;
    }
    sj::parser parser;
    sj::document doc;
    sj::array features;
    if (parser.iterate(text).get(doc) || doc["features"].get_array().get(features)) {
        std::fprintf(stderr, "%s: not a FeatureCollection\n", path.c_str());
        return 0;
    }
    std::size_t n = 0;
    for (auto item : features) {
        sj::value feature;
        if (item.get(feature))
            break;
        n += visit(feature);
    }
    return n;
}

std::size_t csv_floor(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        return 0;
    std::string text;
    char buf[1 << 16];
    for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, f)) > 0;)
        text.append(buf, got);
    std::fclose(f);
    std::size_t fields = 0;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        const char* line_end = nl ? static_cast<const char*>(nl) : end;
        for (const char* q = p; q < line_end;) {
            const void* comma = std::memchr(q, ',', static_cast<std::size_t>(line_end - q));
            ++fields;
            q = comma ? static_cast<const char*>(comma) + 1 : line_end;
        }
        p = line_end + 1;
    }
    return fields;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: incimap_bench_floor FILE.{geojson,json,csv}\n");
        return 2;
    }
    const std::string path = argv[1];
    const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = csv ? csv_floor(path) : geojson_floor(path);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (n == 0)
        return 1;
    std::printf("floor_s=%.3f values=%zu\n", s, n);
    return 0;
}
