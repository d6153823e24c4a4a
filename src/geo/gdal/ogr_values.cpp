#include "geo/gdal/ogr_values.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace incimap::geo {

core::FieldType field_type_of(const OGRFieldDefn& field) {
    switch (field.GetType()) {
    case OFTInteger:
    case OFTInteger64: return core::FieldType::Integer;
    case OFTReal: return core::FieldType::Real;
    case OFTString: return core::FieldType::String;
    case OFTDate: return core::FieldType::Date;
    case OFTDateTime: return core::FieldType::DateTime;
    case OFTTime: return core::FieldType::Time;
    default: return core::FieldType::Other;
    }
}

namespace {

std::string iso_from_ogr(const OGRFeature& feature, int field, OGRFieldType type) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float s = 0;
    const_cast<OGRFeature&>(feature).GetFieldAsDateTime(field, &y, &mo, &d, &h, &mi, &s, &tz);
    // GDAL keeps whatever seconds the text held (a fuzzed KML had 9.2e18, whose conversion
    // to int is undefined): outside a minute's range the value is shown as GDAL writes it.
    if (type != OFTDate && !(s >= 0.0f && s < 61.0f))
        return const_cast<OGRFeature&>(feature).GetFieldAsString(field);
    char buf[64];
    if (type == OFTDate) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
        return buf;
    }
    if (type == OFTTime) {
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, static_cast<int>(s));
        return buf;
    }
    const int whole = static_cast<int>(std::floor(s));
    const int millis = static_cast<int>(std::lround((s - static_cast<float>(whole)) * 1000.0f));
    int n = millis > 0 && millis < 1000
                ? std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", y, mo, d, h,
                                mi, whole, millis)
                : std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi,
                                whole);
    std::string out(buf, static_cast<std::size_t>(n));
    // GDAL's TZFlag: 0 unknown, 1 local time (both "no zone given"), 100 = UTC, and
    // 100 ± k for an offset of k quarter hours.
    if (tz == 100) {
        out += 'Z';
    } else if (tz > 1) {
        const int minutes = (tz - 100) * 15;
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                      std::abs(minutes) / 60, std::abs(minutes) % 60);
        out += buf;
    }
    return out;
}

} // namespace

bool is_midnight_without_zone(const OGRFeature& feature, int field) {
    if (!feature.IsFieldSetAndNotNull(field) ||
        feature.GetFieldDefnRef(field)->GetType() != OFTDateTime)
        return false;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float s = 0;
    const_cast<OGRFeature&>(feature).GetFieldAsDateTime(field, &y, &mo, &d, &h, &mi, &s, &tz);
    return h == 0 && mi == 0 && s == 0.0f && tz <= 1; // TZFlag 0/1: unknown or local
}

std::optional<std::string> field_text(const OGRFeature& feature, int field, bool midnight_as_date) {
    if (!feature.IsFieldSetAndNotNull(field))
        return std::nullopt;
    OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
    if (midnight_as_date && is_midnight_without_zone(feature, field))
        type = OFTDate;
    std::string text;
    if (type == OFTDate || type == OFTDateTime || type == OFTTime)
        text = iso_from_ogr(feature, field, type);
    else
        text = feature.GetFieldAsString(field);
    if (!core::is_valid_utf8(text))
        text = core::sanitize_utf8(text);
    return text;
}

} // namespace incimap::geo
