// Issue 20, the panels, through the engine's one door: the legend (a hidden category keeps its
// count, colours kept per value as layers are added, a legend per layer), the layer commands
// (remove, move, rename, zoom to, hide) with undo and the session, the list's columns in the
// session, a message's kind, and a cluster badge's split by category.

#include "core/palette.hpp"
#include "scene/actions.hpp"
#include "scene/engine.hpp"
#include "scene/session.hpp"
#include "engine_harness.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdlib>
#include <map>
#include <thread>

namespace {

using namespace incimap;

// A GeoJSON of `n` incidents of each category in `counts`, at (lon, lat) ± a little, dated
// 2024-01-01 + i days.
std::string geojson(const std::vector<std::pair<std::string, int>>& counts, double lon,
                    double lat, double spread = 0.01) {
    std::string out = R"({"type":"FeatureCollection","features":[)";
    int k = 0;
    for (const auto& [name, n] : counts)
        for (int i = 0; i < n; ++i, ++k) {
            if (k > 0)
                out += ",";
            const double dx = spread * (k % 7), dy = spread * (k % 5);
            out += R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)" +
                   std::to_string(lon + dx) + "," + std::to_string(lat + dy) +
                   R"(]},"properties":{"date":"2024-01-)" + (k % 28 + 1 < 10 ? std::string("0") : "") +
                   std::to_string(k % 28 + 1) + R"(","event_type":")" + name + R"("}})";
        }
    return out + "]}";
}

class PanelsTest : public test::EngineFixture {
protected:
    void SetUp() override {
        EngineFixture::SetUp();
        m_a = m_dir.write("a.geojson", geojson({{"alpha", 6}, {"beta", 3}}, 44.0, 33.0));
        m_b = m_dir.write("b.geojson", geojson({{"gamma", 20}, {"delta", 10}, {"alpha", 1}},
                                               35.5, 33.9));
    }
    void apply(scene::Engine& e, const core::Commands& c) {
        e.apply(c);
        ASSERT_TRUE(run_until_ready(e));
    }
    static std::map<std::string, core::Rgba8> colours(const scene::MapScene& s) {
        std::map<std::string, core::Rgba8> out;
        const auto& cats = s.drawn().categories;
        for (std::size_t c = 0; c < cats.size(); ++c)
            out[cats[c]] = core::slot_colour(s.category_slots().at(c));
        return out;
    }
    static std::size_t legend_count(scene::Engine& e, const std::string& label) {
        for (const auto& entry : e.overlay().entries)
            if (entry.label == label)
                return entry.count;
        return SIZE_MAX;
    }

    std::string m_a, m_b;
};

TEST_F(PanelsTest, AHiddenCategoryKeepsItsCountInTheLegend) {
    auto e = laid_out();
    e->start({m_a});
    ASSERT_TRUE(run_until_ready(*e));
    EXPECT_EQ(legend_count(*e, "beta"), 3u);
    EXPECT_EQ(e->overlay().in_window, 9u);
    core::Commands hide;
    core::Filters f = e->state().filters;
    f.hidden_categories.insert("beta");
    hide.set_filters = f;
    apply(*e, hide);
    // Greyed in the panel, not 0: the count is what the window would show.
    EXPECT_EQ(legend_count(*e, "beta"), 3u);
    EXPECT_EQ(legend_count(*e, "alpha"), 6u);
    EXPECT_EQ(e->overlay().in_window, 6u); // the map and the status bar: what is shown
    const auto legend = e->scene().layer_legend(0, e->state().window);
    ASSERT_EQ(legend.entries.size(), 2u);
    EXPECT_EQ(legend.entries[1].label, "beta");
    EXPECT_EQ(legend.entries[1].count, 3u);
    // The histogram still follows the filters: beta is not stacked.
    const core::TimeHistogram h = e->scene().histogram(
        e->scene().time_extent().first(), core::kMsPerDay * 40, 1);
    std::size_t total = 0;
    for (const std::size_t n : h.counts)
        total += n;
    EXPECT_EQ(total, 6u);
}

