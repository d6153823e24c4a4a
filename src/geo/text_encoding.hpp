#pragma once
// The character encoding of a text source, and its recoding to UTF-8, as a pass over the
// bytes in front of the parsers (they see UTF-8 only; the input is never written):
//   TextEncoding        what the bytes are: UTF-8, UTF-16 LE/BE (by BOM), Windows-1252/1256
//   detect_encoding     the rule (docs/TIME.md, "Text as written"): a UTF-16 BOM; else valid
//                       UTF-8 (or mostly valid: damaged UTF-8 stays UTF-8); else Windows-1256
//                       when most high bytes are Arabic letters next to another, else 1252
//   utf8_size/recode    the UTF-8 text's exact size, then the text itself into a buffer
//   repair_double_utf8  mojibake (`CafÃ©`) undone where the undoing is lossless

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incimap::geo {

enum class TextEncoding : std::uint8_t { Utf8, Utf16LE, Utf16BE, Windows1252, Windows1256 };

// "utf-8", "utf-16le", "utf-16be", "windows-1252", "windows-1256" (iconv's names, lower case).
std::string_view encoding_name(TextEncoding e);

// What a look at the bytes says. `error` is set for bytes that cannot be read as any of the
// encodings (a UTF-32 BOM).
struct EncodingGuess {
    TextEncoding encoding = TextEncoding::Utf8;
    std::string error;
};

// Incremental: feed the file's bytes in order with add(), then result(). `legacy` allows the
// 8-bit code pages (CSV/TSV); without it, only a UTF-16 BOM changes the answer.
class EncodingDetector {
public:
    explicit EncodingDetector(bool legacy) : m_legacy(legacy) {}
    void add(std::string_view bytes);
    EncodingGuess result() const;
    // Whether more bytes can change the answer (false once a BOM decided it).
    bool wants_more() const { return !m_decided; }

private:
    bool m_legacy;
    bool m_started = false, m_decided = false;
    EncodingGuess m_bom; // the BOM's answer when m_decided
    // UTF-8 validity: valid multi-byte characters, invalid bytes, and a character cut by a
    // chunk's end (its bytes so far).
    std::uint64_t m_valid_multi = 0, m_invalid = 0;
    std::string m_carry;
    // Windows-1256 evidence: high bytes, and those that are Arabic letters beside another.
    std::uint64_t m_high = 0, m_arabic_pairs = 0;
    bool m_prev_arabic = false, m_prev_counted = false;
};

// The whole of `bytes` at once.
EncodingGuess detect_encoding(std::string_view bytes, bool legacy);

// Converts `in` (a chunk of text in encoding `e`, BOM included for the first) to UTF-8,
// appending to `out` (which must have room: utf8_size's answer for the whole). Chunks may cut
// a character: the cut bytes are kept in the Recoder until the next chunk. Set `error` (and
// stop) on bytes that are not valid in `e` (an odd byte count or an unpaired surrogate).
class Recoder {
public:
    explicit Recoder(TextEncoding e) : m_encoding(e) {}
    // Returns the bytes written to `out`; `out_room` is what `out` holds.
    std::size_t add(std::string_view in, char* out, std::size_t out_room, std::string& error);
    // Call at the end: an error for a character the input cut short.
    void finish(std::string& error) const;

private:
    TextEncoding m_encoding;
    bool m_first = true;
    std::uint64_t m_offset = 0; // input bytes seen, for messages
    std::string m_carry;        // bytes of a character cut by the chunk's end
    std::uint16_t m_high_surrogate = 0;
};

// The size of `in`'s UTF-8 text, in bytes, computed the same way (error as Recoder).
class Utf8Sizer {
public:
    explicit Utf8Sizer(TextEncoding e) : m_recoder(e) {}
    void add(std::string_view in, std::string& error);
    std::uint64_t size() const { return m_size; }
    void finish(std::string& error) const { m_recoder.finish(error); }

private:
    Recoder m_recoder;
    std::uint64_t m_size = 0;
};

// Text that was UTF-8, read as Windows-1252 or Latin-1 and encoded to UTF-8 again (mojibake:
// `CafÃ©` for `Café`, `â€™` for `’`): the original when the repair is lossless (every
// character maps back to one byte, those bytes are valid UTF-8 with a multi-byte character,
// and encoding them the same way again gives `text`), else nullopt.
std::optional<std::string> repair_double_utf8(std::string_view text);

// Mojibake that repair_double_utf8 cannot undo losslessly: `text` holds the characters a UTF-8
// sequence becomes when read as Windows-1252 or Latin-1 (a lead byte's character, e.g. `Ã`,
// then as many continuation bytes' characters as it announces), where a byte 1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) came out as U+FFFD or the rest of the text does
// not repair (`Ã\uFFFDFRICA` for `ÁFRICA`). Such values are flagged, never changed.
bool looks_double_utf8(std::string_view text);

} // namespace incimap::geo
