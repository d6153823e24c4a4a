#include "app/cli.hpp"

#include "geo/read_limits.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace incimap::app {

void ReaderFlags::add_to(CLI::App& command) {
    // One layer per --layer; repeated, several read into one (issue 15).
    command
        .add_option("--layer", layers,
                    "Layer to read, by name or 0-based index (repeat it to read several)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    command.add_option("--time-field", time_field, "Field with the incident time (start)");
    command.add_option("--end-field", end_field, "Field with the end of the incident time");
    command.add_option("--time-of-day-field", time_of_day_field,
                       "Field with the time of day beside a date field (HHMM or HH:MM[:SS])");
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
                    "(file for GeoJSON, GeoJSONSeq and CSV over 128 MiB)")
        ->check(CLI::IsMember({"auto", "memory", "file"}));
}

geo::ReadOptions ReaderFlags::to_options() const {
    geo::ReadOptions o;
    o.layers = layers;
    o.fields.time = time_field;
    o.fields.end = end_field;
    o.fields.time_of_day = time_of_day_field;
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

void TimeBoxFlags::add_to(CLI::App& command, const std::string& bbox_help) {
    command.add_option("--from", from,
                       "Time window start, inclusive (ISO date or datetime, UTC; a date: from "
                       "its start)");
    command.add_option("--to", to,
                       "Time window end, exclusive (a date: up to its start, so --to "
                       "2024-02-01 ends with January)");
    command.add_option("--bbox", bbox, bbox_help);
}

core::TimeWindow TimeBox::window() const {
    core::TimeWindow w;
    if (from)
        w.from = *from;
    if (to)
        w.to = *to;
    return w;
}

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Exactly four finite numbers separated by commas (blanks around each are fine).
std::optional<core::LonLatBox> parse_bbox(std::string_view text) {
    double v[4];
    for (int k = 0; k < 4; ++k) {
        const std::size_t comma = k < 3 ? text.find(',') : std::string_view::npos;
        if (k < 3 && comma == std::string_view::npos)
            return std::nullopt;
        const std::string_view part = trimmed(text.substr(0, comma));
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v[k]);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() ||
            !std::isfinite(v[k]))
            return std::nullopt;
        text = k < 3 ? text.substr(comma + 1) : std::string_view();
    }
    if (!core::is_valid_lonlat({v[0], v[1]}) || !core::is_valid_lonlat({v[2], v[3]}) ||
        !(v[0] < v[2]) || !(v[1] < v[3]))
        return std::nullopt;
    return core::LonLatBox{v[0], v[1], v[2], v[3], false};
}

std::optional<core::UnixMs> parse_instant(const std::string& text) {
    // A date alone parses as that day's interval; its start is where the window starts (from)
    // or ends (to, exclusive), so the day is whole on either side.
    const auto t = core::parse_time(text, {core::DayMonthOrder::Unknown, false});
    return t ? std::optional<core::UnixMs>(t->start_ms) : std::nullopt;
}

} // namespace

TimeBox parse_time_box(const TimeBoxFlags& flags) {
    TimeBox out;
    if (!flags.from.empty()) {
        out.from = parse_instant(flags.from);
        if (!out.from) {
            out.error = "--from " + flags.from + ": not an ISO date or datetime";
            return out;
        }
    }
    if (!flags.to.empty()) {
        out.to = parse_instant(flags.to);
        if (!out.to) {
            out.error = "--to " + flags.to + ": not an ISO date or datetime";
            return out;
        }
    }
    if (out.from && out.to && *out.to <= *out.from) {
        out.error = "--to " + flags.to + " is not after --from " + flags.from;
        return out;
    }
    if (!flags.bbox.empty()) {
        out.bbox = parse_bbox(flags.bbox);
        if (!out.bbox) {
            out.error = "--bbox " + flags.bbox +
                        ": expected minlon,minlat,maxlon,maxlat in degrees (lon −180…180, lat "
                        "−90…90, min < max)";
            return out;
        }
    }
    return out;
}

int report_parse_error(const CLI::App& cli, const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
        return cli.exit(error); // --help, --version
    std::string message = error.what();
    for (char& c : message)
        if (c == '\n' || c == '\r')
            c = ' ';
    // The subcommand whose options were being read, for the pointer to its help.
    std::string help = "incimap --help";
    for (const CLI::App* sub : cli.get_subcommands())
        help = "incimap " + sub->get_name() + " --help";
    std::fprintf(stderr, "incimap: %s; see %s\n", message.c_str(), help.c_str());
    return 1;
}

} // namespace incimap::app