TEST_F(PanelsTest, AddingALayerNeverReshufflesTheColoursOfTheLayersBefore) {
    auto e = laid_out();
    e->start({m_a});
    ASSERT_TRUE(run_until_ready(*e));
    const auto before = colours(e->scene());
    core::Commands open;
    open.open_files = {m_b}; // more frequent categories than a's: by total they would lead
    apply(*e, open);
    ASSERT_EQ(e->scene().layers().size(), 2u);
    const auto after = colours(e->scene());
    EXPECT_EQ(after.at("alpha"), before.at("alpha"));
    EXPECT_EQ(after.at("beta"), before.at("beta"));
    // b's new values take colours of their own, not a's.
    EXPECT_NE(after.at("gamma"), after.at("alpha"));
    EXPECT_NE(after.at("gamma"), after.at("beta"));
    EXPECT_NE(after.at("delta"), after.at("alpha"));
    EXPECT_NE(after.at("delta"), after.at("beta"));
    EXPECT_NE(after.at("gamma"), after.at("delta"));
    // Removing layer a leaves b's colours as they were.
    core::Commands remove;
    remove.remove_layer = 0;
    apply(*e, remove);
    const auto without_a = colours(e->scene());
    EXPECT_EQ(without_a.at("gamma"), after.at("gamma"));
    EXPECT_EQ(without_a.at("delta"), after.at("delta"));
}

TEST_F(PanelsTest, EachLayerHasItsOwnLegend) {
    auto e = laid_out();
    e->start({m_a, m_b});
    ASSERT_TRUE(run_until_ready(*e));
    ASSERT_EQ(e->scene().layers().size(), 2u);
    const auto a = e->scene().layer_legend(0, e->state().window);
    const auto b = e->scene().layer_legend(1, e->state().window);
    ASSERT_EQ(a.entries.size(), 2u);
    EXPECT_EQ(a.field, "event_type");
    EXPECT_EQ(a.entries[0].label, "alpha");
    EXPECT_EQ(a.entries[0].count, 6u); // a's own alphas, not b's one
    ASSERT_EQ(b.entries.size(), 3u);
    EXPECT_EQ(b.entries[0].label, "gamma");
    EXPECT_EQ(b.entries[2].label, "alpha");
    EXPECT_EQ(b.entries[2].count, 1u);
    EXPECT_EQ(b.entries[2].colour, a.entries[0].colour); // one value, one colour on the map
}

TEST_F(PanelsTest, RemoveAndMoveALayerAndUndoThem) {
    auto e = laid_out();
    e->start({m_a, m_b});
    ASSERT_TRUE(run_until_ready(*e));
    const auto ids = e->state().layer_ids;
    ASSERT_EQ(ids.size(), 2u);
    // Hide b, then move it up: its switch goes with it.
    core::Commands hide;
    core::Filters f = e->state().filters;
    f.hidden_layers = {false, true};
    hide.set_filters = f;
    apply(*e, hide);
    core::Commands up;
    up.move_layer = std::pair{std::size_t{1}, -1};
    apply(*e, up);
    EXPECT_EQ(e->state().layer_ids, (std::vector<std::uint64_t>{ids[1], ids[0]}));
    EXPECT_EQ(e->scene().layers()[0].path, m_b);
    EXPECT_EQ(e->state().sources, (std::vector<std::string>{m_b, m_a}));
    EXPECT_EQ(e->state().filters.hidden_layers, (std::vector<bool>{true, false}));
    EXPECT_EQ(e->history().undo_what(), "layers");
    // Remove a (now second).
    core::Commands remove;
    remove.remove_layer = 1;
    apply(*e, remove);
    ASSERT_EQ(e->scene().layers().size(), 1u);
    EXPECT_EQ(e->scene().drawn().count(), 31u);
    EXPECT_EQ(e->state().sources, (std::vector<std::string>{m_b}));
    EXPECT_EQ(e->state().message_kind, core::MessageKind::Success);
    // Undo brings a back where it was; undo again puts b back in second place.
    core::Commands undo;
    undo.undo = true;
    apply(*e, undo);
    EXPECT_EQ(e->state().layer_ids, (std::vector<std::uint64_t>{ids[1], ids[0]}));
    EXPECT_EQ(e->scene().drawn().count(), 40u);
    apply(*e, undo);
    EXPECT_EQ(e->state().layer_ids, ids);
    EXPECT_EQ(e->state().filters.hidden_layers, (std::vector<bool>{false, true}));
    EXPECT_EQ(e->state().sources, (std::vector<std::string>{m_a, m_b}));
    core::Commands redo;
    redo.redo = true;
    apply(*e, redo);
    apply(*e, redo);
    EXPECT_EQ(e->state().layer_ids, (std::vector<std::uint64_t>{ids[1]}));
}

