// The command line's shared pieces: --from/--to/--bbox parsed by one set of rules for `render`
// and `export` (app/cli.hpp), and `render --stats` written as valid JSON.

#include "app/cli.hpp"
#include "app/export_command.hpp"
#include "app/render_command.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace incimap;

core::UnixMs at(const char* iso) { return core::parse_time(iso)->start_ms; }

// --- the rules, as a table: flags in, the window and box out (or the error) -------------------

struct TimeBoxCase {
    const char* from;
    const char* to;
    const char* bbox;
    const char* error; // "" = accepted; else a part of the one-line error
};

const TimeBoxCase kCases[] = {
    {"", "", "", ""},
    {"2024-01-05", "", "", ""},
    {"", "2024-02-01", "", ""},
    {"2024-01-04T12:00:00Z", "2024-02-01", "", ""},
    {"2024-01", "2024-02", "", ""},
    {"", "", "40,30,50,35", ""},
    {"", "", "-180,-90,180,90", ""},
    {"", "", "40, 30, 50, 35", ""},
    {"yesterday", "", "", "--from yesterday: not an ISO date or datetime"},
    {"", "2024-13-01", "", "--to 2024-13-01: not an ISO date or datetime"},
    {"2024-02-01", "2024-01-01", "", "--to 2024-01-01 is not after --from 2024-02-01"},
    {"2024-01-01", "2024-01-01", "", "--to 2024-01-01 is not after --from 2024-01-01"},
    {"", "", "50,30,40,35", "--bbox 50,30,40,35: expected minlon,minlat,maxlon,maxlat"},
    {"", "", "40,30,40,35", "--bbox 40,30,40,35: expected"},
    {"", "", "40,35,50,30", "--bbox 40,35,50,30: expected"},
    {"", "", "40,30,50", "--bbox 40,30,50: expected"},
    {"", "", "40,30,50,35,1", "--bbox 40,30,50,35,1: expected"},
    {"", "", "40,30,50,35x", "--bbox 40,30,50,35x: expected"},
    {"", "", "40;30;50;35", "--bbox 40;30;50;35: expected"},
    {"", "", "170,30,190,35", "--bbox 170,30,190,35: expected"},
    {"", "", "40,-95,50,35", "--bbox 40,-95,50,35: expected"},
    {"", "", "nan,30,50,35", "--bbox nan,30,50,35: expected"},
    {"", "", "40,30,inf,35", "--bbox 40,30,inf,35: expected"},
};

TEST(TimeBoxFlags, OneSetOfRules) {
    for (const TimeBoxCase& c : kCases) {
        app::TimeBoxFlags flags{c.from, c.to, c.bbox};
        const app::TimeBox box = app::parse_time_box(flags);
        const std::string what = std::string(c.from) + " | " + c.to + " | " + c.bbox;
        if (*c.error == 0) {
            EXPECT_TRUE(box.ok()) << what << ": " << box.error;
        } else {
            EXPECT_FALSE(box.ok()) << what;
            EXPECT_NE(box.error.find(c.error), std::string::npos) << what << ": " << box.error;
            EXPECT_EQ(box.error.find('\n'), std::string::npos) << "one line: " << box.error;
        }
    }
}

TEST(TimeBoxFlags, FromIsInclusiveToExclusiveAndADateIsTheWholeDay) {
    const app::TimeBox box = app::parse_time_box({"2024-01-05", "2024-02-01", ""});
    ASSERT_TRUE(box.ok()) << box.error;
    // --from a date: from its first instant (the whole day is in).
    EXPECT_EQ(box.from, at("2024-01-05T00:00:00Z"));
    // --to a date: up to its first instant, exclusive (the whole day is out).
    EXPECT_EQ(box.to, at("2024-02-01T00:00:00Z"));
    const core::TimeWindow w = box.window();
    const core::UnixMs day = core::kMsPerDay;
    EXPECT_TRUE(w.shows(at("2024-01-05"), at("2024-01-05") + day, core::TimePrecision::Day));
    EXPECT_TRUE(w.shows(at("2024-01-31"), at("2024-01-31") + day, core::TimePrecision::Day));
    EXPECT_FALSE(w.shows(at("2024-02-01"), at("2024-02-01") + day, core::TimePrecision::Day));
    EXPECT_FALSE(w.shows(at("2024-01-04"), at("2024-01-04") + day, core::TimePrecision::Day));
    EXPECT_FALSE(box.bbox);

    const app::TimeBox none = app::parse_time_box({});
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.from || none.to || none.bbox);
    EXPECT_TRUE(none.window().is_all());
}

