// Issue 20 (Tests): golden images of the panels, drawn off-screen by the app's own widgets
// (ui::TimelineController, ui::draw_side_panel) with the app's fonts and theme
// (ui_canvas.hpp) from a fixed state and a scene read from a small GeoJSON: the timeline's
// histogram stacked by category in the legend's colours, the same in the dark theme, and the
// side panel beside the timeline at a content scale of 2. Each is compared with
// tests/golden/ui_*.png under the tolerances of golden_compare.hpp, and the property it stands
// for is checked on its own as well (three legend colours in the bars, a dark band, a side
// panel twice as wide).
//
// Make the goldens again (an intended change of the look), then look at them:
//   INCIMAP_UPDATE_GOLDEN=1 build/tests/incimap_gl_tests --gtest_filter='UiGoldenGl.*'

#include "gl_support.hpp"
#include "golden_compare.hpp"
#include "ui_canvas.hpp"

#include "core/panel_state.hpp"
#include "geo/reader.hpp"
#include "scene/map_scene.hpp"
#include "ui/side_panel.hpp"
#include "ui/timeline.hpp"
#include "window/window_host.hpp"

#include <imgui.h>

#include <cstdlib>
#include <utility>
#include <string>
#include <vector>

using namespace incimap;

namespace {

const ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                ImGuiWindowFlags_NoSavedSettings;

// Sixty days of three categories in different rhythms (shelling most, then airstrike, then
// protest: the palette's first three colours), around Aleppo.
std::vector<test::TestIncident> incidents() {
    std::vector<test::TestIncident> out;
    for (int d = 0; d < 60; ++d) {
        char date[16];
        const int month = d < 31 ? 1 : 2, day = d < 31 ? d + 1 : d - 30;
        std::snprintf(date, sizeof date, "2024-%02d-%02d", month, day);
        const auto add = [&](const char* category, int n) {
            for (int k = 0; k < n; ++k) {
                const double i = static_cast<double>(out.size());
                out.push_back({{37.0 + 0.01 * (static_cast<int>(i) % 17),
                                36.1 + 0.01 * (static_cast<int>(i) % 13)},
                               category, date});
            }
        };
        add("shelling", 2 + d % 4);
        add("airstrike", d % 3 == 0 ? 3 : 1);
        add("protest", d % 5 == 0 ? 2 : (d % 2));
    }
    return out;
}

// The scene and the state the panels read, as the window would have them after reading the
// file: the timeline showing January and February, the window the week from 15 January.
struct Fixture {
    scene::MapScene scene{INCIMAP_ASSETS};
    core::AppState state;
    core::Camera camera;
    render::Overlay overlay;
    std::vector<int> listed;

    bool load(float scale, int width, int height) {
        std::string error;
        if (!scene.set_projection("EPSG:3857", error)) {
            ADD_FAILURE() << error;
            return false;
        }
        const std::string path = test::write_geojson("ui_golden", incidents());
        geo::ReadResult read = geo::read_incidents(path);
        if (!read.ok) {
            ADD_FAILURE() << path << ": " << read.error;
            return false;
        }
        scene.add_layer({path, std::move(read.table), std::move(read.report)});
        state.window_w = width;
        state.window_h = height;
        state.content_scale = scale;
        state.view_from = test::iso("2024-01-01");
        state.view_to = test::iso("2024-03-01");
        state.window.from = test::iso("2024-01-15");
        state.window.to = test::iso("2024-01-22");
        camera = scene.make_camera(600, 400);
        scene.fit_to_data(camera);
        overlay = scene.overlay(camera, state.window);
        listed = scene.in_view(camera, state.window);
        return true;
    }

    ui::TimelineData timeline_data() const {
        return {scene.time_extent(),
                [this](core::UnixMs first, core::UnixMs bin, std::size_t bins) {
                    return scene.histogram(first, bin, bins);
                },
                scene.view_generation()};
    }

