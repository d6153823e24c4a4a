#include "geo/gdal_runtime.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

namespace incimap::geo {

namespace {

void CPL_STDCALL collect_error(CPLErr level, CPLErrorNum /*code*/, const char* message) {
    auto* capture = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (capture == nullptr || level == CE_Debug || level == CE_None)
        return;
    // Keep memory bounded when a broken file raises an error per feature.
    if (capture->messages().size() < 1000)
        capture->push(level >= CE_Failure, message ? message : "");
}

} // namespace

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Never reach out to the network or to other files on a data file's behalf; the
        // user opts in explicitly (issue 6 adds --allow-network).
        CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "10");
        CPLSetConfigOption("CPL_VSIL_CURL_USE_HEAD", "NO");
        CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
        CPLSetConfigOption("CPL_DEBUG", "OFF");
        GDALAllRegister();
    });
}

const std::vector<const char*>& allowed_vector_drivers() {
    static const std::vector<const char*> k_drivers{
        "GeoJSON", "GeoJSONSeq", "TopoJSON", "CSV", "LIBKML", "KML",
        "GPKG",    "ESRI Shapefile", "FlatGeobuf", "GPX",
        // A team store, only ever named by the user ("PG:dbname=…"): never reached from a file.
        "PostgreSQL", nullptr};
    return k_drivers;
}

ErrorCapture::ErrorCapture() { CPLPushErrorHandlerEx(collect_error, this); }
ErrorCapture::~ErrorCapture() { CPLPopErrorHandler(); }

void ErrorCapture::push(bool is_error, std::string text) {
    m_messages.push_back({is_error, std::move(text)});
}

std::string ErrorCapture::last_error() const {
    for (auto it = m_messages.rbegin(); it != m_messages.rend(); ++it)
        if (it->is_error)
            return it->text;
    return {};
}

} // namespace incimap::geo
