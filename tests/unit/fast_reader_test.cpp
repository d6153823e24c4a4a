// The fast readers (GeoJSON, GeoJSONSeq, CSV) against the GDAL path: every fixture and a set
// of generated files (5,000 incidents in the shape of scripts/gen_incidents.py, and nasty
// cases) go through both; the tables and reports must be the same, incident by incident,
// unless the fast reader declined (then read_incidents uses GDAL, which other tests cover).

#include "core/filters.hpp"
#include "geo/fast/fast_csv.hpp"
#include "geo/fast/fast_geojson.hpp"
#include "geo/read_limits.hpp"
#include "geo/reader.hpp"
#include "geo/source_text.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
namespace fast = incimap::geo::fast;
using incimap::test::TempDir;

std::string extension_of(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

bool has_fast_reader(const std::string& path) {
    const std::string ext = extension_of(path);
    return ext == ".geojson" || ext == ".json" || ext == ".geojsonl" || ext == ".geojsons" ||
           ext == ".csv";
}

std::optional<ReadResult> read_fast_reader(const std::string& path, fast::Declined& declined,
                                           const ReadOptions& options) {
    const std::string ext = extension_of(path);
    if (ext == ".geojsonl" || ext == ".geojsons")
        return fast::read_geojson_seq(path, options, &declined);
    if (ext == ".csv")
        return fast::read_csv(path, options, &declined);
    return fast::read_geojson(path, options, &declined);
}

// The fast reader behind the pre-pass read_incidents puts in front of both readers
// (geo/source_text.hpp, issue 15's text as written): a file that is not UTF-8 is read from
// its text recoded in memory, attributes in memory, and the report says so, as the GDAL
// side's does.
std::optional<ReadResult> read_fast(const std::string& path, fast::Declined& declined,
                                    const ReadOptions& options = {}) {
    const incimap::geo::SourceText text = incimap::geo::prepare_source_text(
        path, incimap::geo::memory_budget(options.memory_budget_bytes));
    if (!text.in_memory())
        return read_fast_reader(path, declined, options);
    ReadOptions in_memory = options;
    in_memory.attributes = ReadOptions::Attributes::Memory;
    std::optional<ReadResult> r;
    {
        const fast::TextOverride as_text(path, text.text(), text.stamp());
        r = read_fast_reader(path, declined, in_memory);
    }
    if (r)
        incimap::geo::report_source_text(text, path, *r);
    return r;
}

ReadOptions attributes_in_file() {
    ReadOptions options;
    options.attributes = ReadOptions::Attributes::OnDemand;
    return options;
}

// Files whose attributes were read back from the file by compare() (attributes on demand).
int g_read_back = 0;

// Loading on every core (issue 14): the fast readers given `threads` threads, each taking as
// little as 256 bytes of the file, so that small files split into parts too.
ReadOptions with_threads(unsigned threads, ReadOptions options = {}) {
    options.threads = threads;
    options.min_bytes_per_thread = threads > 1 ? 256 : 0;
    return options;
}

// The differential tests below run with 1, 2 and 8 threads.
class FastReaderThreads : public ::testing::TestWithParam<unsigned> {};

ReadResult read_gdal(const std::string& path) {
    ReadOptions options;
    options.fast_readers = false;
    return incimap::geo::read_incidents(path, options);
}

// An attribute value for a failure message: 'text' or null.
std::string shown(std::optional<std::string_view> v) {
    if (!v)
        return "null";
    std::string out = "'";
    out.append(v->data(), v->size());
    out += '\'';
    return out;
}

bool same_float(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Same table and report; stops after a few differences so a broken reader stays readable.
void expect_same(const ReadResult& f, const ReadResult& g, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(f.ok, g.ok) << f.error << " | " << g.error;
    const auto& fr = f.report;
    const auto& gr = g.report;
    EXPECT_EQ(fr.driver, gr.driver);
    EXPECT_TRUE(fr.fast);
    EXPECT_FALSE(gr.fast);
    EXPECT_EQ(fr.layer, gr.layer);
    EXPECT_EQ(fr.layers, gr.layers);
    EXPECT_EQ(fr.features, gr.features);
    EXPECT_EQ(fr.skipped, gr.skipped);
    EXPECT_EQ(fr.problem_count, gr.problem_count);
    ASSERT_EQ(fr.problems.size(), gr.problems.size());
    for (std::size_t i = 0; i < fr.problems.size(); ++i) {
        EXPECT_EQ(fr.problems[i].feature, gr.problems[i].feature) << i;
        EXPECT_EQ(fr.problems[i].reason, gr.problems[i].reason) << i;
    }
    EXPECT_EQ(fr.notes, gr.notes);
    ASSERT_EQ(fr.fields.size(), gr.fields.size());
    for (std::size_t i = 0; i < fr.fields.size(); ++i) {
        EXPECT_EQ(fr.fields[i].name, gr.fields[i].name);
        EXPECT_EQ(fr.fields[i].type, gr.fields[i].type) << fr.fields[i].name;
    }
    EXPECT_EQ(fr.time_field, gr.time_field);
    EXPECT_EQ(fr.end_field, gr.end_field);
    EXPECT_EQ(fr.time_reason, gr.time_reason);
    EXPECT_EQ(fr.category_field, gr.category_field);
    EXPECT_EQ(fr.size_field, gr.size_field);
    EXPECT_EQ(fr.geo_precision_field, gr.geo_precision_field);

    const auto& ft = f.table;
    const auto& gt = g.table;
    ASSERT_EQ(ft.count(), gt.count());
    ASSERT_EQ(ft.attributes.row_count(), gt.attributes.row_count());
    int differences = 0;
    auto category = [](const incimap::core::IncidentTable& t, std::size_t i) {
        return t.category[i] == incimap::core::kNoCategory ? std::string("<none>")
                                                           : t.categories[t.category[i]];
    };
    for (std::size_t i = 0; i < ft.count() && differences < 5; ++i) {
        const bool same =
            ft.lon[i] == gt.lon[i] && ft.lat[i] == gt.lat[i] && same_float(ft.z_at(i), gt.z_at(i)) &&
            ft.time(i) == gt.time(i) && category(ft, i) == category(gt, i) &&
            same_float(ft.size_at(i), gt.size_at(i)) && ft.geo_precision[i] == gt.geo_precision[i] &&
            ft.feature_at(i) == gt.feature_at(i) && ft.fid_at(i) == gt.fid_at(i) &&
            ft.attr_row[i] == gt.attr_row[i];
        if (!same) {
            ++differences;
            ADD_FAILURE() << "incident " << i << ": fast lon/lat " << ft.lon[i] << "," << ft.lat[i]
                          << " z " << ft.z_at(i) << " t " << ft.t_start[i] << ".." << ft.end_at(i)
                          << " p" << int(ft.t_precision[i]) << " zone " << int(ft.t_zone[i])
                          << " cat " << category(ft, i) << " size " << ft.size_at(i) << " geo "
                          << int(ft.geo_precision[i]) << " feature " << ft.feature_at(i)
                          << " fid " << ft.fid_at(i) << " | gdal " << gt.lon[i] << "," << gt.lat[i]
                          << " z " << gt.z_at(i) << " t " << gt.t_start[i] << ".." << gt.end_at(i)
                          << " p" << int(gt.t_precision[i]) << " zone " << int(gt.t_zone[i])
                          << " cat " << category(gt, i) << " size " << gt.size_at(i) << " geo "
                          << int(gt.geo_precision[i]) << " feature " << gt.feature_at(i)
                          << " fid " << gt.fid_at(i);
        }
    }
    for (std::size_t row = 0; row < ft.attributes.row_count() && differences < 5; ++row)
        for (std::size_t k = 0; k < ft.attributes.fields().size(); ++k) {
            const auto a = ft.attributes.value(row, k);
            const auto b = gt.attributes.value(row, k);
            if (a != b) {
                ++differences;
                ADD_FAILURE() << "row " << row << " field " << ft.attributes.fields()[k].name
                              << ": fast " << shown(a) << " | gdal " << shown(b);
                break;
            }
        }
}

// Reads `path` both ways; true when the fast reader took it.
bool compare(const std::string& path, unsigned threads = 1) {
    fast::Declined declined;
    const auto f = read_fast(path, declined, with_threads(threads));
    if (!f) {
        std::printf("  fast reader declined %s: %s\n", fs::path(path).filename().c_str(),
                    declined.why.c_str());
        return false;
    }
    const ReadResult g = read_gdal(path);
    const std::string name = fs::path(path).filename().string();
    expect_same(*f, g, name);

    // The same read with the attributes left in the file: every value read back must be the
    // one GDAL gives (the report gains one note saying so).
    fast::Declined declined_too;
    auto d = read_fast(path, declined_too, with_threads(threads, attributes_in_file()));
    EXPECT_TRUE(d) << name << ": declined only with attributes in the file: " << declined_too.why;
    if (d) {
        if (d->table.attributes.deferred()) {
            ++g_read_back;
            auto& notes = d->report.notes;
            const auto note = std::find_if(notes.begin(), notes.end(), [](const std::string& n) {
                return n.find("attributes are read from the file") != std::string::npos;
            });
            EXPECT_NE(note, notes.end());
            if (note != notes.end())
                notes.erase(note);
        }
        expect_same(*d, g, name + " (attributes read back from the file)");
    }
    return true;
}

TEST_P(FastReaderThreads, AgreesWithGdalOnEveryFixture) {
    int taken = 0;
    for (const auto& entry : fs::directory_iterator(INCIMAP_FIXTURES)) {
        const std::string path = entry.path().string();
        if (has_fast_reader(path))
            taken += compare(path, GetParam());
    }
    EXPECT_GE(taken, 8); // most GeoJSON and CSV fixtures are plain enough for the fast path
    EXPECT_GE(g_read_back, 6);
}

// The shape of scripts/gen_incidents.py: clustered points, a day in Oct 2023 … Mar 2024,
// event types, fatalities, notes; deterministic.
struct Generated {
    double lon, lat;
    std::string day, kind;
    int fatalities;
};
std::vector<Generated> generate(int n) {
    std::mt19937_64 rng(20240104);
    std::uniform_real_distribution<double> u(0, 1);
    const char* kinds[] = {"Drone attack", "Airstrike", "Rocket attack", "Shelling", "Other"};
    std::vector<Generated> out;
    for (int i = 0; i < n; ++i) {
        const double lon = std::round((44.3661 + (u(rng) - 0.5) * 2) * 1e6) / 1e6;
        const double lat = std::round((33.3152 + (u(rng) - 0.5) * 2) * 1e6) / 1e6;
        const int day = static_cast<int>(u(rng) * 182);
        char buf[32];
        const int month = 10 + day / 31; // a calendar-ish spread, valid dates only
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", month > 12 ? 2024 : 2023,
                      month > 12 ? month - 12 : month, 1 + day % 28);
        out.push_back({lon, lat, buf, kinds[i % 5], static_cast<int>(u(rng) * 5)});
    }
    return out;
}

std::string feature_json(int i, const Generated& g) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "{\"type\":\"Feature\",\"properties\":{\"id\":%d,\"date\":\"%s\",\"event_type\":"
                  "\"%s\",\"fatalities\":%d,\"notes\":\"synthetic incident %d\"},\"geometry\":{"
                  "\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}",
                  i, g.day.c_str(), g.kind.c_str(), g.fatalities, i, g.lon, g.lat);
    return buf;
}

