#include "app/filter_flags.hpp"

#include "geo/area_reader.hpp"

namespace incimap::app {

void FilterFlags::add_to(CLI::App& command) {
    command.add_option("--category", categories,
                       "Only incidents of this category (repeat for several)");
    command.add_option("--search", search,
                       "Only incidents with this text in a text attribute (any case)");
    command.add_flag("--skip-undated", skip_undated,
                     "Leave out incidents without a time (kept by default, as on the map)");
    command.add_option("--within", within,
                       "Only incidents inside the polygons of this file (GeoJSON, GPKG, "
                       "Shapefile, ...; any CRS, holes and multipolygons honoured)");
}

bool FilterFlags::read_area(core::SharedArea& area, std::string& error) const {
    if (within.empty())
        return true;
    area = geo::read_area_file(within, error);
    if (!area)
        error = "--within " + error;
    return static_cast<bool>(area);
}

} // namespace incimap::app
