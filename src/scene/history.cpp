#include "scene/history.hpp"

namespace incimap::scene {

Undoable undoable_of(const core::AppState& state) {
    Undoable u;
    u.window = state.window;
    u.step_ms = state.step_ms;
    u.filters = state.filters;
    u.selected = state.selected;
    u.styles = state.styles;
    u.heat = state.heat;
    u.layer_ids = state.layer_ids; // issue 20 (panels)
    u.layer_names = state.layer_names;
    u.fade_ms = state.fade_ms; // issue 20
    return u;
}

std::string what_changed(const Undoable& a, const Undoable& b) {
    // Issue 20 (panels): first, as a removed or moved layer also moves the per-layer filters.
    if (a.layer_ids != b.layer_ids)
        return "layers";
    if (a.layer_names != b.layer_names)
        return "layer name";
    const auto& wa = a.window;
    const auto& wb = b.window;
    if (wa.from != wb.from || wa.to != wb.to || wa.mode != wb.mode ||
        wa.show_undated != wb.show_undated)
        return "time window";
    if (a.filters.search != b.filters.search)
        return "search";
    if (!(a.filters == b.filters))
        return "filters";
    for (std::size_t i = 0; i < a.styles.size() && i < b.styles.size(); ++i)
        if (a.styles[i].time_fields != b.styles[i].time_fields)
            return "time fields"; // issue 20
    if (a.styles != b.styles)
        return "style";
    if (a.heat != b.heat)
        return "heat map";
    if (a.step_ms != b.step_ms)
        return "step";
    if (a.selected != b.selected)
        return "selection";
    if (a.fade_ms != b.fade_ms)
        return "fade"; // issue 20
    return "";
}

Undoable carry_changes(const Undoable& current, const Undoable& from, const Undoable& to) {
    Undoable u = current;
    const auto& wf = from.window;
    const auto& wt = to.window;
    if (wf.from != wt.from || wf.to != wt.to || wf.mode != wt.mode ||
        wf.show_undated != wt.show_undated)
        u.window = to.window;
    if (from.step_ms != to.step_ms)
        u.step_ms = to.step_ms;
    if (!(from.filters == to.filters))
        u.filters = to.filters;
    if (from.selected != to.selected)
        u.selected = to.selected;
    for (std::size_t i = 0; i < to.styles.size() && i < u.styles.size(); ++i)
        if (i >= from.styles.size() || !(from.styles[i] == to.styles[i]))
            u.styles[i] = to.styles[i];
    if (from.heat != to.heat)
        u.heat = to.heat;
    if (from.layer_ids != to.layer_ids || from.layer_names != to.layer_names) { // issue 20
        u.layer_ids = to.layer_ids;
        u.layer_names = to.layer_names;
    }
    if (from.fade_ms != to.fade_ms) // issue 20
        u.fade_ms = to.fade_ms;
    return u;
}

void History::record(const Undoable& before, const Undoable& after, double now_s) {
    const std::string what = what_changed(before, after);
    if (what.empty())
        return;
    m_redo.clear();
    // Issue 20 (panels): a layer removed, moved or renamed is a step of its own, however quick.
    const bool discrete = what == "layers" || what == "layer name";
    if (!discrete && !m_undo.empty() && m_undo.back().what == what &&
        now_s - m_undo.back().at_s < kCoalesce_s) {
        m_undo.back().after = after; // the same gesture going on: one step back to its start
        m_undo.back().at_s = now_s;
        return;
    }
    m_undo.push_back({before, after, what, now_s});
    if (m_undo.size() > kMaxSteps)
        m_undo.erase(m_undo.begin());
}

std::optional<Undoable> History::undo(const Undoable& current) {
    if (m_undo.empty())
        return std::nullopt;
    Step s = std::move(m_undo.back());
    m_undo.pop_back();
    Undoable back = carry_changes(current, s.after, s.before);
    m_redo.push_back(std::move(s));
    return back;
}

std::optional<Undoable> History::redo(const Undoable& current) {
    if (m_redo.empty())
        return std::nullopt;
    Step s = std::move(m_redo.back());
    m_redo.pop_back();
    Undoable again = carry_changes(current, s.before, s.after);
    s.at_s = -1e9; // never merged with what follows
    m_undo.push_back(std::move(s));
    return again;
}

void History::clear() {
    m_undo.clear();
    m_redo.clear();
}

std::set<int> History::selections() const {
    std::set<int> out;
    for (const auto* steps : {&m_undo, &m_redo})
        for (const Step& s : *steps)
            for (const int i : {s.before.selected, s.after.selected})
                if (i >= 0)
                    out.insert(i);
    return out;
}

void History::remap_selections(const std::function<int(int)>& to) {
    for (auto* steps : {&m_undo, &m_redo}) {
        for (Step& s : *steps) {
            if (s.before.selected >= 0)
                s.before.selected = to(s.before.selected);
            if (s.after.selected >= 0)
                s.after.selected = to(s.after.selected);
        }
        // A selection step whose row went both ways now changes nothing: gone.
        std::erase_if(*steps, [](const Step& s) { return s.before == s.after; });
    }
}

const std::string& History::undo_what() const {
    static const std::string none;
    return m_undo.empty() ? none : m_undo.back().what;
}

const std::string& History::redo_what() const {
    static const std::string none;
    return m_redo.empty() ? none : m_redo.back().what;
}

} // namespace incimap::scene
