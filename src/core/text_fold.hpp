#pragma once
// Text folded for matching names typed on any keyboard: "Al Fallūjah", "al-fallujah" and
// "AL FALLUJAH" all fold to "al fallujah". Latin letters lose case and diacritics (Latin-1,
// Latin Extended-A/B, Latin Extended Additional: the ḩ ţ ẕ of GeoNames' Arabic
// transliterations), ß/æ/œ become ss/ae/oe, the ʿayn/hamza marks and apostrophes vanish
// ("Ma'rib" → "marib"), punctuation becomes a space, runs of spaces one. Arabic script folds
// its spelling variants ("بغداد", "بـغـداد" and "بَغْدَاد" alike; أ إ آ → ا, ة → ه, ى → ي; the
// Persian ی ک as the Arabic ي ك), Cyrillic loses case; other scripts (Hebrew …) pass through
// unchanged. Plain functions, no locale.

#include <string>
#include <string_view>

namespace incimap::core {

std::string fold_text(std::string_view utf8);

// The name without a leading Arabic article as GeoNames writes it ("al ", "el ", and the sun
// letters' "ar ", "as ", "ash ", "at ", "ad ", "adh ", "an ", "az ", "ath ") or in Arabic
// script (ال, joined to the word), on folded text: "ar ramadi" → "ramadi", "الموصل" → "موصل".
// Empty when there is none (or nothing after it).
std::string_view without_article(std::string_view folded);

} // namespace incimap::core
