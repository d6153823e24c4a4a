#pragma once
// What the fuzz targets share: a scratch file per process for the readers that take a path
// (the fast readers map the file), and checks on what a reader returned. A failed check
// aborts, which libFuzzer reports as a crash with the input that caused it.

#include "geo/reader.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace incimap::fuzz {

// Aborts with a message when `ok` is false (an invariant a reader broke).
inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "incimap fuzz: invariant broken: %s\n", what);
        std::abort();
    }
}

// A directory of this process's own under /dev/shm (memory) or $TMPDIR, removed at exit.
class ScratchDir {
public:
    ScratchDir() {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm")
                                                          : fs::temp_directory_path();
        m_path = base / ("incimap-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(m_path, ec);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    // Writes `bytes` to NAME in the directory (replacing it) and returns its path.
    std::string write(const std::string& name, std::string_view bytes) const {
        const std::string path = (m_path / name).string();
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        check(static_cast<bool>(out), "the scratch file could be written");
        return path;
    }

private:
    std::filesystem::path m_path;
};

inline const ScratchDir& scratch() {
    static const ScratchDir dir;
    return dir;
}

// What every successful read must satisfy, whatever the input: the table's columns agree
// (the invariant in incident_table.hpp), times are intervals, the report adds up.
inline void check_result(const geo::ReadResult& r) {
    if (!r.ok) {
        check(!r.error.empty(), "a failed read says why");
        check(r.error.find('\n') == std::string::npos, "the error is one line");
        return;
    }
    const core::IncidentTable& t = r.table;
    const std::size_t n = t.count();
    // A column that follows its rule is not held (IncidentTable::compact_columns; the fast
    // readers compact z, the feature and the FID): the accessors give its values.
    const auto held_or_ruled = [&](std::size_t size) {
        return size == n || (size == 0 && t.compacted());
    };
    check(t.lat.size() == n && t.t_start.size() == n && held_or_ruled(t.t_end.size()) &&
              t.t_precision.size() == n && t.t_zone.size() == n && t.category.size() == n &&
              held_or_ruled(t.size.size()) && t.geo_precision.size() == n &&
              held_or_ruled(t.z.size()) && held_or_ruled(t.feature_index.size()) &&
              held_or_ruled(t.fid.size()) && held_or_ruled(t.attr_row.size()),
          "every column has count() elements, or follows its rule");
    for (std::size_t i = 0; i < n; ++i) {
        check(t.t_precision[i] == core::TimePrecision::None || t.t_start[i] < t.end_at(i),
              "a dated incident's interval is not empty");
        check(t.category[i] == core::kNoCategory || t.category[i] < t.categories.size(),
              "a category id is in the dictionary");
        check(static_cast<std::int64_t>(t.feature_at(i)) < r.report.features,
              "an incident comes from a feature that was read");
        check(t.attr_row_at(i) < t.attributes.row_count(), "an attribute row exists");
    }
    check(r.report.skipped >= 0 && r.report.skipped <= r.report.features,
          "skipped features are among those read");
    check(r.report.problems.size() <= core::LoadReport::kMaxProblemsKept,
          "at most kMaxProblemsKept problems kept");
}

// Options for a read that leaves attributes in the file (read back by their byte spans).
inline geo::ReadOptions attributes_in_file() {
    geo::ReadOptions options;
    options.attributes = geo::ReadOptions::Attributes::OnDemand;
    return options;
}

// A read with attributes left in the file gives, value by value, what the read that kept them
// in memory gave (the spans and the decoders against the first parse).
inline void check_same_values(const geo::ReadResult& memory, const geo::ReadResult& file) {
    check(memory.ok == file.ok, "attributes in memory or in the file: the same success");
    if (!memory.ok || !file.ok)
        return;
    const core::AttributeStore& a = memory.table.attributes;
    const core::AttributeStore& b = file.table.attributes;
    check(a.row_count() == b.row_count() && a.fields().size() == b.fields().size(),
          "attributes in memory or in the file: as many rows and fields");
    if (a.row_count() != b.row_count() || a.fields().size() != b.fields().size())
        return;
    for (std::size_t row = 0; row < a.row_count(); ++row)
        for (std::size_t f = 0; f < a.fields().size(); ++f)
            check(a.value(row, f) == b.value(row, f),
                  "a value read back from the file is the value first read");
}

} // namespace incimap::fuzz
