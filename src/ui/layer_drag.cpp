#include "ui/layer_drag.hpp"

#include "core/layer_order.hpp"

#include <imgui.h>

#include <cstring>

namespace incimap::ui {

namespace {
constexpr const char* kPayload = "incimap.layer"; // ImGui keeps at most 32 characters
} // namespace

void drag_layer_row(std::size_t index, const std::string& name,
                    const std::vector<std::uint64_t>* ids, core::Commands& commands) {
    if (ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload(kPayload, &index, sizeof index);
        ImGui::Text("Move %s", name.c_str());
        ImGui::EndDragDropSource();
    }
    if (ids == nullptr || !ImGui::BeginDragDropTarget())
        return;
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPayload);
        p != nullptr && p->DataSize == sizeof(std::size_t)) {
        std::size_t from = 0;
        std::memcpy(&from, p->Data, sizeof from);
        std::vector<std::uint64_t> order = core::order_after_drag(*ids, from, index);
        if (order != *ids)
            commands.set_layer_order = std::move(order);
    }
    ImGui::EndDragDropTarget();
}

} // namespace incimap::ui
