#include "window/tooltips.hpp"

#include "window/keymap.hpp"

namespace incimap::window {

using scene::Action;

const char* tooltip_words(Action action) {
    switch (action) {
    case Action::FindPlace:
        return "Places (offline GeoNames, by population) and incidents by their text; Enter "
               "flies there";
    case Action::AddBookmark:
        return "Keep this view (camera, time window, filters) under a name; name it in the side "
               "panel's Bookmarks";
    case Action::RecallBookmark1: case Action::RecallBookmark2: case Action::RecallBookmark3:
    case Action::RecallBookmark4: case Action::RecallBookmark5: case Action::RecallBookmark6:
    case Action::RecallBookmark7: case Action::RecallBookmark8: case Action::RecallBookmark9:
        return "Fly to this view and restore its time window and filters";
    case Action::CompareBefore:
        return "Window B = the same length just before the time window (A): A's incidents "
               "filled, B's as open rings, counts for each in the legend and status bar";
    case Action::ClearCompare: return "Back to one time window";
    case Action::MeasurePath:
        return "Click points on the map: geodesic length (km, mi) and the area they close, in "
               "the status bar and on the map; Esc ends";
    case Action::RangeRings:
        return "Click centres: geodesic circles of each radius, right in every projection, kept "
               "in the session and exported PNGs (render --rings)";
    case Action::ClearRings: return "Remove every range ring";
    case Action::DrawArea:
        return "Click the corners of a polygon on the map; Enter or a double-click closes it, "
               "Esc cancels. Only incidents inside are then drawn, listed, counted and exported";
    case Action::FinishArea: return "The polygon being drawn becomes the area (or double-click)";
    case Action::ClearArea: return "Incidents anywhere again; Ctrl+Z brings the area back";
    // p17k: the live-file actions, their key from the key map as for the others.
    case Action::ToggleWatchFiles:
        return "A loaded file that changes on disk (appended, rewritten, replaced by rename) is "
               "read again in the background; the view, time window, selection, filters and "
               "undo stay";
    case Action::ToggleFollowNewest:
        return "After each reload of a watched file, the time window (its length kept) moves to "
               "end with the newest incident";
    default: return "";
    }
}

std::string with_key(Action action, const std::string& words) {
    const char* key = shortcut_for(action);
    if (key == nullptr)
        return words;
    const std::string suffix = std::string("(") + key + ")";
    if (words.size() >= suffix.size() &&
        words.compare(words.size() - suffix.size(), suffix.size(), suffix) == 0)
        return words;
    return words.empty() ? suffix : words + " " + suffix;
}

std::string tooltip_of(Action action) { return with_key(action, tooltip_words(action)); }

} // namespace incimap::window