TEST_P(FastReaderThreads, AgreesWithGdalOnGeneratedFiles) {
    TempDir dir;
    const auto incidents = generate(5000);
    std::string collection = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    std::string seq;
    std::string csv = "id,date,event_type,fatalities,notes,latitude,longitude\n";
    for (int i = 0; i < static_cast<int>(incidents.size()); ++i) {
        const auto& g = incidents[static_cast<std::size_t>(i)];
        if (i > 0)
            collection += ',';
        collection += feature_json(i, g);
        collection += '\n';
        seq += feature_json(i, g) + "\n";
        char buf[256];
        std::snprintf(buf, sizeof buf, "%d,%s,%s,%d,\"synthetic incident %d\",%.6f,%.6f\n", i,
                      g.day.c_str(), g.kind.c_str(), g.fatalities, i, g.lat, g.lon);
        csv += buf;
    }
    collection += "]}\n";
    EXPECT_TRUE(compare(dir.write("gen.geojson", collection), GetParam()));
    EXPECT_TRUE(compare(dir.write("gen.geojsonl", seq), GetParam()));
    EXPECT_TRUE(compare(dir.write("gen.csv", csv), GetParam()));
}

// Attributes left in the file (--attributes file): search finds the same rows as with the
// values in memory (also through JSON escapes and in non-ASCII text), another thread reads the
// same values, and a file that shrinks or changes underneath gives nulls, never a crash.
TEST(FastReader, AttributesReadBackFromTheFile) {
    TempDir dir;
    // JSON escapes in the GeoJSON (\u016b is ū, \u00e9 is é), CSV's doubled quotes.
    const char* notes[] = {R"(Al Fall\u016bjah market)", R"(caf\u00e9 \"Rawda\")", "plain text",
                           "Al Fallūjah bridge", R"(tab\tstop)"};
    const char* csv_notes[] = {"Al Fallūjah market", R"(café ""Rawda"")", "plain text",
                               "Al Fallūjah bridge", "tab stop"};
    std::string collection = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    std::string seq;
    std::string csv = "id,notes,latitude,longitude\n";
    for (int i = 0; i < 40; ++i) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "{\"type\":\"Feature\",\"properties\":{\"id\":%d,\"notes\":\"%s\"},"
                      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%d.5,33.25]}}",
                      i, notes[i % 5], 40 + i % 7);
        collection += (i > 0 ? ",\n" : "") + std::string(buf);
        seq += std::string(buf) + "\n";
        std::snprintf(buf, sizeof buf, "%d,\"%s\",33.25,%d.5\n", i, csv_notes[i % 5], 40 + i % 7);
        csv += buf;
    }
    collection += "\n]}\n";
    const std::string paths[] = {dir.write("a.geojson", collection), dir.write("a.geojsonl", seq),
                                 dir.write("a.csv", csv)};
    const std::string needles[] = {"fall", "ū", "café", "\"rawda\"", "tab", "plain", "nothing"};
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        ReadOptions in_memory;
        in_memory.attributes = ReadOptions::Attributes::Memory;
        const ReadResult m = incimap::geo::read_incidents(path, in_memory);
        const ReadResult d = incimap::geo::read_incidents(path, attributes_in_file());
        ASSERT_TRUE(m.ok && d.ok) << m.error << d.error;
        ASSERT_TRUE(d.report.fast);
        EXPECT_FALSE(m.table.attributes.deferred());
        ASSERT_TRUE(d.table.attributes.deferred());
        const auto& ma = m.table.attributes;
        const auto& da = d.table.attributes;
        ASSERT_EQ(ma.row_count(), da.row_count());
        for (const std::string& needle : needles) {
            const std::string lower = incimap::core::ascii_lower(needle);
            int found = 0;
            for (std::size_t row = 0; row < ma.row_count(); ++row) {
                const bool a = incimap::core::row_matches(ma, row, lower);
                EXPECT_EQ(a, incimap::core::row_matches(da, row, lower)) << needle << " row " << row;
                found += a;
            }
            EXPECT_EQ(found > 0, needle != "nothing") << needle;
        }
        // Another thread has its own caches and reads the same values.
        const int notes_field = da.field_index("notes");
        ASSERT_GE(notes_field, 0);
        std::vector<std::string> seen(da.row_count());
        std::thread([&] {
            for (std::size_t row = da.row_count(); row-- > 0;)
                seen[row] = std::string(da.value(row, static_cast<std::size_t>(notes_field)).value_or("?"));
        }).join();
        for (std::size_t row = 0; row < da.row_count(); ++row)
            EXPECT_EQ(seen[row], ma.value(row, static_cast<std::size_t>(notes_field)).value_or("!"));

        // The file is written over (same size, other bytes), then cut short: rows read
        // afterwards (here on fresh threads, whose caches are empty) are null.
        const auto expect_nulls = [&] {
            std::thread([&] {
                for (std::size_t row = 0; row < da.row_count(); ++row) {
                    EXPECT_FALSE(da.value(row, static_cast<std::size_t>(notes_field))) << row;
                    EXPECT_FALSE(incimap::core::row_matches(da, row, "fall")) << row;
                }
            }).join();
        };
        dir.write(fs::path(path).filename().string(), std::string(fs::file_size(path), '#'));
        expect_nulls();
        fs::resize_file(path, 10);
        expect_nulls();
    }
}

