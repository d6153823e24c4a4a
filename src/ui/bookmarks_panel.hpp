#pragma once
// The side panel's Bookmarks section: the named views, each recalled with a click (or its key
// 1–9, shown beside it) and removed with its ×; a field and a button add the current view
// (Ctrl+D adds it under a default name).

#include "core/app_state.hpp"

#include <array>

namespace incimap::ui {

class BookmarksPanel {
public:
    void draw(const core::AppState& state, core::Commands& c);

private:
    std::array<char, 128> m_name{};
};

} // namespace incimap::ui
