#include "core/text_fold.hpp"

#include <array>
#include <cstdint>

namespace incimap::core {

namespace {

// Base letters of U+00C0..U+024F and U+1E00..U+1EFF, one per code point ('?': none, kept as
// it is; '#': more than one letter, see multi()). Made with Python's unicodedata (NFD, first
// character when it is an ASCII letter).
constexpr std::string_view kLatin00C0 =
    "aaaaaa#ceeeeiiiidnooooo?ouuuuy##aaaaaa#ceeeeiiiidnooooo?ouuuuy#y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll"
    "lllnnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz?"
    "b????????d????????f??????k??????oo?????????????uu???y???????????"
    "?????????????aaiioouuuuuuuuuu?aaaa????ggkkoooo??j???gg??nnaa????"
    "aaaaeeeeiiiioooorrrruuuusstt??hh?????zaaeeooooooooyy????????????"
    "????????????????";
constexpr std::string_view kLatin1E00 =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwy??????aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy??????";

const char* multi(char32_t cp) {
    switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x152: case 0x153: return "oe";
    default: return "";
    }
}

// Marks that are part of a transliterated name, not a separator: dropped.
bool is_dropped_mark(char32_t cp) {
    return cp == '\'' || cp == '`' || cp == 0x2BB || cp == 0x2BC || cp == 0x2BE ||
           cp == 0x2BF || cp == 0x2018 || cp == 0x2019 || cp == 0xB4 ||
           (cp >= 0x300 && cp <= 0x36F); // combining diacritics (decomposed input)
}

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes come out as themselves.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto cont = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    };
    const auto bits = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
    };
    char32_t cp = b0;
    std::size_t n = 1;
    if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
        cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | bits(1);
        n = 2;
    } else if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
        cp = (static_cast<char32_t>(b0 & 0x0F) << 12) | (bits(1) << 6) | bits(2);
        n = 3;
    } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
        cp = (static_cast<char32_t>(b0 & 0x07) << 18) | (bits(1) << 12) | (bits(2) << 6) |
             bits(3);
        n = 4;
    } else {
        n = 1; // an ASCII byte, or an invalid one kept as it is
    }
    i += n;
    return cp;
}

// Arabic script (U+0600..U+06FF) as one spelling, the folding of Arabic search engines
// (Lucene's ArabicNormalizer and PersianNormalizer): hamza/madda alef forms أ إ آ ٱ → ا,
// ة → ه, ى and Persian ی → ي, Persian ک → ك; tatweel, harakat and Quranic marks dropped (0);
// Arabic punctuation a separator (' '); Arabic-Indic digits ASCII digits. Other code points
// come back unchanged.
char32_t fold_arabic(char32_t cp) {
    switch (cp) {
    case 0x622: case 0x623: case 0x625: case 0x671: case 0x672: case 0x673: return 0x627;
    case 0x629: return 0x647;
    case 0x649: case 0x6CC: return 0x64A;
    case 0x6A9: return 0x643;
    case 0x60C: case 0x61B: case 0x61F: case 0x66B: case 0x66C: case 0x6D4: return ' ';
    default: break;
    }
    if (cp == 0x640 || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
        (cp >= 0x610 && cp <= 0x61A) || (cp >= 0x6D6 && cp <= 0x6ED))
        return 0;
    if (cp >= 0x660 && cp <= 0x669)
        return '0' + (cp - 0x660);
    if (cp >= 0x6F0 && cp <= 0x6F9)
        return '0' + (cp - 0x6F0);
    return cp;
}

// Cyrillic capitals to small letters, ё to е ("БАГДАД" and "Багдад" alike).
char32_t fold_cyrillic(char32_t cp) {
    if (cp >= 0x410 && cp <= 0x42F)
        cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F)
        cp += 0x50;
    return cp == 0x451 ? 0x435 : cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::string fold_text(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    bool space = true; // no leading space
    const auto put = [&](char c) {
        if (c == ' ') {
            space = true;
            return;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(utf8, i);
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            if (c >= 'A' && c <= 'Z')
                put(static_cast<char>(c - 'A' + 'a'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                put(c);
            else if (!is_dropped_mark(cp))
                put(' ');
            continue;
        }
        if (is_dropped_mark(cp))
            continue;
        if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x400 && cp <= 0x42F) || cp == 0x451) {
            const char32_t f = cp >= 0x600 ? fold_arabic(cp) : fold_cyrillic(cp);
            if (f == 0)
                continue;
            if (f < 0x80) {
                put(static_cast<char>(f));
                continue;
            }
            if (space && !out.empty())
                out += ' ';
            space = false;
            append_utf8(out, f);
            continue;
        }
        char base = '?';
        if (cp >= 0xC0 && cp < 0xC0 + kLatin00C0.size())
            base = kLatin00C0[cp - 0xC0];
        else if (cp >= 0x1E00 && cp < 0x1E00 + kLatin1E00.size())
            base = kLatin1E00[cp - 0x1E00];
        if (base == '#') {
            for (const char* m = multi(cp); *m; ++m)
                put(*m);
        } else if (base != '?') {
            put(base);
        } else if (cp == 0xA0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
                   cp == 0x3000) {
            put(' '); // no-break space, ×, ÷, general punctuation: separators
        } else {
            // Another script: its bytes as they are (a space before it if one was pending).
            for (std::size_t k = start; k < i; ++k)
                put(utf8[k]);
        }
    }
    return out;
}

std::string_view without_article(std::string_view folded) {
    // The Arabic article ال is written joined to its word: "الفلوجه" → "فلوجه".
    static constexpr std::string_view kArabicArticle = "\xD8\xA7\xD9\x84";
    if (folded.size() > kArabicArticle.size() && folded.substr(0, 4) == kArabicArticle &&
        folded[4] != ' ')
        return folded.substr(kArabicArticle.size());
    static constexpr std::array<std::string_view, 11> kArticles{
        "al ", "el ", "ar ", "as ", "ash ", "at ", "ad ", "adh ", "an ", "az ", "ath "};
    for (std::string_view a : kArticles)
        if (folded.size() > a.size() && folded.substr(0, a.size()) == a)
            return folded.substr(a.size());
    return {};
}

} // namespace incimap::core