// A FeatureCollection read in small chunks (cuts between features, and inside strings and
// nested values that the reader must reject and move past) gives the same table.
TEST(FastReader, ChunkedCollectionsInEveryLayout) {
    TempDir dir;
    const auto incidents = generate(600);
    std::string lines = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    std::string minified = "{\"type\":\"FeatureCollection\",\"features\":[";
    std::string pretty = "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n";
    for (int i = 0; i < 600; ++i) {
        const auto& g = incidents[static_cast<std::size_t>(i)];
        std::string f = feature_json(i, g);
        if (i % 7 == 0) // a feature-like text inside a string
            f.replace(f.find("synthetic"), 9, "x },{\\\"type\\\":\\\"Feature\\\"} ,\\n{");
        if (i > 0) {
            lines += ',';
            minified += ',';
        }
        lines += f;
        lines += '\n';
        minified += f;
        char buf[512];
        std::snprintf(buf, sizeof buf,
                      "    {\n      \"type\": \"Feature\",\n      \"properties\": {\n"
                      "        \"date\": \"%s\",\n        \"kind\": \"%s\"\n      },\n"
                      "      \"geometry\": {\n        \"type\": \"Point\",\n"
                      "        \"coordinates\": [\n          %.6f,\n          %.6f\n        ]\n"
                      "      }\n    }%s\n",
                      g.day.c_str(), g.kind.c_str(), g.lon, g.lat, i + 1 < 600 ? "," : "");
        pretty += buf;
    }
    lines += "]}\n";
    minified += "]}";
    pretty += "  ]\n}\n";
    for (const auto& [name, content] : {std::pair<std::string, std::string>{"lines.geojson", lines},
                                        {"minified.geojson", minified},
                                        {"pretty.geojson", pretty}}) {
        const std::string path = dir.write(name, content);
        for (const std::size_t chunk : {std::size_t{1000}, std::size_t{7777}, std::size_t{0}}) {
            SCOPED_TRACE(name + " in chunks of " + std::to_string(chunk));
            fast::Declined declined;
            const auto f = fast::read_geojson(path, {}, &declined, chunk);
            ASSERT_TRUE(f) << declined.why;
            expect_same(*f, read_gdal(path), name);
        }
    }
}