    // What window/panels.cpp and panel_view.cpp put in the side panel's view.
    ui::PanelView panel_view() const {
        ui::PanelView v;
        const scene::Layer& l = scene.layers().front();
        v.layers.push_back({"ui_golden.geojson", &l.report, l.table.count(),
                            &l.table.attributes.fields(), "", "ui_golden.geojson"});
        v.layer_tables.push_back(&l.table);
        const scene::MapScene::LayerLegend legend = scene.layer_legend(0, state.window);
        ui::PanelView::LayerLegend ll{v.layers[0].name, legend.field, {}};
        for (const render::LegendEntry& e : legend.entries)
            ll.rows.push_back({e.label, e.colour, e.count, std::nullopt});
        v.layer_legends.push_back(std::move(ll));
        v.legend_notes = core::legend_notes(overlay.size_field, overlay.has_coarse, overlay.fade);
        v.has_coarse = overlay.has_coarse;
        v.source_of = [this](std::size_t i) { return scene.source_of(i); };
        v.legend_title = overlay.title;
        for (const auto& e : overlay.entries)
            v.legend.push_back({e.label, e.colour, e.count, std::nullopt});
        v.drawn = &scene.drawn();
        v.listed = &listed;
        v.filters = &state.filters;
        return v;
    }
};

// The timeline band alone, as wide as the canvas (the window's is what the side panel leaves).
void draw_timeline(ui::TimelineController& timeline, const Fixture& f, float scale, int width) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(width), window::panel_sizes(scale).timeline));
    core::Commands c;
    if (ImGui::Begin("##timeline", nullptr, kFixed))
        timeline.draw(f.state, f.timeline_data(), c);
    ImGui::End();
}

std::size_t count_colour(const render::Image& image, core::Rgba8 colour, int tolerance = 3) {
    std::size_t n = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            n += std::abs(p[0] - colour.r) <= tolerance && std::abs(p[1] - colour.g) <= tolerance &&
                 std::abs(p[2] - colour.b) <= tolerance;
        }
    return n;
}

double mean_luma(const render::Image& image) {
    double sum = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = image.pixel(x, y);
            sum += 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        }
    return sum / (static_cast<double>(image.width) * image.height);
}

// Compares with the golden, or writes it with INCIMAP_UPDATE_GOLDEN=1.
void check(const std::string& name, const render::Image& image) {
    const char* update = std::getenv("INCIMAP_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        ASSERT_EQ(render::write_png(image, test::golden_path(name)), "");
        std::fprintf(stderr, "[golden] wrote %s: look at it\n", test::golden_path(name).c_str());
        return;
    }
    test::expect_golden(name, image,
                        "INCIMAP_UPDATE_GOLDEN=1 incimap_gl_tests --gtest_filter='UiGoldenGl.*'");
}

constexpr int kTimelineWidth = 720;

} // namespace

class UiGoldenGl : public test::GlTest {};

// The histogram stacked by category: each bar in the legend's colours, in its order.
TEST_F(UiGoldenGl, StackedHistogram) {
    Fixture f;
    const int height = static_cast<int>(window::panel_sizes(1).timeline);
    ASSERT_TRUE(f.load(1, kTimelineWidth, height));
    ASSERT_EQ(f.overlay.entries.size(), 3u);
    test::UiCanvas canvas(kTimelineWidth, height, ui::Theme::Light, 1);
    ASSERT_TRUE(canvas.init());
    ui::TimelineController timeline;
    const render::Image image =
        canvas.draw([&] { draw_timeline(timeline, f, 1, kTimelineWidth); });
    for (const auto& e : f.overlay.entries)
        EXPECT_GT(count_colour(image, e.colour), 200u) << e.label << " has no bars of its colour";
    check("ui_timeline_stacked", image);
}

// The same in the dark theme: the panels' colours, the bars' the same.
TEST_F(UiGoldenGl, StackedHistogramDark) {
    Fixture f;
    const int height = static_cast<int>(window::panel_sizes(1).timeline);
    ASSERT_TRUE(f.load(1, kTimelineWidth, height));
    test::UiCanvas canvas(kTimelineWidth, height, ui::Theme::Dark, 1);
    ASSERT_TRUE(canvas.init());
    ui::TimelineController timeline;
    const render::Image image =
        canvas.draw([&] { draw_timeline(timeline, f, 1, kTimelineWidth); });
    EXPECT_LT(mean_luma(image), 90.0) << "the timeline is not dark";
    for (const auto& e : f.overlay.entries)
        EXPECT_GT(count_colour(image, e.colour), 200u) << e.label << " has no bars of its colour";
    check("ui_timeline_dark", image);
}

