#pragma once
// The time and end fields of a layer as the user chose them in the layer's panel (issue 20),
// by name: "" is none (no time: every incident undated; no end: each lasts its precision).
// A layer with a choice is read again with it; without one it keeps what the reader detected.

#include <string>

namespace incimap::core {

struct TimeFields {
    std::string start; // the time field; "" none
    std::string end;   // the end field; "" none
    friend bool operator==(const TimeFields&, const TimeFields&) = default;
};

} // namespace incimap::core
