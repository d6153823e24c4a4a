#pragma once
// OGR field values as the text incimap stores and parses: typed dates become ISO 8601 (with
// their zone when GDAL knows it), everything is valid UTF-8.

#include "core/attributes.hpp"

#include <ogr_feature.h>

#include <optional>
#include <string>

namespace incimap::geo {

core::FieldType field_type_of(const OGRFieldDefn& field);

// nullopt for an unset or null field. With `midnight_as_date`, a DateTime at 00:00:00 with no
// zone is written as a date (`2024-01-04`): for columns that hold dates in a format that
// stores them as date-times (FlatGeobuf).
std::optional<std::string> field_text(const OGRFeature& feature, int field,
                                      bool midnight_as_date = false);

// Whether `field` is a DateTime at exactly midnight with no zone (how such formats store a
// date); false for any other type or value.
bool is_midnight_without_zone(const OGRFeature& feature, int field);

} // namespace incimap::geo
