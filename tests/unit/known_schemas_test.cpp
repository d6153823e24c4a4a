// The headerless GDELT layouts (core/known_schemas.cpp, headerless_layout): each version's
// columns in the codebook's order (GDELT-Event_Codebook-V2.0.pdf, "Data Format"), whatever
// way the table is written.

#include "core/known_schemas.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string joined(std::size_t count) {
    const incimap::core::HeaderlessLayout* layout = incimap::core::headerless_layout(count);
    if (layout == nullptr)
        return "<none>";
    std::string out;
    for (const std::string_view c : layout->columns)
        (out += out.empty() ? "" : "|") += c;
    return out;
}

TEST(KnownSchemas, HeaderlessGdeltLayoutsAreTheCodebooks) {
    // GDELT 1.0: 57 columns; the daily files add SOURCEURL as a 58th.
    const std::string v1 =
        "GLOBALEVENTID|SQLDATE|MonthYear|Year|FractionDate|Actor1Code|Actor1Name|"
        "Actor1CountryCode|Actor1KnownGroupCode|Actor1EthnicCode|Actor1Religion1Code|"
        "Actor1Religion2Code|Actor1Type1Code|Actor1Type2Code|Actor1Type3Code|Actor2Code|"
        "Actor2Name|Actor2CountryCode|Actor2KnownGroupCode|Actor2EthnicCode|"
        "Actor2Religion1Code|Actor2Religion2Code|Actor2Type1Code|Actor2Type2Code|"
        "Actor2Type3Code|IsRootEvent|EventCode|EventBaseCode|EventRootCode|QuadClass|"
        "GoldsteinScale|NumMentions|NumSources|NumArticles|AvgTone|Actor1Geo_Type|"
        "Actor1Geo_FullName|Actor1Geo_CountryCode|Actor1Geo_ADM1Code|Actor1Geo_Lat|"
        "Actor1Geo_Long|Actor1Geo_FeatureID|Actor2Geo_Type|Actor2Geo_FullName|"
        "Actor2Geo_CountryCode|Actor2Geo_ADM1Code|Actor2Geo_Lat|Actor2Geo_Long|"
        "Actor2Geo_FeatureID|ActionGeo_Type|ActionGeo_FullName|ActionGeo_CountryCode|"
        "ActionGeo_ADM1Code|ActionGeo_Lat|ActionGeo_Long|ActionGeo_FeatureID|DATEADDED";
    EXPECT_EQ(joined(57), v1);
    EXPECT_EQ(joined(58), v1 + "|SOURCEURL");
    EXPECT_EQ(joined(61),
     "GLOBALEVENTID|SQLDATE|MonthYear|Year|FractionDate|Actor1Code|Actor1Name|"
     "Actor1CountryCode|Actor1KnownGroupCode|Actor1EthnicCode|Actor1Religion1Code|"
     "Actor1Religion2Code|Actor1Type1Code|Actor1Type2Code|Actor1Type3Code|Actor2Code|"
     "Actor2Name|Actor2CountryCode|Actor2KnownGroupCode|Actor2EthnicCode|"
     "Actor2Religion1Code|Actor2Religion2Code|Actor2Type1Code|Actor2Type2Code|"
     "Actor2Type3Code|IsRootEvent|EventCode|EventBaseCode|EventRootCode|QuadClass|"
     "GoldsteinScale|NumMentions|NumSources|NumArticles|AvgTone|Actor1Geo_Type|"
     "Actor1Geo_FullName|Actor1Geo_CountryCode|Actor1Geo_ADM1Code|Actor1Geo_ADM2Code|"
     "Actor1Geo_Lat|Actor1Geo_Long|Actor1Geo_FeatureID|Actor2Geo_Type|"
     "Actor2Geo_FullName|Actor2Geo_CountryCode|Actor2Geo_ADM1Code|Actor2Geo_ADM2Code|"
     "Actor2Geo_Lat|Actor2Geo_Long|Actor2Geo_FeatureID|ActionGeo_Type|"
     "ActionGeo_FullName|ActionGeo_CountryCode|ActionGeo_ADM1Code|ActionGeo_ADM2Code|"
     "ActionGeo_Lat|ActionGeo_Long|ActionGeo_FeatureID|DATEADDED|SOURCEURL");
    EXPECT_EQ(incimap::core::headerless_layout(57)->name, "GDELT 1.0 events");
    EXPECT_EQ(incimap::core::headerless_layout(58)->name, "GDELT 1.0 daily events");
    EXPECT_EQ(incimap::core::headerless_layout(61)->name, "GDELT 2.0 events");
    EXPECT_EQ(incimap::core::headerless_layout(60), nullptr);
}

} // namespace
