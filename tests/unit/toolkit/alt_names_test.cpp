// Place search by alternate names (issue 17, item 1): Arabic-script folding (hamza/alef forms,
// ة, ى, tatweel, harakat, the joined article ال), Cyrillic case, the alt_names field, and the
// lookup on made-up places and on the bundled places.fgb (names from libgeonames-common).

#include "core/gazetteer.hpp"
#include "core/text_fold.hpp"
#include "geo/places_reader.hpp"
#include "scene/actions.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

// ---- folding -------------------------------------------------------------------------------

TEST(ArabicFold, SpellingVariantsFoldAlike) {
    struct Case {
        const char* in;
        const char* folded;
    };
    const Case cases[] = {
        {"أبو غريب", "ابو غريب"},      // hamza above alef
        {"إربل", "اربل"},              // hamza below alef
        {"آمرلي", "امرلي"},            // madda
        {"ٱلموصل", "الموصل"},          // wasla
        {"الفلوجة", "الفلوجه"},        // teh marbuta → heh
        {"الموصلى", "الموصلي"},        // alef maksura → yeh
        {"اربیل", "اربيل"},            // Persian yeh → Arabic yeh
        {"کرکوک", "كركوك"},            // Persian keheh → kaf
        {"بغـــداد", "بغداد"},         // tatweel dropped
        {"بَغْدَاد", "بغداد"},          // harakat dropped
        {"الرمادي، العراق", "الرمادي العراق"}, // Arabic comma: a separator
        {"٢٠٢٤", "2024"},              // Arabic-Indic digits
        {"БАГДАД", "багдад"},          // Cyrillic loses case
        {"Ёлкино", "елкино"},          // ё as е
        {"בגדאד", "בגדאד"},            // Hebrew passes through
        {"Bagdad بغداد", "bagdad بغداد"},
    };
    for (const Case& c : cases)
        EXPECT_EQ(core::fold_text(c.in), c.folded) << c.in;
}

TEST(ArabicFold, JoinedArticle) {
    EXPECT_EQ(core::without_article(core::fold_text("الموصل")), "موصل");
    EXPECT_EQ(core::without_article(core::fold_text("الفلوجة")), "فلوجه");
    EXPECT_EQ(core::without_article(core::fold_text("بغداد")), "");
    EXPECT_EQ(core::without_article(core::fold_text("ال")), ""); // nothing after it
    EXPECT_EQ(core::without_article("al fallujah"), "fallujah"); // the Latin ones as before
}

// ---- the alt_names field -------------------------------------------------------------------

TEST(AltNamesField, Parsed) {
    using A = core::GazetteerAltName;
    EXPECT_EQ(geo::parse_alt_names("ar,fa:بغداد|fr,de:Bagdad"),
              (std::vector<A>{{"بغداد", "ar,fa"}, {"Bagdad", "fr,de"}}));
    EXPECT_EQ(geo::parse_alt_names(""), std::vector<A>{});
    EXPECT_EQ(geo::parse_alt_names("||ru:Мосул|"), (std::vector<A>{{"Мосул", "ru"}}));
    // No language tag, or a colon that belongs to the name: the whole entry is the name.
    EXPECT_EQ(geo::parse_alt_names("Bagdad"), (std::vector<A>{{"Bagdad", ""}}));
    EXPECT_EQ(geo::parse_alt_names("X 2: Y"), (std::vector<A>{{"X 2: Y", ""}}));
    EXPECT_EQ(geo::parse_alt_names("de:"), std::vector<A>{});
}

// ---- lookup --------------------------------------------------------------------------------

core::Gazetteer made_up() {
    std::vector<core::GazetteerPlace> p = {
        {"Baghdad", "IQ", {44.40088, 33.34058}, 7216000, {}},
        {"Mosul", "IQ", {43.11889, 36.335}, 1739800, {}},
        {"Al Fallūjah", "IQ", {43.78599, 33.34913}, 190159, {}},
        {"Ayn al Asad", "IQ", {42.44, 33.79}, 0, {}},
        {"Bagdadville", "US", {-90, 40}, 9000000, {}},
    };
    p[0].alt_names = {{"بغداد", "ar,fa"}, {"Bagdad", "fr,de"}, {"Багдад", "ru"}};
    p[1].alt_names = {{"الموصل", "ar"}, {"Mossoul", "fr"}};
    p[2].alt_names = {{"الفلوجة", "ar"}};
    p[3].alt_names = {{"عين الأسد", "ar"}};
    return core::Gazetteer(std::move(p));
}

// "name" or "name — alternate" of each match, best first.
std::vector<std::string> labels(const core::Gazetteer& g, const std::string& query) {
    std::vector<std::string> out;
    for (const core::GazetteerMatch& m : g.matches(query))
        out.push_back(core::place_label(g.places()[m.place], m.alt));
    return out;
}

