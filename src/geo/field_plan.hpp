#pragma once
// Choosing a layer's time, category, size and precision fields: a sample of features is read
// as text, core's field detection decides, and KML's TimeStamp/TimeSpan are read as written.

#include "core/field_detection.hpp"
#include "core/load_report.hpp"
#include "geo/gdal/kml_times.hpp"
#include "geo/gdal/layer_set.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <string>
#include <vector>

namespace incimap::geo {

inline constexpr std::size_t kSampleFeatures = 2000; // features read to choose the fields

// KML's time elements as LIBKML names them, and the text of each feature's elements as the
// file has them (empty when they could not be paired with LIBKML's features).
struct KmlTime {
    int when = -1, begin = -1, end = -1, name = -1; // field indices
    bool rule = false; // time = TimeStamp, else TimeSpan (the known KML signature)
    std::vector<KmlFeatureTime> raw;
};

struct FieldPlan {
    core::FieldChoices choice;
    core::TimeParseOptions time_options;
    std::vector<bool> midnight_as_date; // per field: a DateTime column that holds dates
    // The start / end column holds midnights with no zone only (a database or UCDP GED
    // export's `2021-06-30 00:00:00.000`): its values are days, and an end day is inclusive.
    bool start_days = false, end_days = false;
    std::string time_of_day_field; // the name of choice.time.time_of_day, for messages
    KmlTime kml;
    // The sample pass stopped on a driver error (a GPX element over GDAL's size limit, a .dbf
    // whose record length lies) after this many features; -1 when it did not. GDAL's GPX and
    // Shapefile drivers then read nothing after ResetReading, so the reader reopens the source
    // and reports the error as a problem at this feature.
    std::int64_t sample_error_at = -1;
    std::string sample_error; // GDAL's words
    // Per field: a text column that holds double-encoded UTF-8 (mojibake) in the sample; its
    // values are repaired where the repair is lossless (incident_row).
    std::vector<bool> repair_text;
};

// Per field (of `nf`, in the plan's order): whether turning a row into an incident reads it
// (incident_row: the time, end, precision and time-of-day fields, KML's, the category, size
// and place precision, and the text columns repaired).
std::vector<bool> fields_read_by(const FieldPlan& plan, std::size_t nf);

// Samples the layers (their fields in the set's union order) and chooses the fields (user
// overrides first); notes go to `report`, whose fields are the set's.
FieldPlan plan_fields(const LayerSet& set, const core::FieldChoiceOverrides& user, KmlTime kml,
                      core::LoadReport& report);
// The choice from already sampled values (one sample per field, in layer order): used by
// plan_fields and by the fast readers, which sample without GDAL. Fills `plan` except
// midnight_as_date.
void plan_from_samples(const std::vector<core::FieldSample>& samples,
                       const core::FieldChoiceOverrides& user, KmlTime kml,
                       core::LoadReport& report, FieldPlan& plan);
// The times of LIBKML layers as written in the file, the layers' features one after the
// other; `raw` stays empty when the file cannot be paired with the layers one to one (then
// GDAL's values are used). Field indices are the set's union indices.
KmlTime kml_time_fields(GDALDataset& ds, const LayerSet& set, const std::string& path);

} // namespace incimap::geo
