#pragma once
// Reading any supported vector source into an incident table. The source is opened
// read-only through the driver whitelist; GDAL's messages are captured into the report.
// A feature that cannot become an incident is counted and described in the report; only a
// source that cannot be read at all is an error. The options and the result are in
// geo/read_options.hpp.

#include "geo/read_options.hpp"

#include <string>

namespace incimap::geo {

ReadResult read_incidents(const std::string& path, const ReadOptions& options = {});

} // namespace incimap::geo
