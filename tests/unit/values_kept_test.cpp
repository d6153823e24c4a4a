// Issue 14 (a read's peak): with attributes on demand, the GeoJSON, GeoJSONSeq and CSV readers
// choose the fields from the first kSampleFeatures features read on their own and keep past
// them only the values that the chosen fields need (the others are read back from the file
// when shown).
// The table, report and every attribute value are those of a read that keeps every value,
// on 1, 2 and 8 threads — also with a field first met after the sample, chosen by the user.

#include "geo/field_plan.hpp"
#include "geo/reader.hpp"
#include "read_compare.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using incimap::geo::ReadOptions;
using incimap::geo::ReadResult;
using incimap::test::TempDir;

// 6,000 features: id, date, event_type, fatalities and a long note in every one (the fields
// chosen read date, event_type and fatalities: the ids and notes past the sample are not
// kept); from feature 4,000 on also "late_kind" (a field the first sample never meets). Every
// 71st category before 4,000 is double-encoded ("CafÃ©", repaired), every 71st note after.
// `collection`: a FeatureCollection, else GeoJSONSeq (one feature a line).
std::string features(bool collection) {
    std::string out = collection ? "{\"type\":\"FeatureCollection\",\"features\":[\n" : "";
    for (int i = 0; i < 6000; ++i) {
        std::string note = "note " + std::to_string(i) + " with some words to keep it long";
        std::string kind = "kind " + std::to_string(i % 7);
        if (i % 71 == 0) // double-encoded: the category repaired, the notes shown as written
            (i < 4000 ? kind : note) = "Caf\xc3\x83\xc2\xa9 " + std::to_string(i % 5);
        std::string props = "\"id\":" + std::to_string(i) + ",\"date\":\"2024-02-" +
                            std::to_string(10 + i % 17) + "\",\"event_type\":\"" + kind +
                            "\",\"fatalities\":" +
                            std::to_string(i % 5) + ",\"notes\":\"" + note + "\"";
        if (i >= 4000)
            props += ",\"late_kind\":\"late " + std::to_string(i % 3) + "\"";
        out += (i && collection ? "," : "") +
               std::string("{\"type\":\"Feature\",\"properties\":{") + props +
               "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" +
               std::to_string(44 + (i % 1000) * 0.001) + "," +
               std::to_string(33 + (i % 777) * 0.001) + "]}}\n";
    }
    return collection ? out + "]}\n" : out;
}

ReadResult read_on(const std::string& path, unsigned threads, ReadOptions::Attributes attributes,
                   const std::string& category = {}) {
    ReadOptions options;
    options.threads = threads;
    options.min_bytes_per_thread = 65536; // parts of a few hundred features
    options.attributes = attributes;
    options.fields.category = category;
    return incimap::geo::read_incidents(path, options);
}

// One that keeps every value and one on demand agree (the fields chosen, every incident and
// every 13th row's values read back); the one on demand says where its values are.
void expect_same(const ReadResult& all, const ReadResult& on_demand) {
    ASSERT_TRUE(on_demand.ok) << on_demand.error;
    EXPECT_TRUE(on_demand.report.fast);
    incimap::test::expect_identical(all, on_demand, {.row_step = 13, .notes_only_in_b = 1});
}

TEST(ValuesKept, OnDemandReadGivesTheTableAndValuesOfOneThatKeepsThemAll) {
    TempDir dir;
    for (const bool collection : {true, false}) {
        SCOPED_TRACE(collection ? "FeatureCollection" : "GeoJSONSeq");
        const std::string path = dir.write(collection ? "kept.geojson" : "kept.geojsonl",
                                           features(collection));
        for (const char* category : {"", "late_kind"}) {
            SCOPED_TRACE(*category ? "category chosen: a late field" : "fields chosen");
            const ReadResult all = read_on(path, 1, ReadOptions::Attributes::Memory, category);
            ASSERT_TRUE(all.ok) << all.error;
            EXPECT_EQ(all.report.category_field, *category ? "late_kind" : "event_type");
            EXPECT_GT(all.report.repaired_values, 50);
            for (const unsigned threads : {1u, 2u, 8u}) {
                SCOPED_TRACE(threads);
                expect_same(all,
                            read_on(path, threads, ReadOptions::Attributes::OnDemand, category));
            }
        }
    }
}

// The same as a CSV: 6,000 CRLF rows, a line break inside a quoted note, `NA` sizes, the
// ids and notes dropped.
std::string csv() {
    std::string out = "id,event_date,event_type,fatalities,notes,latitude,longitude\r\n";
    for (int i = 0; i < 6000; ++i) {
        std::string kind = "kind " + std::to_string(i % 7);
        std::string note = "note " + std::to_string(i) + ", with a comma";
        if (i % 71 == 0)
            (i < 4000 ? kind : note) = "Caf\xc3\x83\xc2\xa9 " + std::to_string(i % 5);
        if (i % 97 == 0)
            note += "\non two lines";
        out += std::to_string(i) + ",2024-02-" + std::to_string(10 + i % 17) + "," + kind + "," +
               (i % 13 == 0 ? std::string("NA") : std::to_string(i % 5)) + ",\"" + note +
               "\"," + std::to_string(33 + (i % 777) * 0.001) + "," +
               std::to_string(44 + (i % 1000) * 0.001) + "\r\n";
    }
    return out;
}

TEST(ValuesKept, OnDemandCsvReadGivesTheTableAndValuesOfOneThatKeepsThemAll) {
    TempDir dir;
    const std::string path = dir.write("kept.csv", csv());
    const ReadResult all = read_on(path, 1, ReadOptions::Attributes::Memory);
    ASSERT_TRUE(all.ok) << all.error;
    EXPECT_EQ(all.report.category_field, "event_type");
    EXPECT_EQ(all.report.size_field, "fatalities");
    EXPECT_GT(all.report.repaired_values, 50);
    for (const unsigned threads : {1u, 2u, 8u}) {
        SCOPED_TRACE(threads);
        expect_same(all, read_on(path, threads, ReadOptions::Attributes::OnDemand));
    }
}

TEST(ValuesKept, FieldsReadByAPlanAreItsChoicesAndRepairedColumns) {
    incimap::geo::FieldPlan plan;
    plan.choice.time.start = 1;
    plan.choice.time.end = 2;
    plan.choice.category = 4;
    plan.choice.size = 9; // past the fields: ignored
    plan.repair_text = {false, false, false, false, false, true};
    const std::vector<bool> read = incimap::geo::fields_read_by(plan, 7);
    EXPECT_EQ(read, (std::vector<bool>{false, true, true, false, true, true, false}));
}

} // namespace
