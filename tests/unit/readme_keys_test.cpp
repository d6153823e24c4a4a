// Issue 20: README's key table and Help ▸ Keys agree, both ways. Help ▸ Keys lists the
// gestures and every binding of the key map (window/menus.cpp); the first column of the
// README's table ("| in the window | |") must name each gesture and each binding's key, and
// each key that column names must be a binding or in a gesture Help ▸ Keys lists.

#include "window/keymap.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

namespace {

using namespace incimap;

// The first cells of the README's key table, their markup (backticks) dropped.
std::vector<std::string> readme_key_cells() {
    std::ifstream in(INCIMAP_README);
    std::vector<std::string> cells;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| in the window |", 0) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table)
            continue;
        if (line.empty() || line[0] != '|')
            break;
        const std::size_t end = line.find(" |", 1);
        std::string cell = line.substr(1, end == std::string::npos ? std::string::npos : end - 1);
        std::erase(cell, '`');
        if (cell.find("---") == std::string::npos)
            cells.push_back(cell);
    }
    return cells;
}

// The keys a cell names: its words between spaces, commas and parentheses; "1…9" for 1 to 9;
// "Ctrl+arrows" for Ctrl+Left, Right, Up and Down; ← → for Left and Right.
std::set<std::string> keys_named(const std::vector<std::string>& cells) {
    std::set<std::string> keys;
    for (const std::string& cell : cells) {
        std::string words = cell;
        for (char& ch : words)
            if (ch == ',' || ch == '(' || ch == ')')
                ch = ' ';
        std::istringstream in(words);
        for (std::string w; in >> w;) {
            if (w == "1…9")
                for (char d = '1'; d <= '9'; ++d)
                    keys.insert(std::string(1, d));
            else if (w == "Ctrl+arrows")
                keys.insert({"Ctrl+Left", "Ctrl+Right", "Ctrl+Up", "Ctrl+Down"});
            else if (w == "←")
                keys.insert("Left");
            else if (w == "→")
                keys.insert("Right");
            else
                keys.insert(w);
        }
    }
    return keys;
}

TEST(ReadmeKeys, TheKeyTableNamesEveryKeyHelpKeysLists) {
    const std::vector<std::string> cells = readme_key_cells();
    ASSERT_GT(cells.size(), 10u) << "the README's key table (| in the window | |) not found";
    const std::set<std::string> named = keys_named(cells);
    for (const window::KeyBinding& b : window::key_bindings())
        EXPECT_TRUE(named.count(b.text))
            << b.text << " is in Help > Keys, not in the README's table";
    std::string firsts;
    for (const std::string& c : cells)
        firsts += c + "\n";
    for (const window::Gesture& g : window::panel_gestures())
        EXPECT_NE(firsts.find(g.what), std::string::npos)
            << "\"" << g.what << "\" is in Help > Keys, not in the README's table";
}

// A word of a README cell that names a key: with a modifier, one character, or a named key.
bool is_key(const std::string& w) {
    static const std::set<std::string> named{"Esc", "Enter", "Home", "Space", "Left", "Right"};
    return w.rfind("Ctrl+", 0) == 0 || w.rfind("Shift+", 0) == 0 || w.rfind("Alt+", 0) == 0 ||
           (w.size() == 1 && w != "|") || named.count(w) > 0;
}

TEST(ReadmeKeys, HelpKeysListsEveryKeyTheTableNames) {
    const std::vector<std::string> cells = readme_key_cells();
    ASSERT_GT(cells.size(), 10u);
    std::set<std::string> listed;
    for (const window::KeyBinding& b : window::key_bindings())
        listed.insert(b.text);
    std::string gestures;
    for (const window::Gesture& g : window::panel_gestures())
        gestures += std::string(g.what) + "\n";
    for (const std::string& key : keys_named(cells)) {
        if (is_key(key)) {
            EXPECT_TRUE(listed.count(key) || gestures.find(key) != std::string::npos)
                << key << " is in the README's key table, not in Help > Keys";
        }
    }
}

TEST(ReadmeKeys, TheKeysOfACellAreItsWords) {
    const auto keys = keys_named({"Ctrl+F or /", "+ -, Ctrl+arrows", "Ctrl+D, 1…9", "← →, Space"});
    for (const char* k : {"Ctrl+F", "/", "+", "-", "Ctrl+Up", "Ctrl+D", "5", "Left", "Space"})
        EXPECT_TRUE(keys.count(k)) << k;
    EXPECT_FALSE(keys.count("F"));
}

} // namespace
