// geo::read_incidents through GDAL's drivers (fast readers off) on an in-memory file. The
// first byte picks the file's extension, and so the driver GDAL identifies it with; the rest
// is the file. One target covers GeoJSON, GeoJSONSeq, TopoJSON, CSV, KML (LIBKML, and our own
// KML time reader), GPX and FlatGeobuf. A result satisfies the reader invariants.

#include "geo/reader.hpp"

#include "fuzz_support.hpp"

#include <cpl_vsi.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace incimap;

namespace {

// Keep in the order the seed corpus was made with (tests/fuzz/make_corpus.sh).
constexpr std::array<const char*, 7> kExtensions = {
    ".geojson", ".geojsonl", ".topojson", ".csv", ".kml", ".gpx", ".fgb"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const std::string path = std::string("/vsimem/incimap-fuzz/input") +
                             kExtensions[data[0] % kExtensions.size()];
    // GDAL reads the buffer in place; a copy keeps libFuzzer's input untouched.
    std::vector<GByte> bytes(data + 1, data + size);
    VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), bytes.data(), bytes.size(), FALSE);
    fuzz::check(f != nullptr, "the in-memory file is made");
    VSIFCloseL(f);
    geo::ReadOptions options;
    options.fast_readers = false;
    const geo::ReadResult r = geo::read_incidents(path, options);
    fuzz::check_result(r);
    VSIUnlink(path.c_str());
    return 0;
}
