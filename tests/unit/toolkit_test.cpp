// The analyst's toolkit (issue 17): text folding and the gazetteer's ranking (on made-up
// places and on the bundled GeoNames places), the eased flight, bookmarks as JSON and in the
// session, and the engine's commands: search → fly, bookmark → recall.

#include "core/flight.hpp"
#include "core/gazetteer.hpp"
#include "core/text_fold.hpp"
#include "geo/geodesy.hpp"
#include "geo/places_reader.hpp"
#include "scene/actions.hpp"
#include "scene/bookmarks.hpp"
#include "scene/engine.hpp"
#include "scene/session.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace {

using namespace incimap;

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

// ---- bookmarks -----------------------------------------------------------------------------

core::Bookmark erbil_december() {
    core::Bookmark b;
    b.name = "Erbil, December";
    b.centre = {44.0119, 36.1833};
    b.zoom = 9.5;
    b.window.from = core::parse_time("2023-12-01")->start_ms;
    b.window.to = core::parse_time("2024-01-01")->start_ms;
    b.window.mode = core::TimeMode::Cumulative;
    b.search = "drone";
    b.hidden_categories = {"Rocket attack"};
    return b;
}

void expect_same(const core::Bookmark& a, const core::Bookmark& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_DOUBLE_EQ(a.centre.lon, b.centre.lon);
    EXPECT_DOUBLE_EQ(a.centre.lat, b.centre.lat);
    EXPECT_DOUBLE_EQ(a.zoom, b.zoom);
    EXPECT_EQ(a.window.from, b.window.from);
    EXPECT_EQ(a.window.to, b.window.to);
    EXPECT_EQ(a.window.mode, b.window.mode);
    EXPECT_EQ(a.search, b.search);
    EXPECT_EQ(a.hidden_categories, b.hidden_categories);
}

TEST(Bookmarks, FileRoundTrip) {
    test::TempDir dir;
    core::Bookmark all_time;
    all_time.name = "World";
    all_time.centre = {0, 0};
    const std::vector<core::Bookmark> saved{erbil_december(), all_time};
    ASSERT_EQ(scene::save_bookmarks(saved, dir.file("b.json")), "");
    std::string error;
    const auto loaded = scene::load_bookmarks(dir.file("b.json"), error);
    EXPECT_EQ(error, "");
    ASSERT_EQ(loaded.size(), 2u);
    expect_same(loaded[0], saved[0]);
    expect_same(loaded[1], saved[1]);
    EXPECT_TRUE(loaded[1].window.is_all());
    // Missing: none and no error; not a bookmarks file: none and an error.
    EXPECT_TRUE(scene::load_bookmarks(dir.file("none.json"), error).empty());
    EXPECT_EQ(error, "");
    test::write_file(dir.file("bad.json"), "[1, 2]");
    EXPECT_TRUE(scene::load_bookmarks(dir.file("bad.json"), error).empty());
    EXPECT_NE(error, "");
}

TEST(Bookmarks, HostileValuesAreDroppedOrClamped) {
    const auto j = nlohmann::json::parse(R"([
        {"name": "ok", "center": [10, 20], "zoom": 99},
        {"name": "off the globe", "center": [500, 20]},
        {"name": "no centre"},
        {"center": [1, 2]},
        "text",
        {"name": "bad time", "center": [1, 2], "from": "yesterday", "to": 5}
    ])");
    const auto b = scene::bookmarks_from_json(j);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].name, "ok");
    EXPECT_DOUBLE_EQ(b[0].zoom, core::kMaxZoom);
    EXPECT_EQ(b[1].name, "bad time");
    EXPECT_TRUE(b[1].window.is_all());
}

TEST(Bookmarks, NamesAreUniqueAndFoundCaseInsensitively) {
    std::vector<core::Bookmark> list(1);
    list[0].name = "View 1";
    EXPECT_EQ(scene::unique_bookmark_name(list, ""), "View 2");
    EXPECT_EQ(scene::unique_bookmark_name(list, "View 1"), "View 1 (2)");
    EXPECT_EQ(scene::unique_bookmark_name(list, "Erbil"), "Erbil");
    EXPECT_TRUE(scene::find_bookmark(list, "view 1"));
    EXPECT_FALSE(scene::find_bookmark(list, "view 2"));
}

TEST(Bookmarks, SessionRoundTrip) {
    scene::Session s;
    s.files = {"a.geojson"};
    s.bookmarks = {erbil_december()};
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back) << error;
    ASSERT_EQ(back->bookmarks.size(), 1u);
    expect_same(back->bookmarks[0], s.bookmarks[0]);
    // A session without bookmarks writes no key (older sessions read the same).
    EXPECT_EQ(scene::session_to_json(scene::Session{}).find("bookmarks"), std::string::npos);
}

