#pragma once
// Undo and redo. The engine records what each command the user gave changed in the part of the
// state that undo covers (the time window and step, filters and category toggles, selection,
// colour/size by, the heat map) and can put an earlier state back. A run of the same kind of
// change within a moment (a drag of the window, a search being typed) is one step, as in any
// editor. Camera moves are not undone: that is what Home and bookmarks are for.

#include "core/app_state.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace incimap::scene {

struct Undoable {
    core::TimeWindow window;
    core::UnixMs step_ms = 0;
    core::Filters filters;
    int selected = -1;
    std::vector<core::LayerStyle> styles;
    bool heat = false;
    // Issue 20 (panels): the layers in order by id (a removed one left out) and their names.
    std::vector<std::uint64_t> layer_ids;
    std::vector<std::string> layer_names;
    core::UnixMs fade_ms = 0; // issue 20: fade mode's trail
    friend bool operator==(const Undoable& a, const Undoable& b) {
        if (a.layer_ids != b.layer_ids || a.layer_names != b.layer_names)
            return false;
        return a.window.from == b.window.from && a.window.to == b.window.to &&
               a.window.mode == b.window.mode && a.window.show_undated == b.window.show_undated &&
               a.step_ms == b.step_ms && a.filters == b.filters && a.selected == b.selected &&
               a.styles == b.styles && a.heat == b.heat && a.fade_ms == b.fade_ms;
    }
};

Undoable undoable_of(const core::AppState& state);

// The words for what differs between two states, for Edit ▸ Undo <what>: "time window",
// "filters", "selection", "style", "heat map", "step", "layers", "layer name"; "" when
// nothing does.
std::string what_changed(const Undoable& a, const Undoable& b);

// `current` with each part that differs between `from` and `to` set to `to`'s.
Undoable carry_changes(const Undoable& current, const Undoable& from, const Undoable& to);

class History {
public:
    static constexpr std::size_t kMaxSteps = 200;
    static constexpr double kCoalesce_s = 0.6; // changes of one kind closer than this: one step

    // A command changed the state from `before` to `after` at `now_s` (nothing if equal).
    void record(const Undoable& before, const Undoable& after, double now_s);
    // The state to put back, or nullopt when there is none: `current` with only what the step
    // changed set back (undo) or again (redo), so that undoing a filter while playing leaves
    // the playing window where it is.
    std::optional<Undoable> undo(const Undoable& current);
    std::optional<Undoable> redo(const Undoable& current);
    void clear(); // the data changed under the recorded selection: nothing to go back to
    // A live file read again (p17k): the recorded selections are drawn indices of the table
    // before; `selections()` lists them, `remap_selections` sets each to `to(index)` (−1 for
    // a row that went) and drops the steps left changing nothing.
    std::set<int> selections() const;
    void remap_selections(const std::function<int(int)>& to);

    bool can_undo() const { return !m_undo.empty(); }
    bool can_redo() const { return !m_redo.empty(); }
    const std::string& undo_what() const; // "" when none
    const std::string& redo_what() const;

private:
    struct Step {
        Undoable before, after;
        std::string what;
        double at_s = 0; // when the change (or the last of its run) was made
    };
    std::vector<Step> m_undo, m_redo;
};

} // namespace incimap::scene
