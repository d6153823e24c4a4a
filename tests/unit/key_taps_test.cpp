// window::KeyTaps: a key pressed and released between two frames is released only after the
// next frame (ImGui 1.86 reads held-down states once a frame: Ctrl+A typed quickly was lost,
// e2e.panel_input under load); presses, repeats and the releases of keys held across frames
// pass at once.

#include "window/key_taps.hpp"

#include <gtest/gtest.h>

using incimap::window::KeyTaps;

namespace {
constexpr int kCtrl = 341, kA = 65, kB = 66;
}

TEST(KeyTaps, ATapWithinOneFrameIsReleasedAfterTheNextFrame) {
    KeyTaps taps;
    // Ctrl+A pressed and let go between two frames.
    EXPECT_FALSE(taps.hold(kCtrl, 37, true, false, 0));
    EXPECT_FALSE(taps.hold(kA, 38, true, false, 2));
    EXPECT_TRUE(taps.hold(kA, 38, false, true, 2));
    EXPECT_TRUE(taps.hold(kCtrl, 37, false, true, 0));
    const auto released = taps.after_frame(); // the frame saw both down
    ASSERT_EQ(released.size(), 2U);
    EXPECT_EQ(released[0].key, kA);
    EXPECT_EQ(released[0].scancode, 38);
    EXPECT_EQ(released[0].mods, 2);
    EXPECT_EQ(released[1].key, kCtrl);
    EXPECT_TRUE(taps.after_frame().empty());
}

TEST(KeyTaps, KeysHeldAcrossFramesAndRepeatsPassAtOnce) {
    KeyTaps taps;
    EXPECT_FALSE(taps.hold(kB, 56, true, false, 0));
    EXPECT_TRUE(taps.after_frame().empty());
    EXPECT_FALSE(taps.hold(kB, 56, false, false, 0)); // a repeat
    EXPECT_FALSE(taps.hold(kB, 56, false, true, 0));  // pressed in an earlier frame
    EXPECT_FALSE(taps.hold(kA, 38, false, true, 0));  // never seen pressed
    EXPECT_TRUE(taps.after_frame().empty());
}
