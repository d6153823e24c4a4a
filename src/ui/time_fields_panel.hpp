#pragma once
// Issue 20: a layer's time and end fields, chosen in its panel (combo boxes of the layer's
// fields and "(none)"); a choice asks the engine to read the layer's times again.

#include "core/app_state.hpp"
#include "core/attributes.hpp"
#include "core/load_report.hpp"

#include <cstddef>
#include <vector>

namespace incimap::ui {

// The choice a combo makes: `picked_end` false for the time field. Choosing no time also
// drops the end; a new time keeps the end field chosen before.
core::TimeFields choose_time_field(const core::LoadReport& report, bool picked_end,
                                   const std::string& field);

void draw_time_fields(std::size_t layer, const core::LoadReport& report,
                      const std::vector<core::FieldInfo>& fields, bool reading,
                      core::Commands& commands);

} // namespace incimap::ui
