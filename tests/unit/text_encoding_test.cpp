// Text as written (issue 15, item 6): the encoding rule, the recoding against glibc's iconv,
// the mojibake repair and the headerless-export sniff, as tables of cases. The reading of
// whole files is in real_exports_test.cpp (TextAsWritten.*).

#include "geo/headerless.hpp"
#include "geo/text_encoding.hpp"

#include <gtest/gtest.h>

#include <iconv.h>

#include <string>
#include <vector>

namespace {

using incimap::geo::detect_encoding;
using incimap::geo::Recoder;
using incimap::geo::repair_double_utf8;
using incimap::geo::TextEncoding;
using incimap::geo::Utf8Sizer;

// `bytes` recoded in chunks of `chunk` bytes (cuts characters anywhere); "!error" on error.
std::string recode(const std::string& bytes, TextEncoding e, std::size_t chunk) {
    std::string error;
    Utf8Sizer sizer(e);
    for (std::size_t i = 0; i < bytes.size(); i += chunk)
        sizer.add(std::string_view(bytes).substr(i, chunk), error);
    sizer.finish(error);
    if (!error.empty())
        return "!" + error;
    std::string out(sizer.size(), '\0');
    Recoder r(e);
    std::size_t w = 0;
    for (std::size_t i = 0; i < bytes.size(); i += chunk)
        w += r.add(std::string_view(bytes).substr(i, chunk), out.data() + w, out.size() - w,
                   error);
    r.finish(error);
    EXPECT_EQ(w, out.size());
    return error.empty() ? out : "!" + error;
}

std::string iconv_to_utf8(const std::string& bytes, const char* from) {
    iconv_t cd = iconv_open("UTF-8", from);
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
    std::string in = bytes, out(bytes.size() * 4 + 16, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    const std::size_t rc = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1))
        return "!iconv";
    out.resize(out.size() - ol);
    return out;
}

TEST(TextEncoding, SingleByteTablesAgreeWithIconv) {
    // Every byte iconv knows in each code page (1252 leaves five unassigned: U+FFFD here).
    for (const auto& [e, name] : {std::pair{TextEncoding::Windows1252, "WINDOWS-1252"},
                                  std::pair{TextEncoding::Windows1256, "WINDOWS-1256"}}) {
        for (int b = 0x01; b <= 0xFF; ++b) {
            const std::string byte(1, static_cast<char>(b));
            const std::string want = iconv_to_utf8(byte, name);
            if (want == "!iconv")
                EXPECT_EQ(recode(byte, e, 1), "\xEF\xBF\xBD") << name << " byte " << b;
            else
                EXPECT_EQ(recode(byte, e, 1), want) << name << " byte " << b;
        }
    }
}

TEST(TextEncoding, Utf16InAnyChunksAgreesWithIconv) {
    // A BMP character, an Arabic word, a surrogate pair (U+1D538), CRLF.
    const std::string text = "name,Caf\xC3\xA9,\xD8\xA8\xD9\x8A\xD8\xB1\xD9\x88\xD8\xAA,"
                             "\xF0\x9D\x94\xB8\r\n";
    iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
    std::string in = text, le(text.size() * 4, '\0');
    char* ip = in.data();
    char* op = le.data();
    std::size_t il = in.size(), ol = le.size();
    ASSERT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<std::size_t>(-1));
    iconv_close(cd);
    le.resize(le.size() - ol);
    std::string be = le;
    for (std::size_t i = 0; i + 1 < be.size(); i += 2)
        std::swap(be[i], be[i + 1]);
    for (const std::size_t chunk : {1u, 2u, 3u, 5u, 4096u}) {
        EXPECT_EQ(recode("\xFF\xFE" + le, TextEncoding::Utf16LE, chunk), text) << chunk;
        EXPECT_EQ(recode("\xFE\xFF" + be, TextEncoding::Utf16BE, chunk), text) << chunk;
    }
}

