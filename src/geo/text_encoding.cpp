#include "geo/text_encoding.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace incimap::geo {

namespace {

// Bytes 0x80..0xFF as Unicode code points (from Python's codecs, checked against glibc's
// iconv in text_encoding_test.cpp). 1252's five unassigned bytes read as U+FFFD.
constexpr std::array<std::uint16_t, 128> kWindows1252{
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, 0x00A0,
    0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB,
    0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6,
    0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1,
    0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC,
    0x00CD, 0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1, 0x00E2,
    0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED,
    0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8,
    0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF};

constexpr std::array<std::uint16_t, 128> kWindows1256{
    0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0679,
    0x2039, 0x0152, 0x0686, 0x0698, 0x0688, 0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA, 0x00A0,
    0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x06BE, 0x00AB,
    0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6,
    0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F, 0x06C1, 0x0621,
    0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C,
    0x062D, 0x062E, 0x062F, 0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7,
    0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643, 0x00E0, 0x0644, 0x00E2,
    0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A,
    0x00EE, 0x00EF, 0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7, 0x0651,
    0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2};

// An Arabic letter in Windows-1256 (U+0621..U+064A and the Persian/Urdu letters).
bool arabic_letter_1256(unsigned char b) {
    if (b < 0x80)
        return false;
    const std::uint16_t cp = kWindows1256[b - 0x80];
    return (cp >= 0x0621 && cp <= 0x064A && cp != 0x0640) || (cp >= 0x0671 && cp <= 0x06D3);
}

// Appends code point `cp` (≤ U+10FFFF, not a surrogate) as UTF-8; returns the bytes.
std::size_t put_utf8(std::uint32_t cp, char* out) {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

// The UTF-8 character at p (n bytes available): its length; 0 when the n bytes are a valid
// start cut short; -1 when p[0] starts no valid character (one byte is then skipped).
int utf8_char(const unsigned char* p, std::size_t n, std::uint32_t* cp = nullptr) {
    const unsigned char b = p[0];
    int len = 0;
    std::uint32_t v = 0;
    unsigned char lo = 0x80, hi = 0xBF; // the second byte's range (overlongs, surrogates)
    if (b < 0x80) {
        if (cp)
            *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        v = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        v = b & 0x0F;
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        v = b & 0x07;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return -1;
    }
    for (int i = 1; i < len; ++i) {
        if (static_cast<std::size_t>(i) >= n)
            return 0;
        const unsigned char c = p[i];
        if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF))
            return -1;
        v = (v << 6) | (c & 0x3F);
    }
    if (cp)
        *cp = v;
    return len;
}

bool ascii_word(const unsigned char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    return (w & 0x8080808080808080ULL) == 0;
}

} // namespace

std::string_view encoding_name(TextEncoding e) {
    switch (e) {
    case TextEncoding::Utf8: return "utf-8";
    case TextEncoding::Utf16LE: return "utf-16le";
    case TextEncoding::Utf16BE: return "utf-16be";
    case TextEncoding::Windows1252: return "windows-1252";
    case TextEncoding::Windows1256: return "windows-1256";
    }
    return "utf-8";
}

// --- detection ------------------------------------------------------------------------------

void EncodingDetector::add(std::string_view bytes) {
    if (m_decided || bytes.empty())
        return;
    if (!m_started) {
        m_started = true;
        const auto b = [&](std::size_t i) {
            return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u;
        };
        const bool utf32 = (b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) ||
                           (b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF);
        if (utf32) {
            m_bom.error = "UTF-32 text is not read; save it as UTF-8 (e.g. iconv -f UTF-32 -t "
                          "UTF-8)";
            m_decided = true;
        } else if (b(0) == 0xFF && b(1) == 0xFE) {
            m_bom.encoding = TextEncoding::Utf16LE;
            m_decided = true;
        } else if (b(0) == 0xFE && b(1) == 0xFF) {
            m_bom.encoding = TextEncoding::Utf16BE;
            m_decided = true;
        } else if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
            m_decided = true; // says UTF-8
        } else if (!m_legacy) {
            m_decided = true; // only a BOM changes the answer
        }
        if (m_decided)
            return;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    if (!m_carry.empty()) {
        // A character cut by the last chunk's end: completed from this chunk's first bytes.
        std::string joined = m_carry + std::string(bytes.substr(0, 3));
        const auto* j = reinterpret_cast<const unsigned char*>(joined.data());
        const int len = utf8_char(j, joined.size());
        if (len == 0 && bytes.size() < 3) { // still cut: a chunk shorter than the rest
            m_carry = std::move(joined);
            return;
        }
        if (len > 0) {
            ++m_valid_multi;
            i = static_cast<std::size_t>(len) - m_carry.size();
        } else {
            ++m_invalid; // cut at the file's end, or not a character: one bad byte
            i = 0;
        }
        m_carry.clear();
    }
    while (i < n) {
        if (i + 8 <= n && ascii_word(p + i)) {
            i += 8;
            m_prev_arabic = false;
            continue;
        }
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            m_prev_arabic = false;
            continue;
        }
        const int len = utf8_char(p + i, n - i);
        if (len == 0) { // cut by the chunk's end
            m_carry.assign(bytes.substr(i));
            return;
        }
        const std::size_t used = len < 0 ? 1 : static_cast<std::size_t>(len);
        if (len < 0)
            ++m_invalid;
        else
            ++m_valid_multi;
        // Windows-1256 evidence, from the bytes as they are.
        for (std::size_t k = i; k < i + used; ++k) {
            ++m_high;
            const bool arabic = arabic_letter_1256(p[k]);
            if (arabic && m_prev_arabic) {
                m_arabic_pairs += m_prev_counted ? 1 : 2;
                m_prev_counted = true;
            } else {
                m_prev_counted = false;
            }
            m_prev_arabic = arabic;
        }
        i += used;
    }
}

