#pragma once
// Attributes on demand: a source file's rows read back by their byte span. The fast readers
// record where each feature lies; the table then keeps 8 bytes per row and the detail
// panel, search and colour-by read values through FileRowReader. The file stays open (a
// descriptor, not a mapping: a file that shrinks underneath gives empty rows, not SIGBUS);
// once its size or modification time changes, rows read from it afterwards are null (rows
// already in a thread's 1 MiB block cache still show what was read).

#include "geo/fast/fast_common.hpp"

#include "core/attributes.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace incimap::geo::fast {

class FileRowReader final : public core::RowReader {
public:
    // `pos_of`: the decoder's field id → the store's field index (−1: not kept).
    // `read`: the file as the reader mapped it. nullptr (and `why`) when the file cannot be
    // opened again, or is no longer that file (replaced, shrunk or written to since).
    static std::shared_ptr<FileRowReader> open(const std::string& path, RowDecode decode,
                                               std::vector<int> pos_of, const FileStamp& read,
                                               std::string& why);
    ~FileRowReader() override;
    FileRowReader(const FileRowReader&) = delete;
    FileRowReader& operator=(const FileRowReader&) = delete;

    std::string_view bytes(std::uint64_t offset, std::uint32_t length) const override;
    bool decode(std::string_view bytes,
                std::vector<std::optional<std::string>>& values) const override;

    // Reads are in blocks of this size (a search walks the rows in file order).
    static constexpr std::size_t kBlock = std::size_t{1} << 20;

private:
    FileRowReader(int fd, RowDecode decode, std::vector<int> pos_of, const FileStamp& read);
    int m_fd = -1;
    RowDecode m_decode;
    std::vector<int> m_pos_of;
    std::uint64_t m_serial = 0;
    FileStamp m_stamp; // the file as it was read
};

} // namespace incimap::geo::fast