TEST(TextEncoding, GarbledUtf16SaysWhatIsWrong) {
    struct Case {
        std::string bytes;
        const char* says;
    };
    const Case cases[] = {
        {std::string("\xFF\xFE" "a\0b", 5), "odd number of bytes"},
        {std::string("\xFF\xFE" "a\0\x00\xDC", 6), "unpaired surrogate at byte 4"},
        {std::string("\xFF\xFE" "a\0\x00\xD8" "b\0", 8), "unpaired surrogate"},
        {std::string("\xFF\xFE" "a\0\x00\xD8", 6), "unpaired surrogate at the end"},
        {std::string("\xFF\xFE" "a\0\0\0b\0", 8), "NUL character at byte 4"},
    };
    for (const Case& c : cases) {
        const std::string got = recode(c.bytes, TextEncoding::Utf16LE, 3);
        ASSERT_FALSE(got.empty());
        EXPECT_EQ(got[0], '!');
        EXPECT_NE(got.find(c.says), std::string::npos) << got;
    }
}

struct DetectCase {
    const char* what;
    std::string bytes;
    bool legacy; // a CSV (8-bit code pages considered) or a GeoJSON (BOMs only)
    TextEncoding want;
};

TEST(TextEncoding, DetectionRule) {
    const DetectCase cases[] = {
        {"ASCII", "a,b\n1,2\n", true, TextEncoding::Utf8},
        {"UTF-8", "name\nCaf\xC3\xA9\n", true, TextEncoding::Utf8},
        {"UTF-8 BOM", "\xEF\xBB\xBF" "Caf\xE9", true, TextEncoding::Utf8},
        {"UTF-16LE BOM", std::string("\xFF\xFEn\0", 4), true, TextEncoding::Utf16LE},
        {"UTF-16BE BOM", std::string("\xFE\xFF\0n", 4), false, TextEncoding::Utf16BE},
        // Latin-1: accented letters one by one among ASCII ones.
        {"Latin-1", "Caf\xE9,M\xFCnchen,S\xE3o Paulo,Z\xFCrich", true, TextEncoding::Windows1252},
        {"1252 quotes", "It\x92s \x93quoted\x94", true, TextEncoding::Windows1252},
        {"Portuguese pair", "manifesta\xE7\xE3o", true, TextEncoding::Windows1252},
        // Windows-1256: Arabic words, each a run of high bytes (بغداد, الموصل).
        {"Arabic", "\xC8\xDB\xCF\xC7\xCF,\xC7\xE1\xE3\xE6\xD5\xE1", true,
         TextEncoding::Windows1256},
        {"Arabic among Latin", "id,name\n1,\xC8\xDB\xCF\xC7\xCF\n2,Paris\n", true,
         TextEncoding::Windows1256},
        // Damaged UTF-8: more good characters than bad bytes stays UTF-8.
        {"damaged UTF-8", "Caf\xC3\xA9 \xC3\xA0 M\xC3\xBCnchen \xFF", true, TextEncoding::Utf8},
        // A GeoJSON is never taken for a code page.
        {"GeoJSON Latin-1", "{\"name\":\"Caf\xE9\"}", false, TextEncoding::Utf8},
    };
    for (const DetectCase& c : cases) {
        const auto g = detect_encoding(c.bytes, c.legacy);
        EXPECT_TRUE(g.error.empty()) << c.what;
        EXPECT_EQ(g.encoding, c.want) << c.what;
    }
    EXPECT_FALSE(detect_encoding(std::string("\xFF\xFE\0\0a\0\0\0", 8), true).error.empty());
}

TEST(TextEncoding, DetectionInChunksAsWhole) {
    // A character cut by a chunk's end counts as one character, not two bad bytes.
    const std::string text = "Caf\xC3\xA9 \xC3\xA0 la gare \xE2\x80\x99 ok";
    for (std::size_t chunk = 1; chunk < text.size(); ++chunk) {
        incimap::geo::EncodingDetector d(true);
        for (std::size_t i = 0; i < text.size(); i += chunk)
            d.add(std::string_view(text).substr(i, chunk));
        EXPECT_EQ(d.result().encoding, TextEncoding::Utf8) << chunk;
    }
}

struct RepairCase {
    const char* text;
    const char* repaired; // nullptr: left as written
};