EncodingGuess EncodingDetector::result() const {
    if (m_decided)
        return m_bom;
    EncodingGuess g;
    const std::uint64_t invalid = m_invalid + (m_carry.empty() ? 0 : 1);
    // Valid UTF-8 stays UTF-8; so does UTF-8 with a few bad bytes among more good characters
    // (damaged, not another encoding: its bad bytes read as U+FFFD, as before).
    if (invalid == 0 || m_valid_multi > invalid)
        return g;
    // Arabic is written in words of several letters, each a high byte in 1256; Latin-1 and
    // 1252 text has an accented letter here and there among ASCII ones.
    g.encoding = m_arabic_pairs * 2 >= m_high ? TextEncoding::Windows1256
                                               : TextEncoding::Windows1252;
    return g;
}

EncodingGuess detect_encoding(std::string_view bytes, bool legacy) {
    EncodingDetector d(legacy);
    d.add(bytes);
    return d.result();
}

// --- recoding -------------------------------------------------------------------------------

std::size_t Recoder::add(std::string_view in, char* out, std::size_t out_room,
                         std::string& error) {
    if (!error.empty())
        return 0;
    std::size_t w = 0;
    char tmp[4];
    auto put = [&](std::uint32_t cp) {
        const std::size_t len = put_utf8(cp, tmp);
        if (w + len > out_room) {
            error = "the file grew while it was recoded";
            return false;
        }
        if (out != nullptr)
            std::memcpy(out + w, tmp, len);
        w += len;
        return true;
    };
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    std::size_t n = in.size();
    if (m_encoding == TextEncoding::Windows1252 || m_encoding == TextEncoding::Windows1256) {
        const auto& table =
            m_encoding == TextEncoding::Windows1252 ? kWindows1252 : kWindows1256;
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char b = p[i];
            if (!put(b < 0x80 ? b : table[b - 0x80]))
                return w;
        }
        m_offset += n;
        return w;
    }
    if (m_encoding == TextEncoding::Utf8) {
        if (n > out_room) {
            error = "the file grew while it was recoded";
            return 0;
        }
        if (out != nullptr)
            std::memcpy(out, in.data(), n);
        m_offset += n;
        return n;
    }
    // UTF-16: the BOM first, then code units (a byte may wait for the next chunk).
    std::string joined;
    if (!m_carry.empty()) {
        joined = m_carry + std::string(in);
        p = reinterpret_cast<const unsigned char*>(joined.data());
        n = joined.size();
        m_offset -= m_carry.size();
        m_carry.clear();
    }
    std::size_t i = 0;
    if (m_first) {
        if (n < 2) {
            m_carry.assign(reinterpret_cast<const char*>(p), n);
            m_offset += n;
            return 0;
        }
        i = 2; // the BOM
        m_first = false;
    }
    const bool le = m_encoding == TextEncoding::Utf16LE;
    for (; i + 1 < n; i += 2) {
        const std::uint16_t u = le ? static_cast<std::uint16_t>(p[i] | (p[i + 1] << 8))
                                   : static_cast<std::uint16_t>((p[i] << 8) | p[i + 1]);
        const std::uint64_t at = m_offset + i;
        if (m_high_surrogate != 0) {
            if (u < 0xDC00 || u > 0xDFFF) {
                error = "not valid UTF-16: an unpaired surrogate before byte " +
                        std::to_string(at);
                return w;
            }
            const std::uint32_t cp =
                0x10000 + ((static_cast<std::uint32_t>(m_high_surrogate) - 0xD800) << 10) +
                (u - 0xDC00);
            m_high_surrogate = 0;
            if (!put(cp))
                return w;
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF) {
            m_high_surrogate = u;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            error = "not valid UTF-16: an unpaired surrogate at byte " + std::to_string(at);
            return w;
        }
        if (u == 0) {
            error = "not text as UTF-16: a NUL character at byte " + std::to_string(at);
            return w;
        }
        if (!put(u))
            return w;
    }
    if (i < n)
        m_carry.assign(reinterpret_cast<const char*>(p + i), n - i);
    m_offset += n;
    return w;
}

