// geo::fast::read_csv on any bytes (quoting, BOM, CRLF, coordinates, ragged rows); a table
// it returns satisfies the reader invariants.

#include "geo/fast_csv.hpp"

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

using namespace incimap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path =
        fuzz::scratch().write("input.csv", {reinterpret_cast<const char*>(data), size});
    geo::fast::Declined declined;
    if (const auto r = geo::fast::read_csv(path, {}, &declined))
        fuzz::check_result(*r);
    return 0;
}
