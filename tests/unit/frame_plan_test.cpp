// The frames of an exported playback (core/frame_plan.hpp), the GIF palette and the encode
// queue (render/), none of which needs GL.
#include "core/frame_plan.hpp"
#include "render/encode_queue.hpp"
#include "render/gif_palette.hpp"
#include "render/png_frames.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace incimap;
using core::kMsPerDay;
using core::kMsPerHour;

TEST(FramePlan, ParsesSteps) {
    EXPECT_EQ(core::parse_step("1d"), kMsPerDay);
    EXPECT_EQ(core::parse_step("6h"), 6 * kMsPerHour);
    EXPECT_EQ(core::parse_step("1w"), 7 * kMsPerDay);
    EXPECT_EQ(core::parse_step("30m"), 30 * core::kMsPerMinute);
    EXPECT_EQ(core::parse_step("90s"), 90 * core::kMsPerSecond);
    EXPECT_EQ(core::parse_step("1.5d"), 36 * kMsPerHour); // as the timeline's fields take them
    EXPECT_EQ(core::parse_step("1d12h"), 36 * kMsPerHour);
    for (const char* bad : {"0d", "0", "", "d", "-1d", "1y", "1dd", "99999999999999999999d",
                            "100000w"})
        EXPECT_FALSE(core::parse_step(bad)) << bad;
}

TEST(FramePlan, CountsAndWindows) {
    core::FramePlanRequest r;
    r.from = 10 * kMsPerDay;
    r.to = 20 * kMsPerDay;
    r.step = kMsPerDay;
    EXPECT_EQ(core::frame_count(r), 10u);
    r.to += 1; // a partial last step is a frame
    EXPECT_EQ(core::frame_count(r), 11u);
    core::TimeWindow w = core::frame_window(r, 3);
    EXPECT_EQ(w.from, 13 * kMsPerDay);
    EXPECT_EQ(w.to, 14 * kMsPerDay);
    r.length = 7 * kMsPerDay; // a week's window moving a day a frame
    w = core::frame_window(r, 3);
    EXPECT_EQ(w.to, 20 * kMsPerDay);
    r.mode = core::TimeMode::Cumulative;
    w = core::frame_window(r, 3);
    EXPECT_EQ(w.from, 10 * kMsPerDay);
    EXPECT_EQ(w.to, 14 * kMsPerDay);
    EXPECT_EQ(w.mode, core::TimeMode::Cumulative);
    r.to = r.from;
    EXPECT_EQ(core::frame_count(r), 0u);
}

TEST(FramePlan, DefaultRangeCoversTheDataInWholeSteps) {
    core::UnixMs from = 0, to = 0;
    core::default_range(10 * kMsPerDay + 5 * kMsPerHour, 12 * kMsPerDay + kMsPerHour, kMsPerDay,
                        from, to);
    EXPECT_EQ(from, 10 * kMsPerDay);
    EXPECT_EQ(to, 13 * kMsPerDay); // the last incident's day is a frame
    core::default_range(-kMsPerHour, -kMsPerHour, kMsPerDay, from, to); // before 1970
    EXPECT_EQ(from, -kMsPerDay);
    EXPECT_EQ(to, 0);
}

TEST(FramePattern, OneNumberInAPngName) {
    EXPECT_TRUE(render::valid_frame_pattern("frame-%04d.png"));
    EXPECT_TRUE(render::valid_frame_pattern("%d.png"));
    EXPECT_TRUE(render::valid_frame_pattern("100%%-%3d.png"));
    for (const char* bad : {"frame.png", "%s.png", "%d-%d.png", "%n.png", "%1234d.png", "a/%d.png"})
        EXPECT_FALSE(render::valid_frame_pattern(bad)) << bad;
}

namespace {

render::Image flat(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    render::Image image{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w * h * 4))};
    for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
        image.rgba[i] = r;
        image.rgba[i + 1] = g;
        image.rgba[i + 2] = b;
        image.rgba[i + 3] = 255;
    }
    return image;
}

} // namespace

TEST(GifPalette, KeepsTheMapsColoursExactly) {
    // A basemap blue, a land grey and a category red: each maps to itself, not to a neighbour.
    render::Image image = flat(30, 10, 170, 211, 223);
    for (int x = 10; x < 20; ++x)
        for (int y = 0; y < 10; ++y) {
            std::uint8_t* p = &image.rgba[static_cast<std::size_t>((y * 30 + x) * 4)];
            p[0] = 242, p[1] = 239, p[2] = 233;
        }
    std::uint8_t* red = &image.rgba[static_cast<std::size_t>((5 * 30 + 25) * 4)];
    red[0] = 228, red[1] = 26, red[2] = 28;
    const render::Image* samples[] = {&image};
    render::GifPalette palette;
    palette.build(samples);
    std::vector<std::uint8_t> indices(300);
    palette.map(image, indices.data(), 30);
    auto rgb = [&](int x, int y) { return palette.argb()[indices[std::size_t(y * 30 + x)]] & 0xFFFFFF; };
    EXPECT_EQ(rgb(0, 0), 0xAAD3DFu);
    EXPECT_EQ(rgb(15, 5), 0xF2EFE9u);
    EXPECT_EQ(rgb(25, 5), 0xE41A1Cu);
}

namespace {

struct SlowSink : render::FrameSink {
    std::atomic<int> added{0};
    int fail_at = -1;
    bool finished = false;
    std::string add(const render::Image&) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (added == fail_at)
            return "disk full";
        ++added;
        return {};
    }
    std::string finish() override {
        finished = true;
        return {};
    }
};

} // namespace

TEST(EncodeQueue, EncodesEveryFrameThenFinishes) {
    SlowSink sink;
    render::EncodeQueue queue(sink, 2);
    for (int k = 0; k < 20; ++k)
        ASSERT_TRUE(queue.push(flat(2, 2, 0, 0, 0)));
    EXPECT_EQ(queue.finish(), "");
    EXPECT_EQ(sink.added, 20);
    EXPECT_TRUE(sink.finished);
}

TEST(EncodeQueue, ASinkErrorStopsThePushes) {
    SlowSink sink;
    sink.fail_at = 3;
    render::EncodeQueue queue(sink, 2);
    bool refused = false;
    for (int k = 0; k < 50 && !refused; ++k)
        refused = !queue.push(flat(2, 2, 0, 0, 0));
    EXPECT_TRUE(refused);
    EXPECT_EQ(queue.finish(), "disk full");
    EXPECT_FALSE(sink.finished);
}