// ---- the engine ----------------------------------------------------------------------------

class ToolkitEngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        setenv("XDG_STATE_HOME", m_dir.file("state").c_str(), 1);
        setenv("XDG_CONFIG_HOME", m_dir.file("config").c_str(), 1);
    }
    std::unique_ptr<scene::Engine> loaded(const std::string& session = "") {
        scene::EngineOptions options;
        options.session_path = session;
        options.assets_dir = INCIMAP_ASSETS;
        auto e = std::make_unique<scene::Engine>(options);
        core::Commands c;
        c.set_layout = std::pair{std::pair{1280, 800}, core::MapRect{340, 20, 940, 636}};
        e->apply(c);
        e->start({std::string(INCIMAP_ASSETS) + "/samples/incidents-2023-10_2024-02.geojson"});
        for (int i = 0; i < 2000 && !(e->ready() && !e->waiting()); ++i) {
            step(*e, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        EXPECT_TRUE(e->ready());
        return e;
    }
    void step(scene::Engine& e, double dt_s) {
        m_now += std::max(dt_s, 0.001);
        e.update(dt_s, m_now);
    }
    void settle(scene::Engine& e) {
        for (int i = 0; i < 100 && e.moving(); ++i)
            step(e, 1.0 / 60);
    }
    core::LonLat centre(const scene::Engine& e) {
        return e.scene().projection().inverse(e.camera().centre()).value_or(core::LonLat{});
    }
    test::TempDir m_dir;
    double m_now = 0;
};

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

TEST_F(ToolkitEngineTest, BookmarkRecallRestoresCameraWindowAndFilters) {
    const std::string session = m_dir.file("s.json");
    core::LonLat at;
    double zoom = 0;
    core::TimeWindow window;
    {
        auto e = loaded(session);
        core::Commands set;
        set.set_centre_zoom = std::pair{core::LonLat{44.0119, 36.1833}, 9.0};
        window.from = core::parse_time("2023-12-01")->start_ms;
        window.to = core::parse_time("2024-01-01")->start_ms;
        set.set_window = window;
        core::Filters f = e->state().filters;
        f.search = "drone";
        set.set_filters = f;
        e->apply(set);
        e->apply(scene::command_for(scene::Action::AddBookmark, e->state()));
        ASSERT_EQ(e->state().bookmarks.size(), 1u);
        EXPECT_EQ(e->state().bookmarks[0].name, "View 1");
        at = centre(*e);
        zoom = e->camera().zoom();
        // Elsewhere, another time, no search: key 1 brings it back.
        core::Commands away;
        away.reset_view = true;
        core::Filters none = e->state().filters;
        none.search.clear();
        away.set_filters = none;
        e->apply(away);
        EXPECT_TRUE(e->state().window.is_all());
        e->apply(scene::command_for(scene::Action::RecallBookmark1, e->state()));
        settle(*e);
        EXPECT_NEAR(centre(*e).lon, at.lon, 1e-6);
        EXPECT_NEAR(centre(*e).lat, at.lat, 1e-6);
        EXPECT_DOUBLE_EQ(e->camera().zoom(), zoom);
        EXPECT_EQ(e->state().window.from, window.from);
        EXPECT_EQ(e->state().window.to, window.to);
        EXPECT_EQ(e->state().filters.search, "drone");
        // Key 2 has no bookmark: nothing happens.
        e->apply(scene::command_for(scene::Action::RecallBookmark2, e->state()));
        e->write_session(true);
    }
    // In the session file and in the XDG config folder's bookmarks file.
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->bookmarks.size(), 1u);
    EXPECT_NEAR(s->bookmarks[0].centre.lon, at.lon, 1e-9);
    const auto file = scene::load_bookmarks(m_dir.file("config") + "/incimap/bookmarks.json", error);
    ASSERT_EQ(file.size(), 1u);
    EXPECT_EQ(file[0].window.from, window.from);
    // A new window with a session but no bookmarks file still has the session's bookmark.
    std::filesystem::remove(m_dir.file("config") + "/incimap/bookmarks.json");
    auto again = loaded(session);
    ASSERT_EQ(again->state().bookmarks.size(), 1u);
    EXPECT_EQ(again->state().bookmarks[0].name, "View 1");
    core::Commands remove;
    remove.remove_bookmark = 0;
    again->apply(remove);
    EXPECT_TRUE(again->state().bookmarks.empty());
}

} // namespace

