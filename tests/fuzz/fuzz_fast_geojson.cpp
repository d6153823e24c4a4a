// geo::fast::read_geojson (a FeatureCollection) on any bytes, read whole-chunked (the
// default chunk size) and in small chunks that cut between features. A table it returns
// satisfies the reader invariants, and when both reads are taken they agree: the chunk
// size must never change what is read, and the chunked read, which leaves the attributes in
// the file, reads back the values the whole read kept.

#include "geo/fast/fast_geojson.hpp"

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace incimap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path =
        fuzz::scratch().write("input.geojson", {reinterpret_cast<const char*>(data), size});
    geo::fast::Declined declined;
    const auto whole = geo::fast::read_geojson(path, {}, &declined);
    if (whole)
        fuzz::check_result(*whole);
    // 1 to 256 bytes per chunk: several features per chunk or a cut inside every one.
    const std::size_t chunk = 1 + size % 256;
    // The chunked read leaves the attributes in the file (read back by their spans).
    const auto chunked =
        geo::fast::read_geojson(path, fuzz::attributes_in_file(), &declined, chunk);
    if (chunked)
        fuzz::check_result(*chunked);
    if (whole && chunked) {
        fuzz::check(whole->ok == chunked->ok, "chunked and whole reads agree on success");
        fuzz::check(whole->table.count() == chunked->table.count(),
                    "chunked and whole reads give as many incidents");
        fuzz::check(whole->report.features == chunked->report.features &&
                        whole->report.skipped == chunked->report.skipped &&
                        whole->report.problem_count == chunked->report.problem_count,
                    "chunked and whole reads give the same report counts");
        fuzz::check(whole->table.t_start == chunked->table.t_start &&
                        whole->table.fid == chunked->table.fid,
                    "chunked and whole reads give the same times and ids");
        fuzz::check_same_values(*whole, *chunked);
    }
    return 0;
}
