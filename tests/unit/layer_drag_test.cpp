// Drag to reorder layers (issue 20): the order a drop gives (core::order_after_drag), and the
// side panel's layer rows driven through Dear ImGui without a window: the mouse pressed on
// one row's name, moved onto another and released sends one set_layer_order command.

#include "core/layer_order.hpp"
#include "ui/layer_menu.hpp"

#include "headless_imgui.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <array>
#include <optional>
#include <vector>

namespace {

using namespace incimap;
using Ids = std::vector<std::uint64_t>;

TEST(LayerOrder, TheDraggedLayerTakesTheRowItIsDroppedOn) {
    const Ids ids{10, 11, 12, 13};
    EXPECT_EQ(core::order_after_drag(ids, 0, 2), (Ids{11, 12, 10, 13})); // down
    EXPECT_EQ(core::order_after_drag(ids, 3, 1), (Ids{10, 13, 11, 12})); // up
    EXPECT_EQ(core::order_after_drag(ids, 1, 2), (Ids{10, 12, 11, 13})); // as Move down
    EXPECT_EQ(core::order_after_drag(ids, 2, 2), ids);                   // on itself
    EXPECT_EQ(core::order_after_drag(ids, 4, 0), ids);                   // not a row
    EXPECT_EQ(core::order_after_drag(ids, 0, 9), ids);
    EXPECT_EQ(core::order_after_drag({}, 0, 0), Ids{});
}

// Three layer rows in a panel, as the side panel draws them, one frame per call.
class LayerRows : public ::testing::Test {
protected:
    test::HeadlessImGui m_imgui{400, 300};

    // One frame with the mouse at `at`, the left button `down`; returns the commands.
    core::Commands frame(ImVec2 at, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = down;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(400, 300));
        ImGui::Begin("panel", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoTitleBar);
        core::Commands commands;
        const core::Filters filters;
        for (std::size_t li = 0; li < m_names.size(); ++li) {
            ImGui::PushID(static_cast<int>(li));
            const ImVec2 top = ImGui::GetCursorScreenPos();
            m_row_y[li] = top.y + ImGui::GetFrameHeight() / 2;
            ui::draw_layer_line(
                {li, m_names.size(), m_names[li], m_names[li] + ".geojson", 100 + li, &m_ids},
                filters, commands);
            ImGui::PopID();
        }
        ImGui::End();
        ImGui::Render();
        return commands;
    }

    // Presses on row `from`'s name, moves in small steps to row `to`, releases there.
    std::optional<Ids> drag(std::size_t from, std::size_t to) {
        frame({0, 0}, false); // lays the rows out
        const float x = 150;  // on the name, right of the switch, left of the "..." button
        frame({x, m_row_y[from]}, false);
        frame({x, m_row_y[from]}, true);
        std::optional<Ids> sent;
        for (int step = 1; step <= 10; ++step) {
            const float y = m_row_y[from] + (m_row_y[to] - m_row_y[from]) * step / 10.0f;
            if (auto c = frame({x, y}, true); c.set_layer_order)
                sent = c.set_layer_order; // none is expected before the release
        }
        EXPECT_FALSE(sent) << "a command before the button was released";
        core::Commands released = frame({x, m_row_y[to]}, false);
        frame({x, m_row_y[to]}, false);
        return released.set_layer_order;
    }

    std::vector<std::string> m_names{"kyiv", "kharkiv", "odesa"};
    Ids m_ids{7, 8, 9};
    std::array<float, 3> m_row_y{};
};

TEST_F(LayerRows, DroppingTheFirstLayerOnTheLastSendsTheNewOrder) {
    const std::optional<Ids> order = drag(0, 2);
    ASSERT_TRUE(order) << "no set_layer_order after the drop";
    EXPECT_EQ(*order, (Ids{8, 9, 7}));
}

TEST_F(LayerRows, DroppingTheLastLayerOnTheFirstSendsTheNewOrder) {
    const std::optional<Ids> order = drag(2, 0);
    ASSERT_TRUE(order) << "no set_layer_order after the drop";
    EXPECT_EQ(*order, (Ids{9, 7, 8}));
}

TEST_F(LayerRows, AClickWithoutADragSendsNothing) {
    frame({0, 0}, false);
    const float x = 150, y = m_row_y[1];
    frame({x, y}, false);
    EXPECT_FALSE(frame({x, y}, true).set_layer_order);
    EXPECT_FALSE(frame({x, y}, false).set_layer_order);
}

} // namespace
