#include "geo/gdal/gdal_runtime.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <gdal.h>
#include <ogr_srs_api.h>

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

// The guard that refusals on this thread are reported to (the innermost one).
thread_local NetworkGuard* t_guard = nullptr;

// A file name no URL can have: /vsicurl/ (and /vsis3/, /vsigs/, … built on it) opens only
// the file named by CPL_VSIL_CURL_ALLOWED_FILENAME, and no file when it is this.
constexpr const char* kNoRemoteFile = "incimap: network access is off";

} // namespace

struct NetworkGuardAccess {
    static void note(NetworkGuard& guard, std::string url) {
        if (guard.m_refused.size() < 8)
            guard.m_refused.push_back(std::move(url));
    }
};

namespace {

// Stands in for GDAL's HTTP client while network access is off: no connection, an error.
CPLHTTPResult* refuse_fetch(const char* url, CSLConstList /*options*/,
                            GDALProgressFunc /*progress*/, void* /*progress_arg*/,
                            CPLHTTPFetchWriteFunc /*write*/, void* /*write_arg*/,
                            void* /*user_data*/) {
    const std::string u = url ? url : "";
    if (t_guard != nullptr)
        NetworkGuardAccess::note(*t_guard, u);
    CPLError(CE_Failure, CPLE_AppDefined, "not fetched, network access is off: %s", u.c_str());
    auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    result->nStatus = 1;
    result->pszErrBuf = CPLStrdup("network access is off");
    return result;
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
        // A KMZ's doc.kml may list its layers as NetworkLinks to any path; read the .kml
        // files inside the archive instead.
        CPLSetConfigOption("LIBKML_USE_DOC.KML", "NO");
        // KML styles given by URL are not fetched (GDAL's default, made explicit).
        CPLSetConfigOption("LIBKML_EXTERNAL_STYLE", "NO");
        // A GeoPackage's views and triggers cannot open other data sources (VirtualOGR).
        CPLSetConfigOption("ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW", "NO");
        CPLSetConfigOption("OGR_SQLITE_LOAD_EXTENSIONS", nullptr);
        GDALAllRegister();
        // Datum grids come with the system's PROJ, never from its CDN.
        OSRSetPROJEnableNetwork(FALSE);
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

NetworkGuard::NetworkGuard(bool allow_network) : m_outer(t_guard) {
    init_gdal();
    t_guard = this;
    if (allow_network)
        return; // an outer guard that blocks still does: the strictest wins
    m_blocking = true;
    CPLHTTPPushFetchCallback(refuse_fetch, nullptr);
    if (const char* previous =
            CPLGetThreadLocalConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", nullptr)) {
        m_had_previous = true;
        m_previous_curl_filter = previous;
    }
    CPLSetThreadLocalConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", kNoRemoteFile);
}

NetworkGuard::~NetworkGuard() {
    if (m_blocking) {
        CPLHTTPPopFetchCallback();
        CPLSetThreadLocalConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME",
                                      m_had_previous ? m_previous_curl_filter.c_str() : nullptr);
    }
    // What an inner guard refused, its outer guard refused too.
    if (m_outer != nullptr)
        for (auto& url : m_refused)
            NetworkGuardAccess::note(*m_outer, url);
    t_guard = m_outer;
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