void Recoder::finish(std::string& error) const {
    if (!error.empty())
        return;
    if (m_first && m_encoding != TextEncoding::Windows1252 &&
        m_encoding != TextEncoding::Windows1256 && m_encoding != TextEncoding::Utf8 &&
        m_carry.size() < 2)
        return; // nothing but a cut BOM: nothing to say beyond "empty"
    if (!m_carry.empty())
        error = "not valid UTF-16: an odd number of bytes (the last character is cut short)";
    else if (m_high_surrogate != 0)
        error = "not valid UTF-16: an unpaired surrogate at the end";
}

void Utf8Sizer::add(std::string_view in, std::string& error) {
    m_size += m_recoder.add(in, nullptr, static_cast<std::size_t>(-1), error);
}

// --- double-encoded UTF-8 -------------------------------------------------------------------

namespace {

// The byte a character from U+0080 up stands for when UTF-8 was read as 1252 (or Latin-1);
// -1 when none (U+FFFD, what a byte 1252 leaves undefined became, included).
int byte_read_as_1252(std::uint32_t cp) {
    if (cp >= 0xA0 && cp <= 0xFF)
        return static_cast<int>(cp);
    for (int k = 0; k < 32; ++k)
        if (kWindows1252[static_cast<std::size_t>(k)] == cp && cp != 0xFFFD)
            return 0x80 + k;
    return cp >= 0x80 && cp <= 0x9F ? static_cast<int>(cp) : -1; // Latin-1's C1 controls
}

} // namespace

std::optional<std::string> repair_double_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool multi = false;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const int len = utf8_char(p + i, text.size() - i, &cp);
        if (len <= 0)
            return std::nullopt; // not valid UTF-8 to begin with
        i += static_cast<std::size_t>(len);
        if (cp < 0x80) {
            out += static_cast<char>(cp);
            continue;
        }
        const int byte = byte_read_as_1252(cp);
        if (byte < 0)
            return std::nullopt;
        out += static_cast<char>(byte);
        multi = true;
    }
    if (!multi || out == text)
        return std::nullopt;
    // The bytes must be UTF-8 with a character beyond ASCII…
    bool beyond_ascii = false;
    const auto* q = reinterpret_cast<const unsigned char*>(out.data());
    for (std::size_t i = 0; i < out.size();) {
        const int len = utf8_char(q + i, out.size() - i);
        if (len <= 0)
            return std::nullopt;
        beyond_ascii = beyond_ascii || len > 1;
        i += static_cast<std::size_t>(len);
    }
    if (!beyond_ascii)
        return std::nullopt;
    // …and read as 1252 again, give back `text` exactly (lossless both ways).
    std::string again;
    char tmp[4];
    for (const char c : out) {
        const auto b = static_cast<unsigned char>(c);
        std::uint32_t cp = b;
        if (b >= 0x80 && b <= 0x9F && kWindows1252[b - 0x80] != 0xFFFD)
            cp = kWindows1252[b - 0x80];
        again.append(tmp, put_utf8(cp, tmp));
    }
    if (again != text)
        return std::nullopt;
    return out;
}

bool looks_double_utf8(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }))
        return false; // ASCII: no mojibake
    // Per character, the byte it stands for (-1 none; U+FFFD: any continuation byte, 0x100).
    std::vector<int> bytes;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const int len = utf8_char(p + i, text.size() - i, &cp);
        if (len <= 0)
            return false;
        i += static_cast<std::size_t>(len);
        bytes.push_back(cp < 0x80 ? -1 : cp == 0xFFFD ? 0x100 : byte_read_as_1252(cp));
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int lead = bytes[i];
        const std::size_t follow = lead >= 0xC2 && lead <= 0xDF   ? 1
                                   : lead >= 0xE0 && lead <= 0xEF ? 2
                                   : lead >= 0xF0 && lead <= 0xF4 ? 3
                                                                  : 0;
        if (follow == 0 || i + follow >= bytes.size())
            continue;
        bool sequence = true;
        for (std::size_t k = 1; k <= follow; ++k) {
            const int b = bytes[i + k];
            sequence = sequence && (b == 0x100 || (b >= 0x80 && b <= 0xBF));
        }
        // A sequence, in text that does not repair (tried last: the dearer test, and the
        // caller has often just tried it).
        if (sequence)
            return !repair_double_utf8(text).has_value();
    }
    return false;
}

} // namespace incimap::geo