TEST_F(PanelsTest, ASelectionFollowsItsIncidentWhenLayersMove) {
    auto e = laid_out();
    e->start({m_a, m_b});
    ASSERT_TRUE(run_until_ready(*e));
    core::Commands select;
    select.select = 2; // a's third incident
    apply(*e, select);
    core::Commands down;
    down.move_layer = std::pair{std::size_t{0}, 1};
    apply(*e, down);
    EXPECT_EQ(e->state().selected, 31 + 2); // after b's 31
    const auto [layer, row] = e->scene().source_of(static_cast<std::size_t>(e->state().selected));
    EXPECT_EQ(layer, 1u);
    EXPECT_EQ(row, 2u);
}

TEST_F(PanelsTest, RenameHideAndOrderAreKeptInTheSession) {
    const std::string session = m_dir.file("session.json");
    {
        auto e = laid_out(session);
        e->start({m_a, m_b});
        ASSERT_TRUE(run_until_ready(*e));
        core::Commands rename;
        rename.rename_layer = std::pair{std::size_t{1}, std::string("  Beirut feed ")};
        apply(*e, rename);
        EXPECT_EQ(e->state().layer_names.at(1), "Beirut feed");
        EXPECT_EQ(e->history().undo_what(), "layer name");
        core::Commands columns;
        columns.set_list_columns =
            std::vector{core::ListColumn::Date, core::ListColumn::Layer, core::ListColumn::Place};
        apply(*e, columns);
        core::Commands up;
        up.move_layer = std::pair{std::size_t{1}, -1};
        apply(*e, up);
        core::Commands hide;
        core::Filters f = e->state().filters;
        f.hidden_layers = {false, true};
        hide.set_filters = f;
        apply(*e, hide);
        e->write_session(true);
        const auto j = nlohmann::json::parse(test::read_bytes(session));
        // Files beside the session are stored relative to its folder (issue 20, session).
        const auto name = [](const std::string& p) {
            return std::filesystem::path(p).filename().string();
        };
        EXPECT_EQ(j["files"], nlohmann::json::array({nlohmann::json(name(m_b)), nlohmann::json(name(m_a))}));
        EXPECT_EQ(j["panels"]["layer_names"][0]["file"], name(m_b));
        EXPECT_EQ(j["panels"]["layer_names"][0]["name"], "Beirut feed");
        EXPECT_EQ(j["panels"]["list_columns"], nlohmann::json::array({"date", "layer", "place"}));
        EXPECT_EQ(j["filters"]["hidden_files"], nlohmann::json::array({nlohmann::json(name(m_a))}));
        e->finish();
    }
    auto again = laid_out(session);
    again->start({});
    ASSERT_TRUE(run_until_ready(*again));
    ASSERT_EQ(again->scene().layers().size(), 2u);
    EXPECT_EQ(again->scene().layers()[0].path, m_b);
    EXPECT_EQ(again->state().layer_names.at(0), "Beirut feed");
    EXPECT_EQ(again->state().filters.hidden_layers.at(1), true);
    EXPECT_EQ(again->state().list_columns,
              (std::vector{core::ListColumn::Date, core::ListColumn::Layer,
                           core::ListColumn::Place}));
    // Undo of the rename gives the file's name back.
    core::Commands rename;
    rename.rename_layer = std::pair{std::size_t{0}, std::string("x")};
    apply(*again, rename);
    core::Commands undo;
    undo.undo = true;
    apply(*again, undo);
    EXPECT_EQ(again->state().layer_names.at(0), "Beirut feed");
}

