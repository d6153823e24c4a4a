// The measured numbers in the frame (issue 17): a range ring's radius is written at the ring's
// north point and a path's length at its end by the renderer itself, so that the window's
// exported PNGs (and `render --rings`) carry them: red text pixels appear just above and to the
// right of where the projection puts those points, and none there without the labels.

#include "core/measure.hpp"
#include "geo/geodesy.hpp"
#include "gl_support.hpp"
#include "scene/measure_text.hpp"

#include <gtest/gtest.h>

#include <cstdint>

using namespace incimap;
using test::OffscreenMap;

namespace {

constexpr int kW = 400, kH = 300;

// Strong measuring-red pixels (the text; its halo is white) in the box where a label for the
// point `at` is written: from 5 px right of it, up to 16 px above it.
int label_pixels(const render::Image& image, core::ScreenPx at, int width_px = 34) {
    int n = 0;
    for (int y = static_cast<int>(at.y) - 16; y <= static_cast<int>(at.y) - 4; ++y)
        for (int x = static_cast<int>(at.x) + 5; x <= static_cast<int>(at.x) + 5 + width_px; ++x) {
            if (x < 0 || y < 0 || x >= image.width || y >= image.height)
                continue;
            const std::uint8_t* p = &image.rgba[(static_cast<std::size_t>(y) * image.width + x) * 4];
            if (p[0] > 150 && p[0] > p[1] + 80 && p[0] > p[2] + 80)
                ++n;
        }
    return n;
}

} // namespace

class MeasureLabelsGl : public test::GlTest {};

TEST_F(MeasureLabelsGl, RingRadiiAndPathLengthAreWrittenWhereTheProjectionPutsThem) {
    for (const char* crs : {"EPSG:3857", "EPSG:4326"}) {
        SCOPED_TRACE(crs);
        OffscreenMap map(kW, kH);
        ASSERT_TRUE(map.init(crs));
        core::Measure m;
        m.ring_centres = {{44.4, 33.3}};
        m.ring_radii_km = {150, 400};
        m.path = {{40.5, 31.0}, {42.0, 32.0}};
        const core::Camera cam = map.camera({43.5, 33.3}, 5);
        const auto labels = scene::measure_labels(m);
        ASSERT_EQ(labels.size(), 3u);
        EXPECT_EQ(labels[1].second, "150 km");
        EXPECT_EQ(labels[2].second, "400 km");

        const render::Image plain = map.draw(cam);
        map.renderer().set_measure_labels(scene::projected_labels(labels, map.projection()));
        const render::Image labelled = map.draw(cam);
        for (const auto& [ll, text] : labels) {
            SCOPED_TRACE(text);
            const core::ScreenPx at = map.predict(cam, ll);
            ASSERT_GT(at.y, 20);
            ASSERT_LT(at.x, kW - 60);
            EXPECT_EQ(label_pixels(plain, at), 0);
            EXPECT_GE(label_pixels(labelled, at), 12) << "the label's text beside its point";
        }
        // Nothing written far from the points (the text is not smeared over the map).
        EXPECT_EQ(label_pixels(labelled, map.predict(cam, {46.5, 30.5})), 0);
    }
}
