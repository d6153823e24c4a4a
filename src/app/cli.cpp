#include "app/cli.hpp"

#include "geo/read_limits.hpp"

namespace incimap::app {

void ReaderFlags::add_to(CLI::App& command) {
    command.add_option("--layer", layer, "Layer to read, by name or 0-based index");
    command.add_option("--time-field", time_field, "Field with the incident time (start)");
    command.add_option("--end-field", end_field, "Field with the end of the incident time");
    command.add_option("--category-field", category_field, "Field to colour incidents by");
    command.add_option("--size-field", size_field, "Numeric field to size incidents by");
    command.add_option("--date-order", date_order, "Numeric dates like 04/01/2024: dmy or mdy")
        ->check(CLI::IsMember({"dmy", "mdy"}));
    command.add_flag("--allow-network", allow_network,
                     "Allow URLs and /vsicurl/ paths (off by default)");
    command
        .add_option("--memory-budget", memory_budget,
                    "Most memory a file's table may take, e.g. 2G or 512M (default: half of RAM)")
        ->check([](const std::string& v) {
            return geo::parse_byte_size(v) ? std::string()
                                           : "expected a size such as 2G, 512M or 800000000";
        });
    command
        .add_option("--attributes", attributes,
                    "Where attribute values stay: memory, file (read back when shown) or auto "
                    "(file for GeoJSON, GeoJSONSeq and CSV over 1 GiB)")
        ->check(CLI::IsMember({"auto", "memory", "file"}));
}

geo::ReadOptions ReaderFlags::to_options() const {
    geo::ReadOptions o;
    o.layer = layer;
    o.fields.time = time_field;
    o.fields.end = end_field;
    o.fields.category = category_field;
    o.fields.size = size_field;
    if (date_order == "dmy")
        o.fields.order = core::DayMonthOrder::DayFirst;
    else if (date_order == "mdy")
        o.fields.order = core::DayMonthOrder::MonthFirst;
    o.allow_network = allow_network;
    if (!memory_budget.empty())
        o.memory_budget_bytes = geo::parse_byte_size(memory_budget).value_or(0);
    if (attributes == "memory")
        o.attributes = geo::ReadOptions::Attributes::Memory;
    else if (attributes == "file")
        o.attributes = geo::ReadOptions::Attributes::OnDemand;
    return o;
}

} // namespace incimap::app
