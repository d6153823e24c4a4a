#pragma once
// CRS definitions that come with the data (a GeoJSON `crs` member, a `.prj` beside a
// Shapefile or CSV, a session's or the user's --projection) are text that PROJ may turn into
// file opens: `+nadgrids=/some/file`, `+init=/path/x:1`, a WKT `PARAMETERFILE` or
// `EXTENSION["PROJ4_GRIDS", …]`. PROJ opens any file the user can read (a FIFO blocks it
// forever), and looks up relative names in the current folder too. A global file hook is not
// possible: GDAL's OSR keeps its own PROJ context per thread, out of reach, and PROJ's
// contexts do not inherit a file API from the default one. So such definitions are refused
// before PROJ or GDAL sees them.

#include <string>
#include <string_view>

namespace incimap::geo {

// Why `definition` must not be handed to PROJ, as a phrase ("names the file /tmp/x
// (+nadgrids=/tmp/x)"); empty when it names no file outside PROJ's own data folders.
// Allowed: grid names without a folder that PROJ has in its search path (proj_info()
// .searchpath) or that exist nowhere (PROJ then fails by itself), `+init=epsg:…`/`ignf:…`.
std::string crs_names_a_file(std::string_view definition);

// The same check on a GeoJSON file's top-level `crs` member (found without parsing the
// features, through /vsizip/ too); empty when there is none, it is fine, or the file cannot be
// read (the driver then says why).
std::string geojson_crs_names_a_file(const std::string& path);

// The same check on a `.prj` (or `.PRJ`) beside `path`; empty when there is none or it is fine.
std::string sidecar_prj_names_a_file(const std::string& path);

// The same check on the CRS strings (wkt, code_string, …) of a FlatGeobuf header; empty when
// there is none, it is fine, or the file is not one (the driver then says why).
std::string flatgeobuf_crs_names_a_file(const std::string& path);

} // namespace incimap::geo
