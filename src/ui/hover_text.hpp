#pragma once
// What the tooltip over an incident on the map says: its category, its time with the
// precision it was given, where it happened (the best place-like attribute) and the first line
// of its notes. Plain text, so that it is testable without a frame.

#include "core/attributes.hpp"
#include "core/time.hpp"

#include <string>

namespace incimap::ui {

// The index of the first field whose name is place-like (location, place, city, admin2,
// name, …) or notes-like (notes, description, summary, …), by a fixed order of preference,
// case-insensitive; −1 when none.
int place_field(const std::vector<core::FieldInfo>& fields);
int notes_field(const std::vector<core::FieldInfo>& fields);

// Lines: category; time; place (if any); the notes' first line, cut at `max_chars` with "…".
std::string hover_text(const std::string& category, const core::TimeInterval& time,
                       const core::AttributeStore& attributes, std::size_t row,
                       std::size_t max_chars = 90);

} // namespace incimap::ui