namespace {

using namespace incimap;

TEST_F(ToolkitEngineTest, CompareBeforeIsTheSameLengthJustBeforeAndCountsEachWindow) {
    const std::string session = m_dir.file("compare.json");
    auto e = loaded(session);
    core::Commands set;
    core::TimeWindow a;
    a.from = core::parse_time("2024-01-01")->start_ms;
    a.to = core::parse_time("2024-01-15")->start_ms;
    set.set_window = a;
    e->apply(set);
    EXPECT_FALSE(e->state().compare);
    e->apply(scene::command_for(scene::Action::CompareBefore, e->state()));
    ASSERT_TRUE(e->state().compare);
    const core::TimeWindow b = *e->state().compare;
    EXPECT_EQ(b.from, a.from - 14 * core::kMsPerDay);
    EXPECT_EQ(b.to, a.from);
    // Each window's count against a count by hand over every incident.
    std::size_t in_a = 0, in_b = 0;
    const core::IncidentTable& t = e->scene().drawn();
    for (std::size_t i = 0; i < t.count(); ++i) {
        in_a += a.shows(t.t_start[i], t.t_end[i], t.t_precision[i]) ? 1 : 0;
        in_b += b.shows(t.t_start[i], t.t_end[i], t.t_precision[i]) ? 1 : 0;
    }
    ASSERT_GT(in_b, 0u);
    EXPECT_EQ(e->overlay().in_window, in_a);
    EXPECT_EQ(e->compare_overlay().in_window, in_b);
    std::size_t by_category = 0;
    for (const auto& entry : e->compare_overlay().entries)
        by_category += entry.count;
    EXPECT_EQ(by_category, in_b);
    // Kept in the session; Shift+B stops comparing.
    e->write_session(true);
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s && s->compare) << error;
    EXPECT_EQ(s->compare->from, b.from);
    EXPECT_EQ(s->compare->to, b.to);
    e->apply(scene::command_for(scene::Action::ClearCompare, e->state()));
    EXPECT_FALSE(e->state().compare);
    EXPECT_EQ(e->compare_overlay().in_window, 0u);
    // Restored from the session.
    auto again = loaded(session);
    ASSERT_TRUE(again->state().compare);
    EXPECT_EQ(again->state().compare->from, b.from);
}

} // namespace

// ---- measuring -------------------------------------------------------------------------------

