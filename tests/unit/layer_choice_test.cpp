// Layer choice (issue 15, item 1): the layers of a source listed without reading it, File >
// Open's question for a source with several point layers answered through the engine's one
// door, the answer read the way --layer reads (several layers into one) and kept in the
// session. multi_layer.gpkg holds strikes (3 points), protests (2 points) and areas
// (1 polygon); points.geojson has one layer.

#include "geo/layer_list.hpp"
#include "geo/reader.hpp"
#include "scene/engine.hpp"
#include "scene/session.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace {

using namespace incimap;

TEST(LayerList, EveryLayerWithItsCountAndWhatIsReadByDefault) {
    const geo::LayerListing l = geo::list_layers(test::fixture("multi_layer.gpkg"), {});
    ASSERT_TRUE(l.ok) << l.error;
    ASSERT_EQ(l.layers.size(), 3u);
    EXPECT_EQ(l.layers[0].name, "strikes");
    EXPECT_EQ(l.layers[0].features, 3);
    EXPECT_TRUE(l.layers[0].read);
    EXPECT_EQ(l.layers[1].name, "protests");
    EXPECT_EQ(l.layers[1].features, 2);
    EXPECT_TRUE(l.layers[1].read);
    EXPECT_EQ(l.layers[2].name, "areas");
    EXPECT_EQ(l.layers[2].geometry, "polygon");
    EXPECT_FALSE(l.layers[2].read);
    EXPECT_EQ(l.layers[2].why, "holds polygons, not points");
    EXPECT_TRUE(l.several_point_layers());
    EXPECT_TRUE(core::can_choose(l.layers[0]));
    EXPECT_FALSE(core::can_choose(l.layers[2]));

    // One layer of points: nothing to ask; a GeoJSON is not even opened.
    const geo::LayerListing one = geo::list_layers(test::fixture("points.geojson"), {});
    EXPECT_TRUE(one.ok);
    EXPECT_TRUE(one.layers.empty());
    EXPECT_FALSE(one.several_point_layers());
    // A file that is not there: the error the read would give.
    const geo::LayerListing none = geo::list_layers("/nonexistent/x.gpkg", {});
    EXPECT_FALSE(none.ok);
    EXPECT_NE(none.error.find("no such file"), std::string::npos) << none.error;
}

TEST(LayerList, SeveralNamedLayersReadIntoOne) {
    geo::ReadOptions o;
    o.layers = {"protests", "areas"};
    const geo::ReadResult r = geo::read_incidents(test::fixture("multi_layer.gpkg"), o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.table.count(), 3u); // 2 protests + the polygon's centre
    EXPECT_EQ(r.report.layer, "protests, areas");
    EXPECT_EQ(r.report.layer_field, "layer");
    ASSERT_EQ(r.report.layer_counts.size(), 3u);
    EXPECT_FALSE(r.report.layer_counts[0].read);
    EXPECT_EQ(r.report.layer_counts[0].why, "not a layer asked for");
    EXPECT_TRUE(r.report.layer_counts[1].read);
    EXPECT_TRUE(r.report.layer_counts[2].read);
    o.layers = {"strikes", "nope"};
    const geo::ReadResult bad = geo::read_incidents(test::fixture("multi_layer.gpkg"), o);
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.error.find("no layer 'nope'"), std::string::npos) << bad.error;
}

class LayerChoiceTest : public test::EngineFixture {
protected:
    // Steps the engine until it has listed, read and prepared everything (10 s at most).
    bool settle(scene::Engine& e) { return run_until_ready(e, 0.005); }
    static std::size_t incidents(const scene::Engine& e) {
        std::size_t n = 0;
        for (const auto& l : e.scene().layers())
            n += l.table.count();
        return n;
    }
};

