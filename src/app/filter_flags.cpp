#include "app/filter_flags.hpp"

namespace incimap::app {

void FilterFlags::add_to(CLI::App& command) {
    command.add_option("--category", categories,
                       "Only incidents of this category (repeat for several)");
    command.add_option("--search", search,
                       "Only incidents with this text in a text attribute (any case)");
    command.add_flag("--skip-undated", skip_undated,
                     "Leave out incidents without a time (kept by default, as on the map)");
}

} // namespace incimap::app
