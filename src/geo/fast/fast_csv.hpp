#pragma once
// A fast reader for CSV with latitude/longitude columns (the names GDAL's CSV driver is given
// in source_open.cpp), filling the table as GDAL's CSV driver with those open options would:
// every column a String field except the coordinate columns (Real), FIDs from 1, a row with
// an empty coordinate has no geometry. RFC 4180 quoting, a UTF-8 BOM and CRLF line ends are
// read; anything else unusual (another separator, a .csvt or .prj beside the file, ragged
// rows, blank lines, a WKT or Z column, coordinates that are not plain numbers) declines.

#include "geo/fast/fast_common.hpp"
#include "geo/read_options.hpp"

#include <optional>
#include <string>

namespace incimap::geo::fast {

std::optional<ReadResult> read_csv(const std::string& path, const ReadOptions& options,
                                   Declined* declined = nullptr);

} // namespace incimap::geo::fast
