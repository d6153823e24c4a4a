// File ▸ Export playback…'s fields (issue 18): the engine's defaults shown as text and read
// back the way `incimap animate` reads its options; each bad field named in one line.

#include "ui/playback_dialog.hpp"

#include <gtest/gtest.h>

using namespace incimap;

namespace {

core::UnixMs day(int y, int m, int d) { return core::days_from_civil(y, m, d) * core::kMsPerDay; }

core::PlaybackRequest defaults() {
    core::PlaybackRequest r;
    r.output = "/tmp/strikes-playback.mp4";
    r.width = 940;
    r.height = 636;
    r.fps = 1;
    r.plan.from = day(2023, 10, 17);
    r.plan.to = day(2024, 2, 5);
    r.plan.step = core::kMsPerDay;
    r.plan.length = 7 * core::kMsPerDay;
    r.plan.mode = core::TimeMode::Fade;
    r.centre = {42.5, 33.1};
    r.zoom = 5.5;
    return r;
}

} // namespace

TEST(PlaybackDialog, FieldsShowTheDefaultsAndReadBackTheSame) {
    const core::PlaybackRequest r = defaults();
    const ui::PlaybackFields f = ui::fields_of(r);
    EXPECT_EQ(f.size, "940x636");
    EXPECT_EQ(f.from, "2023-10-17");
    EXPECT_EQ(f.to, "2024-02-05");
    EXPECT_EQ(f.step, "1d");
    EXPECT_EQ(f.window, "7d");
    EXPECT_EQ(f.mode, 2);
    std::string error;
    const auto back = ui::request_of(f, r, error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->plan.from, r.plan.from);
    EXPECT_EQ(back->plan.to, r.plan.to);
    EXPECT_EQ(back->plan.step, r.plan.step);
    EXPECT_EQ(back->plan.length, r.plan.length);
    EXPECT_EQ(back->plan.mode, core::TimeMode::Fade);
    EXPECT_EQ(back->width, 940);
    EXPECT_EQ(back->fps, 1);
    EXPECT_EQ(back->centre, r.centre); // the view is not a field: kept
    EXPECT_EQ(back->zoom, 5.5);
    // 2023-10-17 to 2024-02-05 a day a frame: 111 frames (as `animate` counts them).
    EXPECT_EQ(ui::frames_summary(*back), "111 frames · 111.0 s at 1 fps");
}

TEST(PlaybackDialog, TypedFieldsAsTheCommandLineReadsThem) {
    ui::PlaybackFields f = ui::fields_of(defaults());
    f.path = "/tmp/clip.gif";
    f.size = "320x200";
    f.fps = "10";
    f.from = "2024-01-01";
    f.to = "2024-01-13";
    f.step = "1d";
    f.window = "";
    f.hold = "1";
    std::string error;
    const auto r = ui::request_of(f, defaults(), error);
    ASSERT_TRUE(r) << error;
    EXPECT_EQ(core::frame_count(r->plan), 12u);
    EXPECT_EQ(r->plan.length, 0); // one step
    EXPECT_EQ(ui::frames_summary(*r), "22 frames · 2.2 s at 10 fps"); // 12 + 1 s held
    EXPECT_EQ(ui::playback_format_of(r->output), ui::PlaybackFormat::Gif);
}

TEST(PlaybackDialog, BadFieldsAreNamed) {
    const core::PlaybackRequest base = defaults();
    auto error_of = [&](auto change) {
        ui::PlaybackFields f = ui::fields_of(base);
        change(f);
        std::string error;
        EXPECT_FALSE(ui::request_of(f, base, error));
        return error;
    };
    EXPECT_EQ(error_of([](auto& f) { f.size = "320"; }).rfind("Size:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.fps = "0"; }).rfind("Frames/s:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.from = "soon"; }).rfind("From:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.to = "2023-01-01"; }).rfind("To:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.step = "0"; }).rfind("Step:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.window = "1 month"; }).rfind("Window:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.path = "/tmp/x.avi"; }).rfind("File:", 0), 0u);
    EXPECT_EQ(error_of([](auto& f) { f.hold = "-1"; }).rfind("Hold last:", 0), 0u);
}

TEST(PlaybackDialog, FormatChoiceSetsTheExtension) {
    EXPECT_EQ(ui::with_format("/tmp/a.mp4", ui::PlaybackFormat::Gif), "/tmp/a.gif");
    EXPECT_EQ(ui::with_format("/tmp/a.gif", ui::PlaybackFormat::WebM), "/tmp/a.webm");
    EXPECT_EQ(ui::with_format("/tmp/a.webm", ui::PlaybackFormat::Png), "/tmp/a");
    EXPECT_EQ(ui::with_format("/tmp/a", ui::PlaybackFormat::Mp4), "/tmp/a.mp4");
    EXPECT_EQ(ui::playback_format_of("/tmp/frames"), ui::PlaybackFormat::Png);
    EXPECT_EQ(ui::playback_format_of("/tmp/x.MP4"), ui::PlaybackFormat::Mp4);
    EXPECT_FALSE(ui::playback_format_of("/tmp/x.avi"));
}
