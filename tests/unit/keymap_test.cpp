// The key map: every key runs the action its menu item runs (one Action, one command), and
// the menus show the key of each action that has one.

#include "scene/actions.hpp"
#include "window/keymap.hpp"
#include "window/tooltips.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace {

using namespace incimap;
using scene::Action;

TEST(KeyMap, EachBindingResolvesToItsAction) {
    for (const window::KeyBinding& b : window::key_bindings()) {
        const auto a = window::action_for_key(b.key, b.mods);
        ASSERT_TRUE(a) << b.text;
        EXPECT_EQ(*a, b.action) << b.text;
        EXPECT_NE(window::shortcut_for(b.action), nullptr);
    }
}

TEST(KeyMap, HomeIsResetViewAndTime) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_HOME, 0), Action::ResetView);
    EXPECT_STREQ(window::shortcut_for(Action::ResetView), "Home");
    EXPECT_STREQ(scene::label_of(Action::ResetView), "Reset view and time");
}

TEST(KeyMap, ModifiersChooseTheAction) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_LEFT, 0), Action::StepBack);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_LEFT, GLFW_MOD_CONTROL), Action::PanLeft);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_LEFT, GLFW_MOD_SHIFT), Action::PanLeft);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_E, GLFW_MOD_CONTROL), Action::ExportIncidents);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_E, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT),
              Action::ExportMapPng);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_EQUAL, GLFW_MOD_SHIFT), Action::ZoomIn); // '+'
    EXPECT_FALSE(window::action_for_key(GLFW_KEY_E, 0));
    EXPECT_EQ(window::action_for_key(GLFW_KEY_Z, GLFW_MOD_CONTROL), Action::Undo);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT), Action::Redo);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_Y, GLFW_MOD_CONTROL), Action::Redo);
    EXPECT_FALSE(window::action_for_key(GLFW_KEY_H, GLFW_MOD_CONTROL));
    // Num Lock and Caps Lock bits do not change a key.
    EXPECT_EQ(window::action_for_key(GLFW_KEY_SPACE, GLFW_MOD_NUM_LOCK), Action::TogglePlay);
}

TEST(KeyMap, EveryActionHasALabelAndACommand) {
    core::AppState state;
    state.map = core::MapRect{0, 0, 800, 600};
    std::set<std::string> labels;
    for (int i = 0; i <= static_cast<int>(Action::Redo); ++i) {
        const auto a = static_cast<Action>(i);
        const std::string label = scene::label_of(a);
        EXPECT_FALSE(label.empty());
        EXPECT_TRUE(labels.insert(label).second) << label << " twice";
        const core::Commands c = scene::command_for(a, state);
        const bool does_something =
            c.open_dialog || !c.open_files.empty() || c.allow_network || c.quit || c.fit_data ||
            c.reset_view || c.set_heat || c.zoom_centre || c.pan_px || c.set_playing ||
            c.step_window || c.set_loop || c.step_stack || c.select || c.undo || c.redo;
        EXPECT_TRUE(does_something) << label;
    }
}

// Issue 17: find, bookmarks and compare have their keys, shown in the menus, and commands.
TEST(KeyMap, AnalystToolkitKeys) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_F, GLFW_MOD_CONTROL), Action::FindPlace);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_SLASH, 0), Action::FindPlace);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_F, 0), Action::FitData); // F alone still fits
    EXPECT_EQ(window::action_for_key(GLFW_KEY_D, GLFW_MOD_CONTROL), Action::AddBookmark);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_1, 0), Action::RecallBookmark1);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_9, 0), Action::RecallBookmark9);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_B, 0), Action::CompareBefore);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_B, GLFW_MOD_SHIFT), Action::ClearCompare);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_M, 0), Action::MeasurePath);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_R, 0), Action::RangeRings);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_R, GLFW_MOD_SHIFT), Action::ClearRings);
    EXPECT_STREQ(window::shortcut_for(Action::FindPlace), "Ctrl+F");
    EXPECT_STREQ(window::shortcut_for(Action::AddBookmark), "Ctrl+D");
    core::AppState state;
    for (int i = static_cast<int>(Action::FindPlace); i <= static_cast<int>(Action::ClearRings);
         ++i) {
        const auto a = static_cast<Action>(i);
        EXPECT_NE(window::shortcut_for(a), nullptr) << scene::label_of(a);
        const core::Commands c = scene::command_for(a, state);
        EXPECT_TRUE(c.show_search || c.add_bookmark || c.recall_bookmark || c.compare_before ||
                    c.set_compare || c.set_measure_mode || c.clear_rings)
            << scene::label_of(a);
    }
    EXPECT_EQ(scene::command_for(Action::RecallBookmark3, state).recall_bookmark, 2);
}

// Issue 17, follow a live file: Shift+F is Follow newest (F alone still fits); both toggles
// have a label, a command that reads what it toggles, and every action's label is its own.
TEST(KeyMap, FollowALiveFile) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_F, GLFW_MOD_SHIFT), Action::ToggleFollowNewest);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_F, 0), Action::FitData);
    EXPECT_STREQ(window::shortcut_for(Action::ToggleFollowNewest), "Shift+F");
    EXPECT_STREQ(scene::label_of(Action::ToggleFollowNewest), "Follow newest");
    core::AppState state;
    EXPECT_EQ(scene::command_for(Action::ToggleFollowNewest, state).set_follow_newest, true);
    state.follow_newest = true;
    EXPECT_EQ(scene::command_for(Action::ToggleFollowNewest, state).set_follow_newest, false);
    EXPECT_EQ(scene::command_for(Action::ToggleWatchFiles, state).set_watch_files, false);
    std::set<std::string> labels;
    for (int i = 0; i <= static_cast<int>(Action::ToggleFollowNewest); ++i) {
        const std::string label = scene::label_of(static_cast<Action>(i));
        EXPECT_FALSE(label.empty()) << i;
        EXPECT_TRUE(labels.insert(label).second) << label << " twice";
    }
}