struct Nasty {
    const char* name;
    std::string content;
    bool fast; // the fast reader must take it (else: taken and the same, or declined)
};

std::string collection_of(std::initializer_list<std::string> features) {
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    bool first = true;
    for (const auto& f : features) {
        if (!first)
            out += ",\n";
        out += f;
        first = false;
    }
    return out + "\n]}\n";
}

std::string point(const std::string& props, const std::string& coords) {
    return "{\"type\":\"Feature\",\"properties\":" + props +
           ",\"geometry\":{\"type\":\"Point\",\"coordinates\":" + coords + "}}";
}

std::vector<Nasty> nasty_cases() {
    const std::string acled_head = "event_date,event_type,latitude,longitude,fatalities\n";
    return {
        {"bom.csv", "\xEF\xBB\xBF" + acled_head + "2023-01-31,Riots,33.3,44.4,2\n", true},
        {"crlf.csv",
         "event_date,event_type,latitude,longitude,fatalities\r\n"
         "2023-01-31,Riots,33.3,44.4,2\r\n2023-02-01,Protests,33.5,44.1,0\r\n",
         true},
        {"quoted.csv",
         acled_head + "2023-01-31,\"Riots, violent\",33.3,44.4,2\n"
                      "2023-02-01,\"two\nlines\",33.5,44.1,0\n"
                      "2023-02-02,\"say \"\"hi\"\"\",33.5,44.1,\"1\"\n",
         true},
        {"bad_values.csv",
         acled_head + "someday,Riots,33.3,44.4,many\n"
                      "2023-02-01,Riots,,44.1,0\n"
                      "2023-02-02,Riots,95,44.1,1\n"
                      "2023-02-03,Riots,NaN,44.1,1\n"
                      "2023-02-04,Riots,33.25000,44.1000000000000001,1\n"
                      "2023-02-05,Riots,-0.00001,1e2,1\n",
         false},
        {"spaces.csv",
         acled_head + "2023-01-31, Riots ,33.3,44.4, 2\n2023-02-01,\"\",33.5,44.1,\n"
                      "2023-02-02,  ,-33.5,-44.1,0",
         true},
        {"padded_coordinate.csv", acled_head + "2023-01-31,Riots, 33.3,44.4,2\n", false},
        {"hex_and_exponent.csv", acled_head + "2023-01-31,Riots,3.33e1,0x10,2\n", false},
        {"latlon_names.csv", "Date,Type,LAT,Lon\n2024-01-04,a,1.5,2.5\n", true},
        // Several fields with doubled quotes in one record: the unquoted copies must not move
        // while the record is read (a use-after-free found by fuzzing; tests/fuzz/corpus/
        // fuzz_fast_csv/regress-doubled-quotes.csv).
        {"doubled_quotes.csv",
         "date,a,b,c,latitude,longitude\n"
         "2024-01-04,\"x \"\"q\"\" y\",\"p \"\"r\"\"\",\"\"\"\"\"\",1.5,2.5\n"
         "2024-01-05,\"\"\"\",\"s\",\"\"\"t\"\"\",1.5,2.5\n",
         true},
        {"semicolon.csv", "date;latitude;longitude\n2024-01-04;1;2\n", false},
        {"ragged.csv", acled_head + "2023-01-31,Riots,33.3\n", false},
        {"unicode.geojson",
         collection_of(
             {point(R"({"name":"Caf\u00e9 \ud83d\ude00 \"q\" \\ \/ tab\t","date":"2024-01-04"})",
                    "[1.5,2.5]")}),
         true},
        {"strings_and_nulls.geojson",
         collection_of({point(R"({"fatalities":"3","date":null,"kind":"a"})", "[1,2]"),
                        point(R"({"fatalities":"x","date":"2024-01-04","kind":null})", "[3,4]"),
                        "{\"type\":\"Feature\",\"properties\":null,\"geometry\":null}"}),
         true},
        {"mixed_multipoint.geojson",
         collection_of(
             {point(R"({"date":"2024-01-04","fatalities":2})", "[10,20]"),
              "{\"type\":\"Feature\",\"properties\":{\"date\":\"2024-01-05\",\"fatalities\":1},"
              "\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[[1,2],[200,3],[4,5]]}}",
              point(R"({"date":"2024-01-06","fatalities":3})", "[10,20,-5.5]"),
              point(R"({"date":"2024-01-07","fatalities":3})", "[10,95]")}),
         true},
        {"numbers.geojson",
         collection_of(
             {point(R"({"r":0.1,"i":9007199254740993,"b":true,"s":1e308,"t":-1.5e-7})", "[1,2]"),
              point(R"({"r":3,"i":12,"b":false,"s":123456.789,"t":0.333333333333333333})",
                    "[1,2]")}),
         true},
        {"huge_integer.geojson",
         collection_of({point(R"({"n":123456789012345678901234567890})", "[1,2]")}), false},
        {"nan.geojson", collection_of({point(R"({"a":1})", "[NaN,2]")}), false},
        {"nested.geojson",
         collection_of({point(R"({"a":{"b":{"c":[1,[2,{"d":null}]]}}})", "[1,2]")}), false},
        {"line.geojson",
         collection_of({"{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
                        "\"LineString\",\"coordinates\":[[1,2],[3,4]]}}"}),
         false},
        {"crs.geojson",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"EPSG:3857\"}},\"features\":[" +
             point("{}", "[100000,200000]") + "]}",
         false},
        {"ogr2ogr_crs84.geojson",
         "{\n\"type\": \"FeatureCollection\",\n\"name\": \"out\",\n\"crs\": { \"type\": "
         "\"name\", \"properties\": { \"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\" } },\n"
         "\"features\": [\n{ \"type\": \"Feature\", \"properties\": { \"date\": "
         "\"2024-01-04\", \"n\": 1 }, \"geometry\": { \"type\": \"Point\", \"coordinates\": "
         "[ 43.123456, 33.654321 ] } },\n{ \"type\": \"Feature\", \"properties\": { \"date\": "
         "\"2024-01-05\", \"n\": 2 }, \"geometry\": { \"type\": \"Point\", \"coordinates\": "
         "[ -179.999999, -89.5 ] } }\n]\n}\n",
         true},
        {"epsg4326.geojson",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"EPSG:4326\"}},\"features\":[" +
             point(R"({"n":1})", "[44.5,33.25]") + "]}",
         false},
        {"key_orders.geojson",
         collection_of({point(R"({"a":1,"c":3})", "[1,2]"),
                        point(R"({"a":1,"b":2,"c":3})", "[1,2]"),
                        point(R"({"c":1,"a":2})", "[1,2]")}),
         false},
        {"subset_keys.geojson",
         collection_of({point(R"({"a":1,"b":"x","c":3})", "[1,2]"),
                        point(R"({"a":1,"c":3})", "[1,2]"), point(R"({"b":"y"})", "[1,2]")}),
         true},
        {"pretty.geojson",
         "{\n  \"type\": \"FeatureCollection\",\n  \"name\": \"pretty_layer\",\n  \"features\": [\n"
         "    {\n      \"type\": \"Feature\",\n      \"properties\": {\n        \"date\": "
         "\"2024-01\"\n      },\n      \"geometry\": {\n        \"type\": \"Point\",\n"
         "        \"coordinates\": [\n          1.25,\n          2.5\n        ]\n      }\n    },\n"
         "    {\n      \"type\": \"Feature\",\n      \"properties\": {\n        \"date\": "
         "\"2024-02\"\n      },\n      \"geometry\": null\n    }\n  ]\n}\n",
         true},
        {"tail_members.geojson",
         "{\"type\":\"FeatureCollection\",\"features\":[" +
             point(R"({"date":"2024-01-04"})", "[1,2]") + "],\"bbox\":[1,2,1,2]}",
         true},
        {"seq_dates.geojsonl",
         point(R"({"date":"2024-01-04","when":"2024-01-04T10:00:00Z","n":1})", "[1,2]") + "\n" +
             point(R"({"date":"2024-01-05","when":"x","n":2.5})", "[3,4]") + "\n",
         false},
        {"seq_plain.geojsonl",
         point(R"({"date":"2024-01-04","kind":"a","n":1})", "[1,2]") + "\n" +
             point(R"({"date":"2024-01-05","kind":"b","n":2.5})", "[3,4]") + "\n\n" +
             "{\"type\":\"Feature\",\"properties\":{\"date\":\"bad\",\"kind\":\"c\",\"n\":3},"
             "\"geometry\":null}\n",
         true},
    };
}

