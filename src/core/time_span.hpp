#pragma once
// Incidents with a duration: an interval longer than the unit of its precision (a day-precise
// date is one day long by itself; `start 2024-01-03, end 2024-01-09` from an end field, or a
// KML TimeSpan, is longer). The histogram counts such an incident in every bin it overlaps,
// and the list shows its end.

#include "core/time.hpp"

#include <string>

namespace incimap::core {

// The longest interval a single value of this precision covers (Year: 366 days, Month: 31,
// Week: 7, Day: 1 day, …); 0 for None.
UnixMs precision_length_ms(TimePrecision precision);

// Whether `t` lasts longer than its precision says: it had an end of its own.
bool has_own_end(const TimeInterval& t);

// "2024-01-03 → 2024-01-09" for an interval with an end of its own (the end's last day or
// minute, at the start's precision, at most minutes), else the start alone as format_iso
// gives it (at most minutes); "undated" for None.
std::string format_start_end(const TimeInterval& t);

} // namespace incimap::core
