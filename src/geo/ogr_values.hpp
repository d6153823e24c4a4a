#pragma once
// OGR field values as the text incimap stores and parses: typed dates become ISO 8601 (with
// their zone when GDAL knows it), everything is valid UTF-8.

#include "core/attributes.hpp"

#include <ogr_feature.h>

#include <optional>
#include <string>

namespace incimap::geo {

core::FieldType field_type_of(const OGRFieldDefn& field);

// nullopt for an unset or null field.
std::optional<std::string> field_text(const OGRFeature& feature, int field);

} // namespace incimap::geo