TEST(TextEncoding, DoubleEncodedRepairedOnlyWhenLossless) {
    const RepairCase cases[] = {
        {"Caf\xC3\x83\xC2\xA9", "Caf\xC3\xA9"},                    // CafÃ© → Café
        {"M\xC3\x83\xC2\xBC" "nchen", "M\xC3\xBC" "nchen"},        // MÃ¼nchen → München
        {"It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s", "It\xE2\x80\x99s"}, // Itâ€™s → It’s (1252)
        {"\xC3\x98\xC2\xA8\xC3\x99\xC5\xA0", "\xD8\xA8\xD9\x8A"},   // Ø¨ÙŠ → بي
        {"Caf\xC3\xA9", nullptr},          // Café: é alone is no UTF-8 byte sequence
        {"\xC3\x83 alone", nullptr},       // Ã then a space: not UTF-8 underneath
        {"plain", nullptr},                // nothing to repair
        {"\xE2\x82\xAC 5", nullptr},       // € alone: byte 0x80 is no character start
        {"\xD8\xA8\xD9\x8A", nullptr},     // Arabic as it should be: not ≤ U+00FF
        {"Caf\xC3\x83\xC2\xA9 \xE4\xB8\xAD", nullptr}, // a character beyond 1252: not mojibake
    };
    for (const RepairCase& c : cases) {
        const auto got = repair_double_utf8(c.text);
        if (c.repaired == nullptr)
            EXPECT_FALSE(got.has_value()) << c.text << " -> " << got.value_or("");
        else
            EXPECT_EQ(got.value_or("(none)"), c.repaired) << c.text;
    }
}

// Mojibake that cannot be repaired losslessly is flagged (counted in `info`), never changed;
// text that repairs, or is no mojibake, is not flagged.
TEST(TextEncoding, UnrepairableMojibakeFlagged) {
    const std::pair<const char*, bool> cases[] = {
        {"\xC3\x83\xEF\xBF\xBD" "FRICA", true},           // ÃFRICA with U+FFFD: ÁFRICA, 0x81 lost
        {"Caf\xC3\x83\xC2\xA9 \xE4\xB8\xAD", true},       // CafÃ© beside a character beyond 1252
        {"\xC3\xA2\xE2\x82\xAC\xEF\xBF\xBD x", true},     // â€ and U+FFFD: a 3-byte sequence
        {"Caf\xC3\x83\xC2\xA9", false},                   // repairs: not flagged
        {"Caf\xC3\xA9", false},                           // Café as it should be
        {"\xC3\x83 alone", false},                        // Ã then a space: no sequence
        {"S\xC3\xA3o Paulo", false},                      // São: ã then o
        {"\xE2\x82\xAC 5", false},                        // € alone
        {"plain", false},
    };
    for (const auto& [text, flagged] : cases)
        EXPECT_EQ(incimap::geo::looks_double_utf8(text), flagged) << text;
}

TEST(TextEncoding, HeaderlessGdeltRecognisedByCountAndShape) {
    auto line = [](std::size_t columns, const char* first_five) {
        std::string s = first_five;
        for (std::size_t i = 5; i < columns; ++i)
            s += "\tx";
        return s;
    };
    const char* gdelt = "1153000001\t20240104\t202401\t2024\t2024.0110";
    for (const auto& [n, name] : {std::pair{57u, "GDELT 1.0 events"},
                                  std::pair{58u, "GDELT 1.0 daily events"},
                                  std::pair{61u, "GDELT 2.0 events"}}) {
        const auto* layout = incimap::geo::sniff_headerless(line(n, gdelt));
        ASSERT_NE(layout, nullptr) << n;
        EXPECT_EQ(layout->name, name);
        EXPECT_EQ(layout->columns.size(), n);
        EXPECT_EQ(layout->columns[1], "SQLDATE");
    }
    EXPECT_EQ(incimap::geo::sniff_headerless(line(61, gdelt) + "\r")->columns.size(), 61u);
    // Not GDELT: another count, a header line, dates that disagree, a bad month.
    EXPECT_EQ(incimap::geo::sniff_headerless(line(60, gdelt)), nullptr);
    EXPECT_EQ(incimap::geo::sniff_headerless(
                  line(61, "GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate")),
              nullptr);
    EXPECT_EQ(incimap::geo::sniff_headerless(line(61, "1\t20240104\t202402\t2024\t2024.0110")),
              nullptr);
    EXPECT_EQ(incimap::geo::sniff_headerless(line(61, "1\t20241304\t202413\t2024\t2024.0110")),
              nullptr);
}

} // namespace