// HiDPI: the side panel beside the timeline at a content scale of 2, laid out as
// window/panels.cpp lays them out (the menu bar and the status bar left out).
TEST_F(UiGoldenGl, SidePanelAndTimelineAtScale2) {
    constexpr float kScale = 2;
    const window::PanelSizes sizes = window::panel_sizes(kScale);
    const int width = static_cast<int>(sizes.side) + 640, height = 640;
    Fixture f;
    ASSERT_TRUE(f.load(kScale, width, height));
    test::UiCanvas canvas(width, height, ui::Theme::Light, kScale);
    ASSERT_TRUE(canvas.init());
    ui::TimelineController timeline;
    const render::Image image = canvas.draw([&] {
        core::Commands c;
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(sizes.side, static_cast<float>(height)));
        if (ImGui::Begin("##side", nullptr, kFixed))
            ui::draw_side_panel(f.state, f.panel_view(), c);
        ImGui::End();
        ImGui::SetNextWindowPos(ImVec2(sizes.side, static_cast<float>(height) - sizes.timeline));
        ImGui::SetNextWindowSize(ImVec2(static_cast<float>(width) - sizes.side, sizes.timeline));
        if (ImGui::Begin("##timeline", nullptr, kFixed))
            timeline.draw(f.state, f.timeline_data(), c);
        ImGui::End();
    });
    // The side panel reaches 680 px (340 at a scale of 1) and stops there.
    const double mid = height / 3.0;
    EXPECT_FALSE(test::pixel_near(image, {sizes.side - 2, mid}, test::UiCanvas::kBackground, 2));
    EXPECT_TRUE(test::pixel_near(image, {sizes.side + 2, mid}, test::UiCanvas::kBackground, 2));
    check("ui_side_timeline_scale2", image);
}

// Issue 17 (compare two periods): window B is drawn on the timeline as an orange outline over
// its own dates, beside window A; without a B there is none of that orange.
TEST_F(UiGoldenGl, WindowBIsDrawnOnTheTimeline) {
    Fixture f;
    const int height = static_cast<int>(window::panel_sizes(1).timeline);
    ASSERT_TRUE(f.load(1, kTimelineWidth, height));
    test::UiCanvas canvas(kTimelineWidth, height, ui::Theme::Light, 1);
    ASSERT_TRUE(canvas.init());
    const core::Rgba8 b_outline{214, 110, 0, 255};
    auto b_columns = [&](const render::Image& image) {
        std::pair<int, int> span{image.width, -1};
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                const std::uint8_t* p = image.pixel(x, y);
                if (std::abs(p[0] - b_outline.r) <= 3 && std::abs(p[1] - b_outline.g) <= 3 &&
                    std::abs(p[2] - b_outline.b) <= 3)
                    span = {std::min(span.first, x), std::max(span.second, x)};
            }
        return span;
    };
    ui::TimelineController timeline;
    const render::Image without = canvas.draw([&] { draw_timeline(timeline, f, 1, kTimelineWidth); });
    EXPECT_EQ(b_columns(without).second, -1) << "B's colour drawn without a window B";

    core::TimeWindow b;
    b.from = test::iso("2024-02-05");
    b.to = test::iso("2024-02-12");
    f.state.compare = b;
    const render::Image with = canvas.draw([&] { draw_timeline(timeline, f, 1, kTimelineWidth); });
    EXPECT_GT(count_colour(with, b_outline), 40u);
    // Its outline spans a week of the two months the timeline shows, to the right of A (the
    // week from 15 January): about 7/60 of the band, starting about 35/60 along it.
    const auto [x0, x1] = b_columns(with);
    EXPECT_GT(x0, kTimelineWidth * 30 / 60);
    EXPECT_LT(x1, kTimelineWidth * 48 / 60);
    EXPECT_GT(x1 - x0, kTimelineWidth * 5 / 60);
}

// The panels' fonts hold the scripts of the gazetteer's names (issue 17: Arabic, Persian,
// Hebrew, Cyrillic, Turkish): each has its glyphs in the atlas, not ImGui's '?' fallback.
// Seen failing for Hebrew before NotoSansHebrew was merged in (window/fonts.cpp).
TEST_F(UiGoldenGl, FontsHoldTheGazetteersScripts) {
    test::UiCanvas canvas(64, 64, ui::Theme::Light, 1);
    ASSERT_TRUE(canvas.init());
    (void)canvas.draw([] { ImGui::TextUnformatted("בגדד · بغداد"); }); // the atlas is built
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    const std::pair<const char*, ImWchar> letters[] = {
        {"Latin ā", 0x0101}, {"Turkish ş", 0x015F}, {"Cyrillic М", 0x041C},
        {"Arabic ب", 0x0628}, {"Persian پ", 0x067E}, {"Hebrew ב", 0x05D1}, {"Hebrew ד", 0x05D3}};
    for (const auto& [what, c] : letters)
        EXPECT_NE(font->FindGlyphNoFallback(c), nullptr) << what;
}