TEST_P(FastReaderThreads, NastyCasesAgreeOrDecline) {
    TempDir dir;
    for (const Nasty& c : nasty_cases()) {
        SCOPED_TRACE(c.name);
        const bool taken = compare(dir.write(c.name, c.content), GetParam());
        if (c.fast) {
            EXPECT_TRUE(taken);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Threads, FastReaderThreads, ::testing::Values(1u, 2u, 8u));

// Big files on demand: INCIMAP_FAST_READER_FILES=a.geojson:b.csv compares them too (not
// part of the suite's time budget; e.g. the 1M files of bench/load_bench.sh).
TEST(FastReader, AgreesWithGdalOnFilesGivenInTheEnvironment) {
    const char* list = std::getenv("INCIMAP_FAST_READER_FILES");
    if (list == nullptr || *list == '\0')
        GTEST_SKIP() << "set INCIMAP_FAST_READER_FILES to compare more files";
    std::string rest = list;
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string path = rest.substr(0, colon);
        rest = colon == std::string::npos ? "" : rest.substr(colon + 1);
        EXPECT_TRUE(compare(path)) << path;
    }
}

TEST(FastReader, ReadIncidentsDispatchesAndCanBeSwitchedOff) {
    TempDir dir;
    const std::string path =
        dir.write("d.geojson", collection_of({point(R"({"date":"2024-01-04"})", "[1,2]")}));
    EXPECT_TRUE(incimap::geo::read_incidents(path).report.fast);
    ReadOptions off;
    off.fast_readers = false;
    EXPECT_FALSE(incimap::geo::read_incidents(path, off).report.fast);
    ::setenv("INCIMAP_NO_FAST_READERS", "1", 1);
    EXPECT_FALSE(incimap::geo::read_incidents(path).report.fast);
    ::unsetenv("INCIMAP_NO_FAST_READERS");
    EXPECT_EQ(incimap::geo::read_incidents(path).report.driver, "GeoJSON");
    // A file the fast reader declines still loads, through GDAL.
    const std::string line = dir.write(
        "l.geojson", collection_of({"{\"type\":\"Feature\",\"properties\":{},\"geometry\":{"
                                    "\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}}"}));
    const ReadResult r = incimap::geo::read_incidents(line);
    EXPECT_TRUE(r.ok);
    EXPECT_FALSE(r.report.fast);
}

TEST(FastReader, ProgressAndCancel) {
    TempDir dir;
    std::string seq;
    const auto incidents = generate(20000);
    for (int i = 0; i < 20000; ++i)
        seq += feature_json(i, incidents[static_cast<std::size_t>(i)]) + "\n";
    const std::string path = dir.write("p.geojsonl", seq);
    std::vector<double> seen;
    ReadOptions options;
    options.progress = [&](double f) { seen.push_back(f); };
    const ReadResult r = incimap::geo::read_incidents(path, options);
    ASSERT_TRUE(r.ok);
    EXPECT_TRUE(r.report.fast);
    ASSERT_GE(seen.size(), 2u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 1.0);

    std::atomic<bool> cancel{true};
    ReadOptions stop;
    stop.cancel = &cancel;
    const ReadResult c = incimap::geo::read_incidents(path, stop);
    EXPECT_TRUE(c.report.cancelled);
}

// A literal that starts like null but is not one (`nulx`, `nul`) is an error when simdjson
// reads it; the fast readers decline then, and never throw (found by fuzzing: a `nulx`
// property value threw simdjson_error out of read_incidents; tests/fuzz/corpus/
// fuzz_fast_geojson/regress-null-literal.geojson).
TEST(FastReader, MalformedLiteralsDecline) {
    TempDir dir;
    const std::string geometry = R"("geometry":{"type":"Point","coordinates":[44.4,33.3]})";
    const std::vector<std::string> features = {
        R"({"type":"Feature","properties":{"date":nulx},)" + geometry + "}",
        R"({"type":"Feature","properties":{"date":"2024-01-04","n":nul},)" + geometry + "}",
        R"({"type":"Feature","properties":nulx,)" + geometry + "}",
        R"({"type":"Feature","properties":{"date":"2024-01-04"},"geometry":nulx})",
    };
    int n = 0;
    for (const std::string& f : features) {
        SCOPED_TRACE(f);
        const std::string good = R"({"type":"Feature","properties":{"date":"2024-01-05"},)" +
                                 geometry + "}";
        const std::string collection =
            R"({"type":"FeatureCollection","features":[)" + good + ",\n" + f + "]}";
        const std::string path = dir.write("lit" + std::to_string(n) + ".geojson", collection);
        const std::string seq = dir.write("lit" + std::to_string(n++) + ".geojsonl",
                                          good + "\n" + f + "\n");
        for (const std::size_t chunk : {std::size_t{0}, std::size_t{16}}) {
            fast::Declined declined;
            std::optional<ReadResult> r;
            EXPECT_NO_THROW(r = fast::read_geojson(path, {}, &declined, chunk));
            EXPECT_FALSE(r) << "chunk " << chunk;
        }
        fast::Declined declined;
        std::optional<ReadResult> r;
        EXPECT_NO_THROW(r = fast::read_geojson_seq(seq, {}, &declined));
        EXPECT_FALSE(r);
        ReadResult whole;
        EXPECT_NO_THROW(whole = incimap::geo::read_incidents(path));
        EXPECT_FALSE(whole.report.fast);
    }
}

} // namespace
