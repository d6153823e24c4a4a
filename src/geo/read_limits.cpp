#include "geo/read_limits.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace incimap::geo {

namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;
constexpr std::uint64_t kGiB = kMiB * 1024;
constexpr std::uint64_t kMinBudget = 256 * kMiB;

// Below this much read, an extrapolation says more about the file's head than about it.
constexpr double kMinFractionToExtrapolate = 0.02;

std::uint64_t physical_memory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return 4 * kGiB;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

} // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || !(value >= 0) || !std::isfinite(value))
        return std::nullopt;
    std::string unit(end, text.data() + text.size());
    for (auto& c : unit)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!unit.empty() && unit.front() == ' ')
        unit.erase(0, 1);
    std::uint64_t scale = 1;
    if (unit.empty() || unit == "B")
        scale = 1;
    else if (unit == "K" || unit == "KB" || unit == "KIB")
        scale = kKiB;
    else if (unit == "M" || unit == "MB" || unit == "MIB")
        scale = kMiB;
    else if (unit == "G" || unit == "GB" || unit == "GIB")
        scale = kGiB;
    else if (unit == "T" || unit == "TB" || unit == "TIB")
        scale = kGiB * 1024;
    else
        return std::nullopt;
    const double bytes = value * static_cast<double>(scale);
    if (bytes < 1 || bytes > 1e18)
        return std::nullopt;
    return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= kGiB)
        std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / kGiB);
    else if (bytes >= kMiB)
        std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(bytes) / kMiB);
    else
        std::snprintf(buf, sizeof buf, "%.0f KiB", std::ceil(static_cast<double>(bytes) / kKiB));
    return buf;
}

std::uint64_t memory_budget(std::uint64_t requested) {
    if (requested != 0)
        return requested;
    if (const char* env = std::getenv("INCIMAP_MEMORY_BUDGET"); env != nullptr && *env != '\0')
        if (auto v = parse_byte_size(env))
            return *v;
    return std::max(kMinBudget, physical_memory() / 2);
}

std::uint64_t estimate_from_file_size(std::uint64_t file_bytes, std::string_view driver) {
    // Text formats: the attribute text is most of the file and every incident adds its
    // columns; a feature takes at least ~60 bytes of GeoJSON/KML/GPX and ~16 of CSV. Half the
    // file is a floor that a real export does not go under (whitespace-padded files might).
    if (driver == "GeoJSON" || driver == "GeoJSONSeq" || driver == "TopoJSON" ||
        driver == "CSV" || driver == "KML" || driver == "LIBKML" || driver == "GPX")
        return file_bytes / 2;
    return 0;
}

std::string over_budget_message(const std::string& path, std::uint64_t needed,
                                std::uint64_t budget) {
    if (needed <= budget)
        return {};
    const std::uint64_t want = needed + needed / 4;
    const std::string flag = want >= kGiB ? std::to_string((want + kGiB - 1) / kGiB) + "G"
                                          : std::to_string((want + kMiB - 1) / kMiB) + "M";
    return path + ": needs about " + format_bytes(needed) + " of memory, more than the " +
           format_bytes(budget) +
           " budget; load a smaller extract (fewer features or columns), or raise the budget "
           "with --memory-budget " +
           flag + " if the machine has that much free";
}

std::uint64_t max_feature_bytes(std::uint64_t budget) {
    return std::max<std::uint64_t>(kMiB, std::min<std::uint64_t>(budget / 8, 256 * kMiB));
}

std::uint64_t gdal_csv_max_line(std::uint64_t budget) {
    return std::min<std::uint64_t>(10'000'000, max_feature_bytes(budget));
}

std::string feature_too_large(std::uint64_t bytes, std::uint64_t cap) {
    return format_bytes(bytes) + " in the file, more than the " + format_bytes(cap) +
           " one feature may take (an eighth of the memory budget); skipped";
}

std::string explain_feature_limit(std::string gdal_text, std::uint64_t max_bytes) {
    if (gdal_text.find("OGR_GEOJSON_MAX_OBJ_SIZE") == std::string::npos &&
        gdal_text.find("Maximum number of characters allowed reached") == std::string::npos)
        return gdal_text;
    return "a feature over the " + format_bytes(max_bytes) +
           " one feature may take (an eighth of the memory budget)";
}

std::string too_many_fields_message(const std::string& path, const std::string& where) {
    return path + ": more than " + std::to_string(kMaxFields) +
           " different properties (fields), met " + where +
           "; keep only the columns you need (e.g. ogr2ogr -select time,type,…) and open that";
}

std::string check_progress(const std::string& path, const TableSize& size, double done,
                           double total, std::uint64_t budget) {
    const std::uint64_t now = size.bytes();
    if (now > budget)
        return over_budget_message(path, now, budget);
    if (total > 0 && done > 0 && done / total >= kMinFractionToExtrapolate) {
        const double projected = static_cast<double>(now) * total / done;
        if (projected > static_cast<double>(budget))
            return over_budget_message(path, static_cast<std::uint64_t>(projected), budget);
    }
    return {};
}

} // namespace incimap::geo
