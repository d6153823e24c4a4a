// geo::read_incidents through GDAL's drivers (fast readers off) on a file in the target's
// scratch directory (/dev/shm): incimap refuses /vsimem/ and other virtual paths a user could
// type, so a real file goes the way a user's file goes. The first byte picks the file's
// extension, and so the driver GDAL identifies it with; the rest is the file. One target
// covers GeoJSON, GeoJSONSeq, TopoJSON, CSV, KML (LIBKML, and our own KML time reader), GPX
// and FlatGeobuf. A result satisfies the reader invariants.

#include "geo/reader.hpp"

#include "fuzz_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

using namespace incimap;

namespace {

// Keep in the order the seed corpus was made with (tests/fuzz/make_corpus.sh).
constexpr std::array<const char*, 7> kExtensions = {
    ".geojson", ".geojsonl", ".topojson", ".csv", ".kml", ".gpx", ".fgb"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const std::string path = fuzz::scratch().write(
        std::string("input") + kExtensions[data[0] % kExtensions.size()],
        {reinterpret_cast<const char*>(data) + 1, size - 1});
    geo::ReadOptions options;
    options.fast_readers = false;
    const geo::ReadResult r = geo::read_incidents(path, options);
    fuzz::check_result(r);
    return 0;
}
