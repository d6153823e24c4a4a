// geo::fast::read_geojson_seq (GeoJSONSeq: one Feature per line, or RS-separated) on any
// bytes; a table it returns satisfies the reader invariants, and read again with the
// attributes left in the file it gives the same values.

#include "geo/fast/fast_geojson.hpp"

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

using namespace incimap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path =
        fuzz::scratch().write("input.geojsonl", {reinterpret_cast<const char*>(data), size});
    geo::fast::Declined declined;
    const auto r = geo::fast::read_geojson_seq(path, {}, &declined);
    if (r)
        fuzz::check_result(*r);
    // Again with the attributes left in the file: the same decision, the same values.
    const auto in_file = geo::fast::read_geojson_seq(path, fuzz::attributes_in_file(), &declined);
    fuzz::check(r.has_value() == in_file.has_value(), "attributes in the file: the same decline");
    if (r && in_file)
        fuzz::check_same_values(*r, *in_file);
    return 0;
}
