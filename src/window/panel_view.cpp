// Issue 20 (panels): what the side panel's layer lines, per-layer legends and list columns
// read from the engine — the names the user gave the layers, each layer's legend for the
// window, the words for hollow markers and sizes, and where a listed incident comes from.

#include "scene/paths.hpp"
#include "ui/legend_panel.hpp"
#include "ui/panel_text.hpp"
#include "window/window_host.hpp"

namespace incimap::window {

void WindowHost::fill_panel_view(ui::PanelView& view, const render::Overlay& o) const {
    const core::AppState& s = m_engine.state();
    const scene::MapScene& data = m_engine.scene();
    for (std::size_t i = 0; i < view.layers.size() && i < data.layers().size(); ++i) {
        if (i < s.layer_names.size() && !s.layer_names[i].empty())
            view.layers[i].name = s.layer_names[i];
        view.layer_tables.push_back(&data.layers()[i].table);
        const scene::MapScene::LayerLegend legend = data.layer_legend(i, s.window);
        ui::PanelView::LayerLegend l{view.layers[i].name, legend.field, {}};
        for (const render::LegendEntry& e : legend.entries)
            l.rows.push_back({e.label, e.colour, e.count, std::nullopt});
        if (s.compare) { // issue 17: each row's count in window B beside A's
            std::vector<ui::LegendRow> b;
            for (const render::LegendEntry& e : data.layer_legend(i, *s.compare).entries)
                b.push_back({e.label, e.colour, e.count, std::nullopt});
            ui::add_compare_counts(l.rows, b);
        }
        view.layer_legends.push_back(std::move(l));
    }
    view.legend_notes = ui::legend_notes(o.size_field, o.has_coarse, o.fade);
    view.has_coarse = o.has_coarse;
    view.source_of = [&data](std::size_t i) { return data.source_of(i); };
}

} // namespace incimap::window
