#include "geo/gdal/csv_marked_missing.hpp"

#include "core/field_detection.hpp"
#include "geo/gdal/source_open.hpp"
#include "geo/read_limits.hpp"

#include <cpl_string.h>

#include <string_view>
#include <utility>

namespace incimap::geo {

namespace {

// The first field named in `names` (a comma-separated list, compared without case).
std::string first_named(OGRFeatureDefn& defn, std::string_view names) {
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string_view field = defn.GetFieldDefn(i)->GetNameRef();
        for (std::string_view rest = names; !rest.empty();) {
            const std::size_t comma = rest.find(',');
            const std::string_view name = rest.substr(0, comma);
            if (name.size() == field.size() && EQUALN(name.data(), field.data(), name.size()))
                return std::string(field);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    return {};
}

} // namespace

CsvMarkedMissing::CsvMarkedMissing(std::string open_path, std::uint64_t budget, OGRLayer& layer)
    : m_path(std::move(open_path)), m_budget(budget),
      m_lon(first_named(*layer.GetLayerDefn(), kCsvLongitudeNames)),
      m_lat(first_named(*layer.GetLayerDefn(), kCsvLatitudeNames)) {}

bool CsvMarkedMissing::worth_a_look(const OGRFeature& feature) {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (g == nullptr)
        return true;
    if (wkbFlatten(g->getGeometryType()) != wkbPoint)
        return false;
    const auto* p = g->toPoint();
    return p->getX() == 0 || p->getY() == 0;
}

bool CsvMarkedMissing::open() {
    if (m_tried)
        return m_layer != nullptr;
    m_tried = true;
    // No X/Y names: the coordinate columns stay text, as written.
    CPLStringList options;
    options.SetNameValue("MAX_LINE_SIZE", std::to_string(gdal_csv_max_line(m_budget)).c_str());
    options.SetNameValue("AUTODETECT_TYPE", "NO");
    const char* const csv[] = {"CSV", nullptr};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    m_ds.reset(GDALDataset::Open(m_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, csv,
                                 options.List(), nullptr));
    CPLPopErrorHandler();
    if (m_ds && m_ds->GetLayerCount() == 1)
        m_layer = m_ds->GetLayer(0);
    return m_layer != nullptr;
}

std::string CsvMarkedMissing::reason(GIntBig fid) {
    if (fid == OGRNullFID || m_lon.empty() || m_lat.empty() || !open())
        return {};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (m_at && m_at->GetFID() > fid) { // read again from the start
        m_layer->ResetReading();
        m_at.reset();
    }
    while (!m_at || m_at->GetFID() < fid) {
        m_at.reset(m_layer->GetNextFeature());
        if (!m_at)
            break;
    }
    CPLPopErrorHandler();
    if (!m_at || m_at->GetFID() != fid)
        return {};
    auto text = [&](const std::string& name) -> std::string {
        const int i = m_at->GetFieldIndex(name.c_str());
        return i >= 0 && m_at->IsFieldSetAndNotNull(i) ? m_at->GetFieldAsString(i) : "";
    };
    return core::coordinates_marked_missing(text(m_lon), text(m_lat));
}

} // namespace incimap::geo