TEST_F(LayerChoiceTest, OpenAsksWhenSeveralLayersHoldPointsAndReadsTheTickedOnes) {
    const std::string session = m_dir.file("session.json");
    const std::string gpkg = test::fixture("multi_layer.gpkg");
    {
        auto e = laid_out(session);
        e->start({test::fixture("points.geojson")});
        ASSERT_TRUE(settle(*e));
        const std::size_t before = incidents(*e);
        const std::size_t loads = e->loads_finished();

        core::Commands open;
        open.open_asking = {gpkg};
        e->apply(open);
        ASSERT_TRUE(settle(*e));
        // Asked, nothing read yet.
        ASSERT_TRUE(e->state().layer_choice);
        EXPECT_EQ(e->state().layer_choice->source, gpkg);
        ASSERT_EQ(e->state().layer_choice->layers.size(), 3u);
        EXPECT_EQ(e->state().layer_choice->layers[2].geometry, "polygon");
        EXPECT_EQ(e->loads_finished(), loads);
        EXPECT_EQ(e->scene().layers().size(), 1u);

        core::Commands ok;
        ok.open_layers = core::SourceLayers{gpkg, {"strikes"}};
        e->apply(ok);
        EXPECT_FALSE(e->state().layer_choice);
        ASSERT_TRUE(settle(*e));
        EXPECT_EQ(e->loads_finished(), loads + 1);
        ASSERT_EQ(e->scene().layers().size(), 2u);
        EXPECT_EQ(e->scene().layers()[1].table.count(), 3u);
        EXPECT_EQ(e->scene().layers()[1].report.layer, "strikes");
        EXPECT_EQ(incidents(*e), before + 3);
        ASSERT_EQ(e->state().source_layers.size(), 1u);
        EXPECT_EQ(e->state().source_layers[0], (core::SourceLayers{gpkg, {"strikes"}}));
        e->finish();
    }
    // The session keeps the choice, and a restart reads only that layer again.
    std::string error;
    const auto saved = scene::load_session(session, error);
    ASSERT_TRUE(saved) << error;
    ASSERT_EQ(saved->source_layers.size(), 1u);
    EXPECT_EQ(saved->source_layers[0], (core::SourceLayers{gpkg, {"strikes"}}));
    auto e = laid_out(session);
    e->start({});
    ASSERT_TRUE(settle(*e));
    EXPECT_FALSE(e->state().layer_choice); // a session's sources do not ask again
    ASSERT_EQ(e->scene().layers().size(), 2u);
    EXPECT_EQ(e->scene().layers()[1].table.count(), 3u);
}

TEST_F(LayerChoiceTest, OneLayerOpensAtOnceAndCancelOpensNothing) {
    auto e = laid_out();
    e->start({test::fixture("points.geojson")});
    ASSERT_TRUE(settle(*e));
    core::Commands open;
    open.open_asking = {test::fixture("quake_folders.kml"), test::fixture("feed.geojson")};
    e->apply(open);
    ASSERT_TRUE(settle(*e));
    // The KML's folders ask first; the GeoJSON waits behind the question.
    ASSERT_TRUE(e->state().layer_choice);
    EXPECT_EQ(e->state().layer_choice->source, test::fixture("quake_folders.kml"));
    EXPECT_EQ(e->scene().layers().size(), 1u);
    core::Commands cancel;
    cancel.cancel_layer_choice = true;
    e->apply(cancel);
    EXPECT_FALSE(e->state().layer_choice);
    EXPECT_NE(e->state().message.find("not opened"), std::string::npos) << e->state().message;
    ASSERT_TRUE(settle(*e));
    // The GeoJSON (one layer) opened without a question; the KML did not.
    EXPECT_FALSE(e->state().layer_choice);
    ASSERT_EQ(e->scene().layers().size(), 2u);
    EXPECT_EQ(e->scene().layers()[1].path, test::fixture("feed.geojson"));
    EXPECT_EQ(e->state().sources.size(), 2u);
    // OK with nothing ticked opens nothing either.
    core::Commands none;
    none.open_layers = core::SourceLayers{test::fixture("multi_layer.gpkg"), {}};
    e->apply(none);
    ASSERT_TRUE(settle(*e));
    EXPECT_EQ(e->scene().layers().size(), 2u);
}

TEST(LayerChoiceSession, RoundTripsAndIgnoresWhatIsNotALayerList) {
    scene::Session s;
    s.files = {"a.gpkg", "b.kml"};
    s.source_layers = {{"a.gpkg", {"strikes", "protests"}}, {"b.kml", {"M5"}}};
    std::string error;
    const auto back = scene::session_from_json(scene::session_to_json(s), error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->source_layers, s.source_layers);
    const auto odd = scene::session_from_json(
        R"({"version": 1, "files": ["a.gpkg"], "source_layers": [{"file": "a.gpkg",
            "layers": "strikes"}, {"file": 3, "layers": ["x"]}, {"file": "a.gpkg",
            "layers": [1, "protests"]}]})",
        error);
    ASSERT_TRUE(odd) << error;
    ASSERT_EQ(odd->source_layers.size(), 1u);
    EXPECT_EQ(odd->source_layers[0], (core::SourceLayers{"a.gpkg", {"protests"}}));
    // Without a choice, the key is not written.
    EXPECT_EQ(scene::session_to_json(scene::Session{}).find("source_layers"), std::string::npos);
}

} // namespace
