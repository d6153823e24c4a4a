#pragma once
// CSV coordinates written as a missing marker (`NA`, `N/A`, `null`, `-`) on the GDAL path.
//
// GDAL's CSV driver types the coordinate columns as Real: `NA` becomes no value (one warning
// for the whole file) and `-` becomes 0 (a point at 0,0, with a warning per value), so what
// was written is lost. For a feature without a point, or with a coordinate of exactly 0, the
// file is read a second time with every column as text, in step with the first (features
// come in order, so the second read passes over the file at most once), and the text as
// written gives the reason core::coordinates_marked_missing gives on the fast reader's path.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <memory>
#include <string>

namespace incimap::geo {

class CsvMarkedMissing {
public:
    // `open_path`: the file the CSV driver read (a recoded copy's /vsimem/ path too);
    // `layer`: the first read's layer, whose coordinate columns are found by the names the
    // driver was given (kCsvLongitudeNames, kCsvLatitudeNames).
    CsvMarkedMissing(std::string open_path, std::uint64_t budget, OGRLayer& layer);

    // Whether feature `feature` of the first read (its geometry as read) may have a marker:
    // no point, or a coordinate of exactly 0.
    static bool worth_a_look(const OGRFeature& feature);
    // The reason for feature `fid` of the first read when its longitude or latitude column
    // holds a missing marker; "" otherwise.
    std::string reason(GIntBig fid);

private:
    bool open();

    std::string m_path;
    std::uint64_t m_budget;
    std::string m_lon, m_lat; // the coordinate columns' names ("" none)
    bool m_tried = false;
    GDALDatasetUniquePtr m_ds;
    OGRLayer* m_layer = nullptr;
    OGRFeatureUniquePtr m_at; // the second read's current feature
};

} // namespace incimap::geo
