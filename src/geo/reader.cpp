#include "geo/reader.hpp"

#include "geo/fast/fast_csv.hpp"
#include "geo/fast/fast_geojson.hpp"
#include "geo/gdal/gdal_runtime.hpp"
#include "geo/gdal/layer_read.hpp"
#include "geo/read_limits.hpp"
#include "geo/source_text.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

namespace incimap::geo {

namespace {

bool fast_readers_enabled(const ReadOptions& options) {
    if (!options.fast_readers || !options.layer.empty() || !options.layers.empty())
        return false;
    const char* off = std::getenv("INCIMAP_NO_FAST_READERS");
    return off == nullptr || off[0] == '\0' || std::string_view(off) == "0";
}

// The fast readers for the formats that carry big data; nullopt when none applies or the
// one that applies declines (GDAL reads the file then).
std::optional<ReadResult> read_fast(const std::string& path, const ReadOptions& options) {
    if (!fast_readers_enabled(options) || path.rfind("/vsi", 0) == 0 ||
        path.find("://") != std::string::npos)
        return std::nullopt;
    // Not a pipe or a device: opening a FIFO would wait for a writer (the GDAL path refuses
    // it with a message).
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return std::nullopt;
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto started = std::chrono::steady_clock::now();
    fast::Declined declined;
    std::optional<ReadResult> r;
    if (ext == ".geojson" || ext == ".json")
        r = fast::read_geojson(path, options, &declined);
    else if (ext == ".geojsonl" || ext == ".geojsons")
        r = fast::read_geojson_seq(path, options, &declined);
    else if (ext == ".csv")
        r = fast::read_csv(path, options, &declined);
    else
        return std::nullopt;
    if (std::getenv("INCIMAP_FAST_READERS_VERBOSE") != nullptr) {
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (r)
            std::fprintf(stderr, "incimap: fast reader read %s in %.3f s\n", path.c_str(), s);
        else
            std::fprintf(stderr, "incimap: fast reader declined %s after %.3f s: %s\n",
                         path.c_str(), s, declined.why.c_str());
    }
    return r;
}

// The check before reading: a text file whose size alone says it cannot fit the budget is
// refused at once rather than after minutes of parsing. "" when it may fit.
std::string check_file_size(const std::string& path, const ReadOptions& options) {
    if (path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos)
        return {};
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec)
        return {}; // the open says what is wrong with the path
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* format = ext == ".geojson" || ext == ".json" ? "GeoJSON"
                         : ext == ".geojsonl" || ext == ".geojsons" ? "GeoJSONSeq"
                         : ext == ".topojson" ? "TopoJSON"
                         : ext == ".csv" ? "CSV"
                         : ext == ".kml" ? "KML"
                         : ext == ".gpx" ? "GPX"
                                         : "";
    return over_budget_message(path, estimate_from_file_size(bytes, format),
                               memory_budget(options.memory_budget_bytes));
}

} // namespace

ReadResult read_incidents(const std::string& path, const ReadOptions& options) {
    // Nothing a reader does on this thread reaches the network unless the user allowed it.
    NetworkGuard network(options.allow_network);
    std::optional<ReadResult> fast;
    // Text as written: recoded to UTF-8 (or given its header line) in memory first when the
    // bytes are not what the parsers read; both readers then read that text.
    SourceText text;
    std::optional<fast::TextOverride> text_override;
    ReadOptions prepared_options;
    const ReadOptions* opts = &options;
    if (std::string over = check_file_size(path, options); !over.empty()) {
        fast = ReadResult{};
        fast->report.source = path;
        fast->error = over;
    } else if (text = prepare_source_text(path, memory_budget(options.memory_budget_bytes));
               !text.error.empty()) {
        fast = ReadResult{};
        fast->report.source = path;
        fast->error = text.error;
    } else {
        if (text.in_memory()) {
            // Attributes stay in memory: the file's bytes are not the text that was read.
            prepared_options = options;
            prepared_options.attributes = ReadOptions::Attributes::Memory;
            opts = &prepared_options;
            text_override.emplace(path, text.text(), text.stamp());
        }
        fast = read_fast(path, *opts);
    }
    ReadResult r = fast ? std::move(*fast)
                        : read_gdal_source(path, text.in_memory() ? text.gdal_path() : path, *opts);
    text_override.reset();
    report_source_text(text, path, r);
    if (!network.refused().empty()) {
        std::string note = "the file names " + network.refused().front() +
                           (network.refused().size() > 1 ? " (and more)" : "") +
                           "; not fetched: network access is off (--allow-network allows it)";
        r.report.notes.push_back(core::sanitize_utf8(note));
    }
    // One line, always: the CLI prints it as `incimap: <error>` and scripts read one line.
    std::replace(r.error.begin(), r.error.end(), '\n', ' ');
    std::replace(r.error.begin(), r.error.end(), '\r', ' ');
    return r;
}

} // namespace incimap::geo