TEST_F(PanelsTest, ZoomToLayerFitsTheCameraToIt) {
    auto e = laid_out();
    e->start({m_a, m_b});
    ASSERT_TRUE(run_until_ready(*e));
    core::Commands zoom;
    zoom.zoom_to_layer = 1; // around Beirut
    apply(*e, zoom);
    const auto centre = e->scene().projection().inverse(e->state().camera.centre());
    ASSERT_TRUE(centre);
    EXPECT_NEAR(centre->lon, 35.53, 0.1);
    EXPECT_NEAR(centre->lat, 33.92, 0.1);
}

TEST_F(PanelsTest, AMessageHasAKind) {
    auto e = laid_out();
    e->start({m_a});
    ASSERT_TRUE(run_until_ready(*e));
    core::Commands said;
    said.message = "hello";
    apply(*e, said);
    EXPECT_EQ(e->state().message_kind, core::MessageKind::Info);
    said.message = "Exported 3 incidents";
    said.message_kind = core::MessageKind::Success;
    apply(*e, said);
    EXPECT_EQ(e->state().message_kind, core::MessageKind::Success);
    core::Commands bookmark;
    bookmark.add_bookmark = std::string("here");
    apply(*e, bookmark);
    EXPECT_EQ(e->state().message_kind, core::MessageKind::Success);
    core::Commands missing;
    missing.open_files = {m_dir.file("missing.geojson")};
    e->apply(missing);
    for (int i = 0; i < 2000 && e->state().message.find("missing") == std::string::npos; ++i) {
        step(*e);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_NE(e->state().message.find("missing"), std::string::npos);
    EXPECT_EQ(e->state().message_kind, core::MessageKind::Warning);
}

TEST_F(PanelsTest, AClusterBadgeSplitsItsCountByCategory) {
    auto e = laid_out();
    e->start({m_b});
    ASSERT_TRUE(run_until_ready(*e));
    core::Commands zoom_out;
    zoom_out.set_centre_zoom = std::pair{core::LonLat{35.5, 33.9}, 4.0};
    apply(*e, zoom_out);
    std::vector<std::pair<std::string, std::size_t>> split;
    // The badge sits up and to the right of its members' mean (clusters()).
    const core::ScreenPx centre = e->state().camera.to_screen(
        e->scene().projection().forward(core::LonLat{35.53, 33.92}));
    for (double dx = 0; dx <= 30 && split.empty(); dx += 2)
        for (double dy = 0; dy <= 30 && split.empty(); dy += 2)
            split = e->cluster_split_at({centre.x + dx, centre.y - dy});
    ASSERT_FALSE(split.empty());
    std::map<std::string, std::size_t> by(split.begin(), split.end());
    EXPECT_EQ(by["gamma"], 20u);
    EXPECT_EQ(by["delta"], 10u);
    EXPECT_EQ(by["alpha"], 1u);
    EXPECT_EQ(split.front().first, "gamma");
}

TEST(CategoryPalette, ValuesKeepTheirColoursAndLayersShareAValuesColour) {
    core::CategoryPalette p;
    const auto a = p.assign(1, {"x", "y"}, {1, 5});
    EXPECT_EQ(a, (std::vector<std::uint8_t>{1, 0}));
    const auto b = p.assign(2, {"z", "x"}, {100, 100});
    EXPECT_EQ(b[1], 1); // x keeps its colour
    EXPECT_EQ(b[0], 2); // z the next free one
    p.release(1);       // y goes; x stays (layer 2 holds it)
    EXPECT_FALSE(p.slot_of("y"));
    EXPECT_EQ(p.slot_of("x"), 1);
    const auto c = p.assign(3, {"w"}, {1});
    EXPECT_EQ(c[0], 0); // y's freed colour
    std::vector<std::string> many;
    for (int i = 0; i < 20; ++i)
        many.push_back("v" + std::to_string(i));
    const auto d = p.assign(4, many, std::vector<std::size_t>(20, 1));
    EXPECT_EQ(std::count(d.begin(), d.end(), core::kOtherSlot), 20 - 5); // 8 − 3 taken
}

} // namespace
