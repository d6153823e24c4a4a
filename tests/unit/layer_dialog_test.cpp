// File > Open's layer dialog (issue 15), its pure parts without a frame: the rows' text, the
// ticks it opens with, what can be ticked, and the answer OK sends.

#include "ui/layer_dialog.hpp"

#include <gtest/gtest.h>

namespace {

using namespace incimap;

core::LayerChoice gpkg() {
    core::LayerChoice c;
    c.source = "/data/multi_layer.gpkg";
    c.layers = {{"strikes", 3, "point", true, ""},
                {"protests", 2, "point", true, ""},
                {"areas", 1, "polygon", false, "holds polygons, not points"},
                {"Legend", 0, "mixed", false, ""}};
    return c;
}

TEST(LayerDialog, RowsSayTheCountAndWhyALayerIsGreyed) {
    const core::LayerChoice c = gpkg();
    EXPECT_EQ(ui::layer_row_text(c.layers[0]), "strikes  3 features");
    EXPECT_EQ(ui::layer_row_text(c.layers[2]), "areas  1 feature  (holds polygons, not points)");
    EXPECT_EQ(ui::layer_row_text(c.layers[3]), "Legend  empty");
    EXPECT_EQ(ui::layer_row_text({"waypoints", -1, "point", true, ""}),
              "waypoints  features not counted");
}

TEST(LayerDialog, EveryPointLayerTickedAndOnlyThoseCanBe) {
    const core::LayerChoice c = gpkg();
    std::vector<bool> ticks = ui::initial_ticks(c);
    EXPECT_EQ(ticks, (std::vector<bool>{true, true, false, false}));
    EXPECT_EQ(ui::ticked_layers(c, ticks).layers, (std::vector<std::string>{"strikes", "protests"}));
    EXPECT_TRUE(ui::toggle_tick(c, ticks, 1)); // key 2
    EXPECT_FALSE(ui::toggle_tick(c, ticks, 2)); // the polygons stay greyed
    EXPECT_FALSE(ui::toggle_tick(c, ticks, 3)); // empty
    EXPECT_FALSE(ui::toggle_tick(c, ticks, 9)); // no such row
    const core::SourceLayers answer = ui::ticked_layers(c, ticks);
    EXPECT_EQ(answer.source, c.source);
    EXPECT_EQ(answer.layers, (std::vector<std::string>{"strikes"}));
    ui::toggle_tick(c, ticks, 0);
    EXPECT_TRUE(ui::ticked_layers(c, ticks).layers.empty());
}

} // namespace