// Issue 20 (panels): the README's key table and Help ▸ Keys agree — every binding's action has
// a label and a key text there, and each panel gesture Help lists is named in the README.
TEST(KeyMap, TheReadmeNamesEveryPanelGestureHelpLists) {
    std::ifstream in(INCIMAP_README);
    const std::string readme{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    ASSERT_FALSE(readme.empty());
    EXPECT_FALSE(window::panel_gestures().empty());
    for (const window::Gesture& g : window::panel_gestures()) {
        EXPECT_NE(readme.find(g.what), std::string::npos) << g.what;
        EXPECT_STRNE(g.does, "");
    }
    for (const window::KeyBinding& b : window::key_bindings()) {
        EXPECT_STRNE(scene::label_of(b.action), "") << b.text;
        EXPECT_STRNE(b.text, "");
    }
}

// Issue 17, items 4 and 7: the area's keys, and every toolkit action's menu item and tooltip
// name its key (the tooltip's from the key map, so the two cannot disagree).
TEST(KeyMap, AreaKeysAndToolkitTooltipsEndWithTheirKeys) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_A, 0), Action::DrawArea);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_A, GLFW_MOD_SHIFT), Action::ClearArea);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_ENTER, 0), Action::FinishArea);
    core::AppState state;
    EXPECT_TRUE(scene::command_for(Action::DrawArea, state).area_draw.value_or(false));
    EXPECT_FALSE(scene::command_for(Action::FinishArea, state).area_close) << "not drawing";
    state.area_drawing = true;
    EXPECT_TRUE(scene::command_for(Action::DrawArea, state).area_close) << "A again closes";
    EXPECT_TRUE(scene::command_for(Action::FinishArea, state).area_close);
    EXPECT_EQ(scene::command_for(Action::ClearSelection, state).area_draw, false) << "Esc";
    EXPECT_TRUE(scene::command_for(Action::ClearArea, state).clear_area);
    for (int i = static_cast<int>(Action::FindPlace); i <= static_cast<int>(Action::ClearArea);
         ++i) {
        const auto a = static_cast<Action>(i);
        const char* key = window::shortcut_for(a);
        ASSERT_NE(key, nullptr) << scene::label_of(a) << " has no key";
        const std::string words = window::tooltip_words(a);
        EXPECT_FALSE(words.empty()) << scene::label_of(a) << " has no tooltip";
        const std::string tip = window::tooltip_of(a);
        const std::string suffix = std::string(" (") + key + ")";
        EXPECT_EQ(tip.substr(tip.size() - std::min(tip.size(), suffix.size())), suffix)
            << scene::label_of(a) << ": " << tip;
    }
    EXPECT_EQ(window::with_key(Action::ClearArea, "x (Shift+A)"), "x (Shift+A)"); // not twice
}

} // namespace

// Issue 18: File ▸ Export playback… (Ctrl+Shift+E stays Export map as PNG).
TEST(KeyMap, ExportPlaybackKey) {
    EXPECT_EQ(window::action_for_key(GLFW_KEY_E, GLFW_MOD_CONTROL | GLFW_MOD_ALT),
              Action::ExportPlayback);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_E, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT),
              Action::ExportMapPng);
    EXPECT_STREQ(window::shortcut_for(Action::ExportPlayback), "Ctrl+Alt+E");
    EXPECT_STREQ(scene::label_of(Action::ExportPlayback), "Export playback…");
    const core::AppState state;
    EXPECT_EQ(scene::command_for(Action::ExportPlayback, state).open_dialog,
              core::Dialog::ExportPlayback);
}

// p17k, issue 17 item 7: the live-file actions too (File ▸ Watch files for changes, Time ▸
// Follow newest) have a key, shown in the menu and at the end of their tooltip.
TEST(KeyMap, LiveFileActionsHaveKeysAndTooltips) {
    using scene::Action;
    EXPECT_EQ(window::action_for_key(GLFW_KEY_W, GLFW_MOD_SHIFT), Action::ToggleWatchFiles);
    EXPECT_EQ(window::action_for_key(GLFW_KEY_F, GLFW_MOD_SHIFT), Action::ToggleFollowNewest);
    for (const Action a : {Action::ToggleWatchFiles, Action::ToggleFollowNewest}) {
        const char* key = window::shortcut_for(a);
        ASSERT_NE(key, nullptr) << scene::label_of(a) << " has no key";
        EXPECT_FALSE(std::string(window::tooltip_words(a)).empty()) << scene::label_of(a);
        const std::string tip = window::tooltip_of(a);
        const std::string suffix = std::string(" (") + key + ")";
        ASSERT_GE(tip.size(), suffix.size());
        EXPECT_EQ(tip.substr(tip.size() - suffix.size()), suffix) << tip;
    }
}
