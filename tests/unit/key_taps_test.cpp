// window::KeyTaps: a key pressed and released between two frames is released only after the
// next frame (ImGui 1.86 reads held-down states once a frame: Ctrl+A typed quickly was lost,
// e2e.panel_input under load); presses, repeats and the releases of keys held across frames
// pass at once; after a press, every release and character waits for the next frame, in order.

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

TEST(KeyTaps, AModifierLetGoAfterAPressWaitsForTheFrame) {
    // xdotool's Ctrl+A: Ctrl down (a frame), A down, Ctrl up, A up before the next frame (CI's
    // e2e.panel_input: Ctrl's release passed at once, the frame saw A without Ctrl).
    KeyTaps taps;
    EXPECT_FALSE(taps.hold(kCtrl, 37, true, false, 0));
    EXPECT_TRUE(taps.after_frame().empty());
    EXPECT_FALSE(taps.hold(kA, 38, true, false, 2));
    EXPECT_TRUE(taps.hold(kCtrl, 37, false, true, 2)); // pressed a frame ago, yet held
    EXPECT_TRUE(taps.hold(kA, 38, false, true, 0));
    const auto released = taps.after_frame();
    ASSERT_EQ(released.size(), 2U);
    EXPECT_EQ(released[0].key, kCtrl);
    EXPECT_EQ(released[1].key, kA);
    EXPECT_FALSE(released[1].is_char);
}

TEST(KeyTaps, CharactersTypedAfterAHeldTapWaitBehindIt) {
    KeyTaps taps;
    EXPECT_FALSE(taps.hold_char('x')); // before any tap: at once
    EXPECT_FALSE(taps.hold(kCtrl, 37, true, false, 0));
    EXPECT_FALSE(taps.hold(kA, 38, true, false, 2));
    EXPECT_TRUE(taps.hold(kA, 38, false, true, 2));
    EXPECT_TRUE(taps.hold_char('g')); // after the tap: the next frame, after the select-all
    EXPECT_TRUE(taps.hold(kCtrl, 37, false, true, 0));
    const auto held = taps.after_frame();
    ASSERT_EQ(held.size(), 3U);
    EXPECT_EQ(held[0].key, kA);
    EXPECT_TRUE(held[1].is_char);
    EXPECT_EQ(held[1].codepoint, static_cast<unsigned>('g'));
    EXPECT_EQ(held[2].key, kCtrl);
    EXPECT_FALSE(taps.hold_char('h')); // the next frame starts afresh
}

TEST(KeyTaps, ASecondTapOfTheSameKeyKeepsItsOrder) {
    KeyTaps taps;
    EXPECT_FALSE(taps.hold(kA, 38, true, false, 0));
    EXPECT_TRUE(taps.hold(kA, 38, false, true, 0));
    EXPECT_TRUE(taps.hold(kA, 38, true, false, 0)); // down again: after the release, not before
    const auto held = taps.after_frame();
    ASSERT_EQ(held.size(), 2U);
    EXPECT_TRUE(held[0].released);
    EXPECT_TRUE(held[1].pressed);
}
