#include "window/fonts.hpp"

#include "render/font_atlas.hpp"

#include <imgui.h>

#include <filesystem>

namespace incimap::window {

void load_ui_fonts(ImGuiIO& io, float scale) {
    static const ImWchar k_latin[] = {0x0020, 0x024F, 0x02BB, 0x02BC, 0x0300, 0x036F,
                                      0x0370, 0x03FF, 0x0400, 0x045F, 0x1E00, 0x1EFF,
                                      0x2010, 0x2033, 0x2190, 0x2193, 0x2212, 0x221D,
                                      0x25A1, 0x25B6, 0};
    static const ImWchar k_arabic[] = {0x0600, 0x06FF, 0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0};
    // Hebrew: the gazetteer's alternate names (issue 17) include 2,570 places in Hebrew.
    static const ImWchar k_hebrew[] = {0x0590, 0x05FF, 0xFB1D, 0xFB4F, 0};
    const float size = 15.0f * scale;
    const std::string main = render::FontAtlas::default_font_file();
    if (!std::filesystem::exists(main) ||
        io.Fonts->AddFontFromFileTTF(main.c_str(), size, nullptr, k_latin) == nullptr) {
        io.Fonts->AddFontDefault();
        return;
    }
    // Scripts DejaVu Sans lacks or draws poorly, merged in from fonts-noto-core when there.
    const struct {
        const char* file;
        const ImWchar* ranges;
    } merged[] = {{"/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", k_arabic},
                  {"/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", k_hebrew}};
    for (const auto& m : merged)
        if (std::filesystem::exists(m.file)) {
            ImFontConfig merge;
            merge.MergeMode = true;
            io.Fonts->AddFontFromFileTTF(m.file, size, &merge, m.ranges);
        }
}

} // namespace incimap::window