TEST(AltNamesLookup, ArabicFindsThePlaceWhateverTheSpelling) {
    const core::Gazetteer g = made_up();
    using V = std::vector<std::string>;
    EXPECT_EQ(labels(g, "بغداد"), V{"Baghdad — بغداد"});
    EXPECT_EQ(labels(g, "بَغْدَاد"), V{"Baghdad — بغداد"});  // harakat
    EXPECT_EQ(labels(g, "البغداد"), V{"Baghdad — بغداد"});  // an article GeoNames has not
    EXPECT_EQ(labels(g, "بغد"), V{"Baghdad — بغداد"});      // a prefix
    EXPECT_EQ(labels(g, "الفلوجة"), V{"Al Fallūjah — الفلوجة"});
    EXPECT_EQ(labels(g, "الفلوجه"), V{"Al Fallūjah — الفلوجة"}); // ة typed as ه
    EXPECT_EQ(labels(g, "فلوجة"), V{"Al Fallūjah — الفلوجة"});   // without the article
    EXPECT_EQ(labels(g, "موصل"), V{"Mosul — الموصل"});
    EXPECT_EQ(labels(g, "الاسد"), V{"Ayn al Asad — عين الأسد"}); // a later word, أ typed as ا
    EXPECT_EQ(labels(g, "اسد"), V{"Ayn al Asad — عين الأسد"});   // … and without its article
}

TEST(AltNamesLookup, TransliterationsAndRanking) {
    const core::Gazetteer g = made_up();
    using V = std::vector<std::string>;
    EXPECT_EQ(labels(g, "mossoul"), V{"Mosul — Mossoul"});
    EXPECT_EQ(labels(g, "багдад"), V{"Baghdad — Багдад"});
    // "Bagdad" is exactly Baghdad's French name: before the larger prefix match Bagdadville.
    EXPECT_EQ(labels(g, "bagdad"), (V{"Baghdad — Bagdad", "Bagdadville"}));
    // Prefixes only: by population, as for main names.
    EXPECT_EQ(labels(g, "bagd"), (V{"Bagdadville", "Baghdad — Bagdad"}));
    // The main name wins over an alternate one that matches as well: no label change.
    EXPECT_EQ(labels(g, "baghdad"), V{"Baghdad"});
    EXPECT_EQ(labels(g, "fallujah"), V{"Al Fallūjah"});
    // find() gives the same places in the same order.
    const auto m = g.matches("bagd");
    const auto f = g.find("bagd");
    ASSERT_EQ(m.size(), f.size());
    for (std::size_t i = 0; i < m.size(); ++i)
        EXPECT_EQ(m[i].place, f[i]);
}

TEST(AltNamesLookup, BundledPlacesHaveTheirAlternateNames) {
    std::string error;
    const core::Gazetteer g(
        geo::read_places(std::string(INCIMAP_ASSETS) + "/basemap/places.fgb", error));
    ASSERT_TRUE(error.empty()) << error;
    const auto first = [&](const char* q) {
        const auto hits = g.matches(q, 1);
        return hits.empty() ? std::string("(none)")
                            : core::place_label(g.places()[hits[0].place], hits[0].alt);
    };
    EXPECT_EQ(first("بغداد"), "Baghdad — بغداد");
    EXPECT_EQ(first("Bagdad"), "Baghdad — Bagdad");
    EXPECT_EQ(first("الموصل"), "Mosul — الموصل");
    EXPECT_EQ(first("Mossoul"), "Mosul — Mossoul");
    EXPECT_EQ(first("الفلوجة"), "Al Fallūjah — الفلوجة");
    EXPECT_EQ(first("أربيل").substr(0, 5), "Erbil"); // Persian اربیل, hamza and yeh folded
    EXPECT_EQ(first("baghdad"), "Baghdad");           // main names as before
    std::size_t with_alt = 0;
    for (const core::GazetteerPlace& p : g.places())
        with_alt += p.alt_names.empty() ? 0 : 1;
    EXPECT_GT(with_alt, 10000u); // 13,733 places when built from libgeonames-common 0.3.0
}

TEST_F(ToolkitEngineTest, SearchListShowsTheMatchedAlternateName) {
    auto e = loaded();
    core::Commands find;
    find.find = "بغداد";
    e->apply(find);
    const auto& hits = e->state().search_hits;
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].kind, core::SearchHit::Kind::Place);
    EXPECT_EQ(hits[0].label, "Baghdad — بغداد");
    EXPECT_EQ(hits[0].detail, "IQ · 7,216,000");
    core::Commands go;
    go.go_to_hit = 0;
    e->apply(go);
    settle(*e);
    EXPECT_NEAR(centre(*e).lon, 44.40088, 1e-6);
    EXPECT_NEAR(centre(*e).lat, 33.34058, 1e-6);
}

} // namespace