TEST(TimeBoxFlags, BboxIsLonLatLonLat) {
    const app::TimeBox box = app::parse_time_box({"", "", "40,30,50,35"});
    ASSERT_TRUE(box.ok()) << box.error;
    ASSERT_TRUE(box.bbox);
    EXPECT_EQ(box.bbox->min_lon, 40);
    EXPECT_EQ(box.bbox->min_lat, 30);
    EXPECT_EQ(box.bbox->max_lon, 50);
    EXPECT_EQ(box.bbox->max_lat, 35);
    EXPECT_FALSE(box.bbox->empty);
}

// Both commands hold the same flags, so the same argv gives them the same window and box, or
// the same error.
app::TimeBox parsed_by(bool render, std::vector<std::string> args) {
    CLI::App cli;
    app::RenderArgs r;
    app::ExportArgs e;
    if (render)
        r.add_to(cli);
    else
        e.add_to(cli);
    args.insert(args.begin(), {"in.geojson", "-o", "out.x"});
    std::reverse(args.begin(), args.end()); // CLI11 takes a reversed vector
    cli.parse(args);
    return app::parse_time_box(render ? r.time_box : e.time_box);
}

TEST(TimeBoxFlags, RenderAndExportAcceptAndRefuseTheSameValues) {
    for (const TimeBoxCase& c : kCases) {
        std::vector<std::string> args;
        for (auto [name, value] : {std::pair{"--from", c.from}, {"--to", c.to}, {"--bbox", c.bbox}})
            if (*value) {
                args.push_back(name);
                args.push_back(value);
            }
        const app::TimeBox r = parsed_by(true, args);
        const app::TimeBox e = parsed_by(false, args);
        EXPECT_EQ(r.error, e.error);
        EXPECT_EQ(r.from, e.from);
        EXPECT_EQ(r.to, e.to);
        EXPECT_EQ(r.bbox.has_value(), e.bbox.has_value());
    }
}

// --- render --stats -----------------------------------------------------------------------

TEST(RenderStats, IsJsonWithNullForNonFiniteNumbers) {
    app::RenderStats s;
    s.incidents = 3;
    s.zoom = std::numeric_limits<double>::quiet_NaN();
    s.total_s = std::numeric_limits<double>::infinity();
    s.renderer = "llvmpipe \"quoted\"";
    const std::string text = app::render_stats_json(s, nullptr);
    EXPECT_EQ(text.find('\n'), std::string::npos) << "one line";
    const auto j = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << text;
    EXPECT_TRUE(j["zoom"].is_null()) << text;
    EXPECT_TRUE(j["total_s"].is_null()) << text;
    EXPECT_EQ(j["incidents"], 3);
    EXPECT_EQ(j["renderer"], "llvmpipe \"quoted\"");
    EXPECT_FALSE(j.contains("heat"));
    for (const char* key : {"read_s", "gl_init_s", "upload_s", "draw_s", "redraw_moved_window_s",
                            "bytes_uploaded_by_window_change", "png_s", "aggregated",
                            "frame_points", "primitives", "shown_estimate", "cost_ns", "rss_mib",
                            "held_mib", "prepare_s"})
        EXPECT_TRUE(j.contains(key)) << key;
}

TEST(RenderStats, HeatMembers) {
    app::RenderStats s;
    s.zoom = 3.14159;
    render::HeatStats h;
    h.level = 2;
    h.cell_px = 1.234;
    h.max_density = std::numeric_limits<float>::quiet_NaN();
    h.float_target = true;
    const auto j = nlohmann::json::parse(app::render_stats_json(s, &h));
    EXPECT_DOUBLE_EQ(j["zoom"].get<double>(), 3.142);
    ASSERT_TRUE(j.contains("heat"));
    EXPECT_EQ(j["heat"]["level"], 2);
    EXPECT_DOUBLE_EQ(j["heat"]["cell_px"].get<double>(), 1.23);
    EXPECT_TRUE(j["heat"]["max_density"].is_null());
    EXPECT_EQ(j["heat"]["float_target"], true);
}

} // namespace
