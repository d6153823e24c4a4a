#pragma once
// Exports published without a header line (GDELT's event files): recognised by their column
// count and the shape of their first values, so that the known schema's column names can be
// put in front of the data (geo/source_text.hpp) and the file reads as if it had them.

#include "core/known_schemas.hpp"

#include <string_view>

namespace incimap::geo {

// The layout `first_line` (without its line end) has when it is the first row of a known
// headerless export; nullptr when it is not (a header line, another table).
const core::HeaderlessLayout* sniff_headerless(std::string_view first_line);

} // namespace incimap::geo
