// Place search (issue 17, item 1): text folding, the gazetteer's ranking (on made-up places
// and on the bundled GeoNames places), the eased flight, and the engine's search → fly.

#include "core/flight.hpp"
#include "core/gazetteer.hpp"
#include "core/text_fold.hpp"
#include "geo/places_reader.hpp"
#include "scene/actions.hpp"
#include "toolkit/engine_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace incimap;
using incimap::test::ToolkitEngineTest;

// ---- folding -------------------------------------------------------------------------------

TEST(TextFold, CaseAccentsMarksAndPunctuation) {
    struct Case {
        const char* in;
        const char* folded;
    };
    const Case cases[] = {
        {"Al Fallūjah", "al fallujah"},
        {"al-fallujah", "al fallujah"},
        {"AL  FALLUJAH ", "al fallujah"},
        {"Ḩadīthah", "hadithah"},        // Latin Extended Additional
        {"Ţikrīt", "tikrit"},             // Latin Extended-A
        {"Ma'rib", "marib"},              // apostrophe dropped, not a separator
        {"Maʿarrat an Nuʿmān", "maarrat an numan"}, // ʿayn (U+02BF) dropped
        {"Straße", "strasse"},
        {"Ærøskøbing", "aeroskobing"},
        {"São Tomé", "sao tome"},
        {"Kraków", "krakow"},
        {"İzmir", "izmir"},
        {"(Baghdad)", "baghdad"},
        {"بغداد", "بغداد"},               // another script passes through
        {"", ""},
        {"  -- ", ""},
    };
    for (const Case& c : cases)
        EXPECT_EQ(core::fold_text(c.in), c.folded) << c.in;
}

TEST(TextFold, InvalidUtf8DoesNotCrashOrVanish) {
    const std::string bad = "Bag\xff\xfe" "dad\xc3";
    EXPECT_FALSE(core::fold_text(bad).empty());
}

TEST(TextFold, ArabicArticles) {
    EXPECT_EQ(core::without_article("al fallujah"), "fallujah");
    EXPECT_EQ(core::without_article("ar ramadi"), "ramadi");
    EXPECT_EQ(core::without_article("as sulaymaniyah"), "sulaymaniyah");
    EXPECT_EQ(core::without_article("ad diwaniyah"), "diwaniyah");
    EXPECT_EQ(core::without_article("baghdad"), "");
    EXPECT_EQ(core::without_article("al"), "");
    EXPECT_EQ(core::without_article("alexandria"), ""); // "al" without a space is no article
}

// ---- ranking -------------------------------------------------------------------------------

core::Gazetteer made_up() {
    return core::Gazetteer({
        {"Baghdad", "IQ", {44.40088, 33.34058}, 7216000},
        {"Baghdadi", "IQ", {42.5, 33.9}, 1000},
        {"Al Fallūjah", "IQ", {43.78599, 33.34913}, 190159},
        {"Ar Ramādī", "IQ", {43.30584, 33.42056}, 274539},
        {"Ayn al Asad", "IQ", {42.44, 33.79}, 0},
        {"Asadābād", "IR", {48.12, 34.78}, 59617},
        {"Falls Town", "US", {-90, 40}, 500000},
        {"Ramadi Village", "XX", {10, 10}, 50},
    });
}

std::vector<std::string> names(const core::Gazetteer& g, const std::string& query) {
    std::vector<std::string> out;
    for (const std::size_t i : g.find(query))
        out.push_back(g.places()[i].name);
    return out;
}

TEST(Gazetteer, PrefixAccentAndCaseInsensitive) {
    const core::Gazetteer g = made_up();
    EXPECT_EQ(names(g, "fallujah"), std::vector<std::string>{"Al Fallūjah"});
    EXPECT_EQ(names(g, "FALLUJ"), std::vector<std::string>{"Al Fallūjah"});
    EXPECT_EQ(names(g, "al-fallujah"), std::vector<std::string>{"Al Fallūjah"});
    EXPECT_EQ(names(g, "Al Fallūjah"), std::vector<std::string>{"Al Fallūjah"});
    EXPECT_TRUE(names(g, "xyz").empty());
    EXPECT_TRUE(names(g, "").empty());
    EXPECT_TRUE(names(g, " - ").empty());
}

TEST(Gazetteer, ExactNamesFirstThenByPopulation) {
    const core::Gazetteer g = made_up();
    // Both start with "baghdad": the exact name first (it is also the larger).
    EXPECT_EQ(names(g, "baghdad"), (std::vector<std::string>{"Baghdad", "Baghdadi"}));
    // "fall": two prefixes, the larger first (Falls Town 500,000 > Al Fallūjah 190,159).
    EXPECT_EQ(names(g, "fall"), (std::vector<std::string>{"Falls Town", "Al Fallūjah"}));
    // "ramadi": exactly "Ar Ramādī" without its article beats the prefix "Ramadi Village".
    EXPECT_EQ(names(g, "ramadi"), (std::vector<std::string>{"Ar Ramādī", "Ramadi Village"}));
    // The user's article differs from the source's ("al ramadi" for "Ar Ramādī").
    EXPECT_EQ(names(g, "al ramadi").front(), "Ar Ramādī");
    // A later word: "asad" finds Ayn al Asad (by a word) and Asadābād (prefix), by population.
    EXPECT_EQ(names(g, "asad"), (std::vector<std::string>{"Asadābād", "Ayn al Asad"}));
    // "al asad" is first a later part of "Ayn al Asad"; "asad" after the article comes after.
    EXPECT_EQ(names(g, "al asad"), (std::vector<std::string>{"Ayn al Asad", "Asadābād"}));
}