namespace {

using namespace incimap;

// Against PROJ's `geod +ellps=WGS84 -I +units=m` (proj-bin 9.1.1), metres.
TEST(Geodesy, DistancesAgreeWithGeod) {
    struct Case {
        const char* name;
        core::LonLat a, b;
        double metres;
    };
    const Case cases[] = {
        {"Baghdad-Beirut", {44.4009, 33.3406}, {35.5018, 33.8938}, 827825.688},
        {"polar, across the pole", {0, 89}, {180, 89}, 223387.730},
        {"antimeridian", {179.5, 10}, {-179.5, -10}, 2214481.072},
        {"south, half way round", {-30, -60}, {150, -70}, 5580877.911},
    };
    for (const Case& c : cases) {
        EXPECT_NEAR(geo::geodesic_distance_m(c.a, c.b), c.metres, 1e-3) << c.name;
        EXPECT_NEAR(geo::geodesic_distance_m(c.b, c.a), c.metres, 1e-3) << c.name;
    }
    const std::vector<core::LonLat> path{{44.4009, 33.3406}, {35.5018, 33.8938}, {44.4009, 33.3406}};
    EXPECT_NEAR(geo::path_length_m(path), 2 * 827825.688, 2e-3);
    // `geod +ellps=WGS84`: 33.3 44.4 45 300000 → 35.19066030 46.72896062.
    const core::LonLat p = geo::geodesic_direct({44.4, 33.3}, 45, 300000);
    EXPECT_NEAR(p.lat, 35.19066030, 1e-8);
    EXPECT_NEAR(p.lon, 46.72896062, 1e-8);
}

TEST(Geodesy, PolygonArea) {
    // A 1°×1° cell on the equator: the ellipsoidal zone area (authalic formula) is
    // 12,308,463,894 m²; its northern edge is a geodesic, not the parallel (≈3e-5 of it).
    const std::vector<core::LonLat> cell{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    EXPECT_NEAR(geo::polygon_area_m2(cell) / 12308463894.0, 1.0, 1e-4);
    // Either winding, and fewer than three points: none.
    const std::vector<core::LonLat> reversed(cell.rbegin(), cell.rend());
    EXPECT_DOUBLE_EQ(geo::polygon_area_m2(reversed), geo::polygon_area_m2(cell));
    EXPECT_EQ(geo::polygon_area_m2(std::vector<core::LonLat>{{0, 0}, {1, 1}}), 0.0);
}

TEST(Geodesy, RangeRingVerticesLieAtTheRadius) {
    for (const core::LonLat centre : {core::LonLat{44.4, 33.3}, core::LonLat{179.9, 0},
                                      core::LonLat{0, 89.5}}) {
        for (const double r : {100e3, 300e3, 1000e3}) {
            const auto ring = geo::geodesic_circle(centre, r, 180);
            ASSERT_EQ(ring.size(), 180u);
            for (const core::LonLat& v : ring)
                EXPECT_NEAR(geo::geodesic_distance_m(centre, v), r, 1e-3);
        }
    }
    // A geodesic line: every point on the geodesic, the ends exact.
    const auto line = geo::geodesic_line({44.4009, 33.3406}, {35.5018, 33.8938}, 20000);
    EXPECT_GE(line.size(), 42u);
    EXPECT_NEAR(line.back().lon, 35.5018, 1e-9);
    double along = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        along += geo::geodesic_distance_m(line[i - 1], line[i]);
    EXPECT_NEAR(along, 827825.688, 1e-2);
}

TEST(Geodesy, SegmentsBreakAtTheAntimeridianAndWhereNothingProjects) {
    // Plate carrée in degrees: a ring around a point on the antimeridian wraps.
    const auto ring = geo::geodesic_circle({180, 0}, 300e3, 64);
    std::vector<core::MapPoint> segments;
    geo::append_segments(std::span<const core::LonLat>(ring),
                         [](core::LonLat ll) { return core::MapPoint{ll.lon, ll.lat}; }, 360.0,
                         segments);
    ASSERT_FALSE(segments.empty());
    for (std::size_t i = 0; i < segments.size(); i += 2)
        EXPECT_LT(std::abs(segments[i].x - segments[i + 1].x), 10.0) << "no segment across the map";
    EXPECT_LT(segments.size() / 2, ring.size() - 1); // some legs were dropped at the seam
    segments.clear();
    const std::vector<core::LonLat> line{{0, 0}, {1, 0}, {2, 0}, {3, 0}};
    geo::append_segments(std::span<const core::LonLat>(line),
                         [](core::LonLat ll) {
                             return ll.lon == 2 ? core::MapPoint{NAN, NAN}
                                                : core::MapPoint{ll.lon, ll.lat};
                         },
                         360.0, segments);
    EXPECT_EQ(segments.size(), 2u); // only 0–1: 1–2 and 2–3 touch a point with no position
}

TEST_F(ToolkitEngineTest, MeasuringByClicksEscAndRingsInTheSession) {
    const std::string session = m_dir.file("measure.json");
    auto e = loaded(session);
    const auto click_at = [&](core::LonLat ll) {
        core::Commands c;
        c.click_at = e->camera().to_screen(e->scene().projection().forward(ll));
        e->apply(c);
    };
    core::Commands zoom;
    zoom.set_centre_zoom = std::pair{core::LonLat{40, 33.6}, 5.0};
    e->apply(zoom);
    e->apply(scene::command_for(scene::Action::MeasurePath, e->state()));
    EXPECT_EQ(e->state().measure.mode, core::MeasureMode::Path);
    click_at({44.4009, 33.3406});
    click_at({35.5018, 33.8938});
    ASSERT_EQ(e->state().measure.path.size(), 2u);
    EXPECT_EQ(e->state().selected, -1) << "a click while measuring selects nothing";
    const std::string summary = e->measure_summary();
    EXPECT_NE(summary.find("path 827."), std::string::npos) << summary; // a pixel's worth off
    EXPECT_NE(summary.find(" mi)"), std::string::npos) << summary;
    ASSERT_FALSE(e->measure_labels().empty());
    click_at({36.2, 32.0});
    EXPECT_NE(e->measure_summary().find("area "), std::string::npos);
    // Esc: measuring ends and the path goes.
    e->apply(scene::command_for(scene::Action::ClearSelection, e->state()));
    EXPECT_EQ(e->state().measure.mode, core::MeasureMode::Off);
    EXPECT_TRUE(e->state().measure.path.empty());
    // Rings around two clicked centres, kept in the session.
    e->apply(scene::command_for(scene::Action::RangeRings, e->state()));
    click_at({42.44, 33.79});
    click_at({38.8, 33.3});
    ASSERT_EQ(e->state().measure.ring_centres.size(), 2u);
    EXPECT_EQ(e->measure_labels().size(), 6u); // 3 radii × 2 centres
    e->write_session(true);
    std::string error;
    const auto s = scene::load_session(session, error);
    ASSERT_TRUE(s) << error;
    ASSERT_EQ(s->ring_centres.size(), 2u);
    EXPECT_NEAR(s->ring_centres[0].lon, e->state().measure.ring_centres[0].lon, 1e-9);
    EXPECT_EQ(s->ring_radii_km, (std::vector<double>{100, 300, 1000}));
    e->apply(scene::command_for(scene::Action::ClearRings, e->state()));
    EXPECT_TRUE(e->state().measure.ring_centres.empty());
    auto again = loaded(session);
    EXPECT_EQ(again->state().measure.ring_centres.size(), 2u);
}

} // namespace
