#pragma once
// The side panel: layers (with what went wrong while reading), the legend with counts,
// the details of the selected incident (every attribute, its date with precision and zone,
// its location with precision, its source, copyable), and the incidents in view and in the
// time window as a sortable table whose rows select and fly to an incident.

#include "core/app_state.hpp"
#include "core/incident_table.hpp"
#include "core/load_report.hpp"
#include "core/palette.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace incimap::ui {

struct LayerView {
    std::string name;        // as shown: the user's name for it, else the file's (issue 20)
    const core::LoadReport* report = nullptr;
    std::size_t loaded = 0;
    const std::vector<core::FieldInfo>* fields = nullptr; // for colour-by / size-by
    std::string live_note; // issue 17: why a watched file shows its last good state
    std::string file; // the source's name (issue 20: the tooltip of a renamed layer)
};

struct LegendRow {
    std::string label;
    core::Rgba8 colour;
    std::size_t count = 0;
    std::optional<std::size_t> count_b; // issue 17: while comparing, window B's count
};

struct PanelView {
    std::vector<LayerView> layers;
    std::string legend_title;
    std::vector<LegendRow> legend;
    const core::IncidentTable* drawn = nullptr;     // what the map draws (merged layers)
    const core::IncidentTable* selected_table = nullptr; // the selected incident's own layer
    std::size_t selected_row = 0;                   // its index in that table
    std::string selected_file;
    const std::vector<int>* listed = nullptr; // drawn indices in view and window, in list order
    const core::Filters* filters = nullptr;
    bool loading = false;
    bool preparing = false; // read, being indexed (MapScene::add_layer_async)
    bool connecting = false; // a database read that has said nothing yet
    bool fetching = false;   // a PostGIS layer's region for the view being fetched
    float progress = 0;
    std::string loading_name;

    // Issue 20 (panels): each layer's legend under its own heading, what hollow markers, sizes
    // and fading mean, and what the list's layer and place columns need.
    struct LayerLegend {
        std::string heading; // the layer's name
        std::string field;   // coloured by ("" none)
        std::vector<LegendRow> rows;
    };
    std::vector<LayerLegend> layer_legends;
    std::vector<std::string> legend_notes;
    bool has_coarse = false; // some incidents are drawn hollow (coarse location)
    // Which layer and row a drawn incident comes from, and each layer's table.
    std::function<std::pair<std::size_t, std::size_t>(std::size_t)> source_of;
    std::vector<const core::IncidentTable*> layer_tables;
    bool retiming = false; // issue 20: a layer read again with new time fields
};

void draw_side_panel(const core::AppState& state, const PanelView& view, core::Commands& commands);

// "2024-01-04 (day, no zone given)", "2024-01-04T12:20Z (minute, UTC)".
std::string describe_time(const core::TimeInterval& t);
std::string describe_geo_precision(core::GeoPrecision p);

} // namespace incimap::ui