TEST(Gazetteer, LimitKeepsTheBest) {
    const core::Gazetteer g = made_up();
    const auto top = g.find("a", 2);
    ASSERT_EQ(top.size(), 2u);
    // "a" starts a word of four places: the two most populous.
    EXPECT_EQ(g.places()[top[0]].name, "Ar Ramādī");
    EXPECT_EQ(g.places()[top[1]].name, "Al Fallūjah");
}

TEST(Gazetteer, BundledGeoNamesPlaces) {
    std::string error;
    const core::Gazetteer g(geo::read_places(std::string(INCIMAP_ASSETS) + "/basemap/places.fgb", error));
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_GT(g.places().size(), 20000u);
    const auto first = [&](const char* q) {
        const auto hits = g.find(q, 1);
        return hits.empty() ? core::GazetteerPlace{} : g.places()[hits[0]];
    };
    EXPECT_EQ(first("baghdad").name, "Baghdad");
    EXPECT_NEAR(first("baghdad").lonlat.lon, 44.40088, 1e-4);
    EXPECT_NEAR(first("baghdad").lonlat.lat, 33.34058, 1e-4);
    EXPECT_EQ(first("fallujah").name, "Al Fallūjah");
    EXPECT_EQ(first("Erbil").name, "Erbil");
    EXPECT_EQ(first("beirut").country, "LB");
    EXPECT_EQ(first("par").name, "Paris"); // the most populous "par…"
}

// ---- the eased flight ----------------------------------------------------------------------

TEST(Flight, EasesAndLandsExactly) {
    core::Camera cam;
    cam.set_viewport(800, 600);
    cam.set_centre({0, 0});
    cam.set_zoom(3);
    core::Flight f;
    f.start(cam, {1000, -2000}, 9);
    ASSERT_TRUE(f.active());
    f.update(cam, 0.1);
    EXPECT_GT(cam.centre().x, 0);
    EXPECT_LT(cam.centre().x, 1000); // under way, not there
    EXPECT_GT(cam.zoom(), 3);
    for (int i = 0; i < 20; ++i)
        f.update(cam, 0.05);
    EXPECT_FALSE(f.active());
    EXPECT_DOUBLE_EQ(cam.centre().x, 1000);
    EXPECT_DOUBLE_EQ(cam.centre().y, -2000);
    EXPECT_DOUBLE_EQ(cam.zoom(), 9);
    EXPECT_FALSE(f.update(cam, 0.1));
}


TEST_F(ToolkitEngineTest, SearchListsPlacesThenIncidentsAndEnterFliesThere) {
    auto e = loaded();
    core::Commands open = scene::command_for(scene::Action::FindPlace, e->state());
    e->apply(open);
    EXPECT_TRUE(e->state().search_open);
    core::Commands find;
    find.find = "baghdad";
    e->apply(find);
    const auto& hits = e->state().search_hits;
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].kind, core::SearchHit::Kind::Place);
    EXPECT_EQ(hits[0].label, "Baghdad");
    EXPECT_EQ(hits[0].detail, "IQ · 7,216,000");
    const bool has_incident = std::any_of(hits.begin(), hits.end(), [](const core::SearchHit& h) {
        return h.kind == core::SearchHit::Kind::Incident && h.incident >= 0;
    });
    EXPECT_TRUE(has_incident) << "the sample names Baghdad in its incidents' text";
    core::Commands go;
    go.go_to_hit = 0;
    e->apply(go);
    EXPECT_FALSE(e->state().search_open);
    EXPECT_TRUE(e->moving()); // eased, not a jump
    settle(*e);
    EXPECT_FALSE(e->moving());
    EXPECT_NEAR(centre(*e).lon, 44.40088, 1e-6);
    EXPECT_NEAR(centre(*e).lat, 33.34058, 1e-6);
    EXPECT_DOUBLE_EQ(e->camera().zoom(), core::zoom_for_population(7216000));
}

TEST_F(ToolkitEngineTest, AnIncidentHitIsSelectedOnArrival) {
    auto e = loaded();
    core::Commands find;
    find.find = "Harir air base";
    e->apply(find);
    const auto& hits = e->state().search_hits;
    const auto it = std::find_if(hits.begin(), hits.end(), [](const core::SearchHit& h) {
        return h.kind == core::SearchHit::Kind::Incident;
    });
    ASSERT_NE(it, hits.end());
    const int incident = it->incident;
    core::Commands go;
    go.go_to_hit = static_cast<int>(it - hits.begin());
    e->apply(go);
    settle(*e);
    EXPECT_EQ(e->state().selected, incident);
    EXPECT_NEAR(centre(*e).lon, 44.341, 1e-6);
}

TEST_F(ToolkitEngineTest, PanningDuringAFlightEndsIt) {
    auto e = loaded();
    core::Commands fly;
    fly.fly_to_lonlat = std::pair{core::LonLat{35.5, 33.9}, 9.0};
    e->apply(fly);
    step(*e, 0.05);
    core::Commands pan;
    pan.pan_px = core::ScreenPx{10, 0};
    e->apply(pan);
    settle(*e);
    EXPECT_GT(std::abs(centre(*e).lon - 35.5), 0.5); // it stopped where the user took over
}

} // namespace
