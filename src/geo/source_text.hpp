#pragma once
// A text source prepared in memory when its bytes as written are not what the parsers read:
// recoded to UTF-8 (UTF-16 with a BOM, Windows-1252/Latin-1 or Windows-1256 CSV), or a known
// headerless export (GDELT events) with its schema's header line put in front. A pre-pass in
// front of the parsers: the fast readers map the prepared text instead of the file
// (fast::TextOverride), GDAL reads it as a /vsimem/ file of the same name, with copies of the
// .csvt and .prj beside the file; the input is never written. The text is one anonymous
// mapping, counted against the memory budget; the file is read in 1 MiB chunks (twice: to
// size, then to recode), never whole.

#include "geo/fast/fast_common.hpp"
#include "geo/read_options.hpp"
#include "geo/text_encoding.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace incimap::geo {

class SourceText {
public:
    SourceText() = default;
    ~SourceText();
    SourceText(const SourceText&) = delete;
    SourceText& operator=(const SourceText&) = delete;
    SourceText(SourceText&& other) noexcept;
    SourceText& operator=(SourceText&& other) noexcept;

    // Set when the file cannot be read as text ("<path>: not valid UTF-16: …; …what to do").
    std::string error;
    // How the file is written; examined: whether the bytes were looked at (text formats).
    TextEncoding encoding = TextEncoding::Utf8;
    bool examined = false;
    // The known schema whose header line was put in front ("" none).
    std::string header_schema;
    std::size_t header_columns = 0;

    bool in_memory() const { return m_data != nullptr; }
    bool recoded() const { return in_memory() && encoding != TextEncoding::Utf8; }
    // The prepared text (kPadding zero bytes follow it).
    std::string_view text() const { return {m_data, m_size}; }
    // The name GDAL opens it by: /vsimem/incimap-text/N/<the file's name>.
    const std::string& gdal_path() const { return m_gdal_path; }
    const fast::FileStamp& stamp() const { return m_stamp; }

private:
    friend SourceText prepare_source_text(const std::string& path, std::uint64_t budget);
    void release();
    void copy_sidecars(const std::string& path); // .csvt and .prj beside the in-memory text
    char* m_data = nullptr;
    std::size_t m_size = 0, m_mapped = 0;
    std::string m_gdal_path;
    std::vector<std::string> m_sidecars; // their in-memory copies, removed with the text
    fast::FileStamp m_stamp;
};

// Looks at `path` (CSV/TSV: encoding and a missing header; GeoJSON/GeoJSONSeq: a UTF-16 BOM)
// and prepares its text when it must be (in_memory()); other paths and formats come back
// untouched. `budget`: the read's memory budget (the text plus the table must fit).
SourceText prepare_source_text(const std::string& path, std::uint64_t budget);

// What was done to the text before it was read, in `r`'s report (encoding, recoded, the
// header supplied, a note each), with the in-memory name GDAL read replaced by `path` in
// what GDAL said. For a text that was examined but left as it is: the encoding only.
void report_source_text(const SourceText& text, const std::string& path, ReadResult& r);

} // namespace incimap::geo
