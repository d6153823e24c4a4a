#include "ui/layer_dialog.hpp"
#include "ui/ui_scale.hpp"

#include <imgui.h>

#include <filesystem>

namespace incimap::ui {

namespace {

std::string count_text(std::int64_t n) {
    if (n < 0)
        return "features not counted";
    if (n == 0)
        return "empty";
    return std::to_string(n) + (n == 1 ? " feature" : " features");
}

} // namespace

std::string layer_row_text(const core::LayerCount& layer) {
    std::string text = layer.name + "  " + count_text(layer.features);
    if (!core::can_choose(layer) && layer.features != 0)
        text += "  (" +
                (layer.geometry == "none" ? std::string("no geometry")
                 : !layer.why.empty()     ? layer.why
                                          : "holds " + layer.geometry + "s, not points") +
                ")";
    return text;
}

std::vector<bool> initial_ticks(const core::LayerChoice& choice) {
    std::vector<bool> ticks;
    for (const core::LayerCount& l : choice.layers)
        ticks.push_back(core::can_choose(l) && l.read);
    return ticks;
}

bool toggle_tick(const core::LayerChoice& choice, std::vector<bool>& ticks, std::size_t row) {
    if (row >= choice.layers.size() || row >= ticks.size() || !core::can_choose(choice.layers[row]))
        return false;
    ticks[row] = !ticks[row];
    return true;
}

core::SourceLayers ticked_layers(const core::LayerChoice& choice, const std::vector<bool>& ticks) {
    core::SourceLayers out{choice.source, {}};
    for (std::size_t k = 0; k < choice.layers.size() && k < ticks.size(); ++k)
        if (ticks[k] && core::can_choose(choice.layers[k]))
            out.layers.push_back(choice.layers[k].name);
    return out;
}

bool LayerDialog::draw(const core::AppState& state, core::Commands& c) {
    constexpr const char* kTitle = "Choose layers";
    if (!state.layer_choice) {
        m_source.clear();
        return false;
    }
    const core::LayerChoice& choice = *state.layer_choice;
    const bool opening = m_source != choice.source;
    if (opening) {
        m_source = choice.source;
        m_ticks = initial_ticks(choice);
        ImGui::OpenPopup(kTitle);
    }
    ImGui::SetNextWindowSize(ImVec2(scaled(520), 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return opening;
    ImGui::TextUnformatted(std::filesystem::path(choice.source).filename().string().c_str());
    ImGui::TextDisabled("holds several layers of points: read the ticked ones into one layer of "
                        "the map (each incident keeps its layer's name)");
    ImGui::Separator();
    // Keys 1-9 tick the rows (the map's keys wait while the dialog is open).
    for (const ImWchar ch : ImGui::GetIO().InputQueueCharacters)
        if (ch >= '1' && ch <= '9')
            toggle_tick(choice, m_ticks, static_cast<std::size_t>(ch - '1'));
    for (std::size_t k = 0; k < choice.layers.size(); ++k) {
        const core::LayerCount& l = choice.layers[k];
        const bool selectable = core::can_choose(l);
        bool ticked = m_ticks[k];
        const std::string label =
            (k < 9 ? std::to_string(k + 1) + "  " : std::string("   ")) + layer_row_text(l);
        ImGui::PushID(static_cast<int>(k));
        if (!selectable)
            ImGui::BeginDisabled();
        if (ImGui::Checkbox(label.c_str(), &ticked))
            m_ticks[k] = ticked;
        if (!selectable)
            ImGui::EndDisabled();
        ImGui::PopID();
    }
    ImGui::Separator();
    const core::SourceLayers answer = ticked_layers(choice, m_ticks);
    const bool can_open = !answer.layers.empty();
    if (!can_open)
        ImGui::BeginDisabled();
    // Not repeated: the Enter that chose the file in File > Open may still be held.
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
    if ((ImGui::Button("Open", ImVec2(scaled(100), 0)) || enter) && can_open) {
        c.open_layers = answer;
        ImGui::CloseCurrentPopup();
    }
    if (!can_open)
        ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(scaled(100), 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        c.cancel_layer_choice = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu of %zu layers", answer.layers.size(), choice.layers.size());
    ImGui::EndPopup();
    return opening;
}

} // namespace incimap::ui
