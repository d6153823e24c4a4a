#include "geo/raster_basemap.hpp"

#include "core/attributes.hpp"
#include "geo/gdal/gdal_runtime.hpp"
#include "geo/same_host_proxy.hpp"
#include "geo/tile_cache.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

namespace incimap::geo {

namespace {

constexpr int kMaxSide = 8192; // px: a read larger than this is a caller's mistake

struct DatasetCloser {
    void operator()(GDALDatasetH ds) const {
        if (ds != nullptr)
            GDALClose(ds);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

// No side file (.aux.xml) is ever written next to a basemap while this lives on the thread.
class NoSideFiles {
public:
    NoSideFiles() {
        if (const char* v = CPLGetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr))
            m_previous = v, m_had = true;
        CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
    }
    ~NoSideFiles() {
        CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", m_had ? m_previous.c_str() : nullptr);
    }
    NoSideFiles(const NoSideFiles&) = delete;
    NoSideFiles& operator=(const NoSideFiles&) = delete;

private:
    std::string m_previous;
    bool m_had = false;
};

// GDAL's last error on one line (the WMS driver's span several), or `fallback`.
std::string last_error_or(const ErrorCapture& errors, const std::string& fallback) {
    std::string e = core::sanitize_utf8(errors.last_error());
    for (char& c : e)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    if (e.size() > 300)
        e = e.substr(0, 300) + "…";
    return e.empty() ? fallback : e;
}

std::string xml_escaped(const std::string& text) {
    std::string out;
    for (char c : text)
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string host_of(const std::string& url) {
    const std::size_t start = url.find("://") + 3;
    return url.substr(start, url.find('/', start) - start);
}

// What went wrong with a tile server, in a few words, from the WMS driver's message (which
// may quote a whole HTML page).
std::string tile_failure(const std::string& gdal_message, int timeout_s) {
    const auto has = [&](const char* text) { return gdal_message.find(text) != std::string::npos; };
    if (has("timed out"))
        return "did not answer within " + std::to_string(timeout_s) + " s";
    if (has("Couldn't connect") || has("Could not resolve") || has("Failed to connect"))
        return has("HTTP status code: 3") ? "redirected to a server that cannot be reached"
                                          : "cannot be reached";
    if (const auto at = gdal_message.find("HTTP status code: "); at != std::string::npos) {
        const int code = std::atoi(gdal_message.c_str() + at + 18);
        if (code >= 300)
            return "answered HTTP " + std::to_string(code);
    }
    if (has("ReadBlockFromFile") || has("decode") || has("not recognized"))
        return "answered with something that is not a 256 px map tile (a web page, a broken "
               "or oversized image)";
    std::string text = gdal_message.substr(0, 160);
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return "failed (" + (text.empty() ? std::string("no tile") : text) + ")";
}

// Seconds a tile request may take: INCIMAP_TILE_TIMEOUT_S (1…60) or 10.
int tile_timeout_s() {
    if (const char* v = std::getenv("INCIMAP_TILE_TIMEOUT_S")) {
        const int s = std::atoi(v);
        if (s >= 1 && s <= 60)
            return s;
    }
    return 10;
}

// GDAL's WMS driver over an XYZ template: Web Mercator tiles of 256 px, zoom 0…19, at most 4
// requests at a time, a 10 s timeout each, a disk cache, and no fetch at all when offline.
std::string tile_service_xml(const std::string& url_template, const std::string& cache_folder,
                             bool offline) {
    std::string url = url_template;
    for (const char* k : {"z", "x", "y"})
        url = replaced(url, std::string("{") + k + "}", std::string("${") + k + "}");
    return "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>" + xml_escaped(url) +
           "</ServerUrl></Service><DataWindow><UpperLeftX>-20037508.34</UpperLeftX>"
           "<UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX>"
           "<LowerRightY>-20037508.34</LowerRightY><TileLevel>19</TileLevel>"
           "<TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin>"
           "</DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
           "<BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount>"
           "<MaxConnections>4</MaxConnections><Timeout>" + std::to_string(tile_timeout_s()) +
           "</Timeout>"
           "<UserAgent>incimap (desktop incident map; GDAL WMS driver)</UserAgent>"
           "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
           "<Cache><Path>" + xml_escaped(cache_folder) + "</Path></Cache>"
           "<OfflineMode>" + (offline ? "true" : "false") + "</OfflineMode></GDAL_WMS>";
}

// "gdal_translate -of VRT <args>" in memory: the bands a warp reads (RGB(A) or grey(+alpha)).
DatasetPtr translate_to_vrt(GDALDatasetH src, std::vector<const char*> args) {
    args.insert(args.begin(), {"-of", "VRT"});
    args.push_back(nullptr);
    GDALTranslateOptions* options =
        GDALTranslateOptionsNew(const_cast<char**>(args.data()), nullptr);
    if (options == nullptr)
        return nullptr;
    DatasetPtr out(GDALTranslate("", src, options, nullptr));
    GDALTranslateOptionsFree(options);
    return out;
}

bool is_alpha(GDALDatasetH ds, int band) {
    return GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, band)) == GCI_AlphaBand;
}

int CPL_STDCALL progress_or_cancel(double, const char*, void* arg) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(arg);
    return cancel == nullptr || !cancel->load(std::memory_order_relaxed) ? TRUE : FALSE;
}

std::string file_name(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

} // namespace

// The opened file and the view of it a warp reads: the file itself, or an in-memory VRT over
// it that expands a palette or keeps three colour bands (closed first: it refers to the file).
struct RasterSource::Dataset {
    DatasetPtr file;
    DatasetPtr bands;
    int colour_bands = 3; // 1 (grey) or 3 (RGB); plus an alpha band in the warp's output
    GDALDatasetH warp_source() const { return bands ? bands.get() : file.get(); }
    ~Dataset() { bands.reset(); }
};

RasterSource::~RasterSource() = default;

const std::vector<const char*>& allowed_raster_drivers() {
    static const std::vector<const char*> k_drivers{"GTiff", "COG", "MBTiles", "GPKG", nullptr};
    return k_drivers;
}

std::unique_ptr<RasterSource> RasterSource::open(const std::string& path, std::string& error) {
    init_gdal();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (path.empty() || ec || !std::filesystem::exists(status)) {
        error = path + ": no such file; give a GeoTIFF or a raster MBTiles file";
        return nullptr;
    }
    if (!std::filesystem::is_regular_file(status)) {
        error = path + ": not a regular file; give a GeoTIFF or a raster MBTiles file";
        return nullptr;
    }
    NetworkGuard network(false);
    NoSideFiles no_side_files;
    ErrorCapture errors;
    const auto& drivers = allowed_raster_drivers();
    DatasetPtr file(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY,
                               drivers.data(), nullptr, nullptr));
    if (!file) {
        if (GDALIdentifyDriverEx(path.c_str(), GDAL_OF_RASTER, drivers.data(), nullptr) ==
            nullptr) {
            const bool vector = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR,
                                                     drivers.data(), nullptr) != nullptr;
            error = path + (vector ? ": holds vector tiles or features, not an image; a raster "
                                     "basemap is a GeoTIFF/COG or a raster (PNG/JPEG) MBTiles"
                                   : ": not a raster basemap incimap reads; give a GeoTIFF/COG "
                                     "or a raster MBTiles file (gdal_translate converts others)");
        } else {
            error = path + ": cannot be read (" +
                    last_error_or(errors, "damaged or truncated") + "); is it a complete file?";
        }
        return nullptr;
    }
    const int band_count = GDALGetRasterCount(file.get());
    double gt[6];
    if (band_count == 0 || GDALGetSpatialRef(file.get()) == nullptr ||
        GDALGetGeoTransform(file.get(), gt) != CE_None) {
        error = path + (band_count == 0
                            ? ": holds no image bands"
                            : ": has no georeferencing (no CRS or geotransform); georeference "
                              "it first (e.g. gdal_translate -a_srs EPSG:4326 -a_ullr …)");
        return nullptr;
    }
    if (GDALGetRasterDataType(GDALGetRasterBand(file.get(), 1)) != GDT_Byte) {
        error = path + ": its pixels are not 8-bit colours (elevation or other measurements?); " +
                "make an image of it first (e.g. gdaldem color-relief or gdal_translate -scale " +
                "-ot Byte)";
        return nullptr;
    }

    auto out = std::unique_ptr<RasterSource>(new RasterSource);
    out->m_ds = std::make_unique<Dataset>();
    Dataset& ds = *out->m_ds;
    GDALRasterBandH first = GDALGetRasterBand(file.get(), 1);
    std::vector<const char*> pick; // the bands a warp reads, when not the file's own
    const bool palette = band_count == 1 && GDALGetRasterColorTable(first) != nullptr;
    if (palette)
        pick = {"-expand", "rgba"};
    else if (band_count >= 3 && !(band_count == 3 || (band_count == 4 && is_alpha(file.get(), 4))))
        pick = {"-b", "1", "-b", "2", "-b", "3"};
    else if (band_count == 2 && !is_alpha(file.get(), 2))
        pick = {"-b", "1"};
    ds.colour_bands = band_count >= 3 || palette ? 3 : 1;
    if (!pick.empty()) {
        ds.bands = translate_to_vrt(file.get(), pick);
        if (!ds.bands) {
            error = path + ": its bands cannot be read as colours (" +
                    last_error_or(errors, "unknown layout") + ")";
            return nullptr;
        }
    }
    out->m_driver = GDALGetDriverShortName(GDALGetDatasetDriver(file.get()));
    out->m_path = path;
    for (const char* key : {"attribution", "ATTRIBUTION", "TIFFTAG_COPYRIGHT"})
        if (const char* v = GDALGetMetadataItem(file.get(), key, nullptr); v && *v) {
            out->m_attribution = plain_attribution(core::sanitize_utf8(v));
            if (!out->m_attribution.empty())
                break;
        }
    if (out->m_attribution.empty())
        out->m_attribution = "basemap: " + core::sanitize_utf8(file_name(path));
    if (out->m_attribution.size() > 160)
        out->m_attribution.resize(160);
    ds.file = std::move(file);
    return out;
}

std::string plain_attribution(const std::string& html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<')
            in_tag = true;
        else if (c == '>')
            in_tag = false;
        else if (!in_tag)
            out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    const auto first = out.find_first_not_of(' ');
    return first == std::string::npos ? "" : out.substr(first, out.find_last_not_of(' ') - first + 1);
}

bool is_tile_url(const std::string& text) {
    const bool scheme = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>';
    });
    return scheme && plain && text.size() <= 2000 && text.find("{z}") != std::string::npos &&
           text.find("{x}") != std::string::npos && text.find("{y}") != std::string::npos;
}

std::unique_ptr<RasterSource> RasterSource::open_tiles(const std::string& url,
                                                       const TileAccess& access,
                                                       std::string& error) {
    init_gdal();
    if (!is_tile_url(url)) {
        error = url + ": not a tile URL; write it as https://host/{z}/{x}/{y}.png";
        return nullptr;
    }
    const std::string folder = tile_service_folder(access.tiles_root, url);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        error = folder + ": the tile cache cannot be made (" + ec.message() + ")";
        return nullptr;
    }
    NetworkGuard network(access.allow_network);
    NoSideFiles no_side_files;
    ErrorCapture errors;
    const std::string xml = tile_service_xml(url, folder, !access.allow_network);
    const char* wms[] = {"WMS", nullptr};
    DatasetPtr ds(GDALOpenEx(xml.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, wms, nullptr,
                             nullptr));
    if (!ds) {
        error = url + ": " + last_error_or(errors, "GDAL's WMS driver cannot use it");
        return nullptr;
    }
    auto out = std::unique_ptr<RasterSource>(new RasterSource);
    out->m_ds = std::make_unique<Dataset>();
    out->m_ds->colour_bands = 3;
    if (!is_alpha(ds.get(), 4))
        GDALSetRasterColorInterpretation(GDALGetRasterBand(ds.get(), 4), GCI_AlphaBand);
    out->m_ds->file = std::move(ds);
    out->m_driver = "WMS";
    out->m_path = url;
    const std::string host = host_of(url);
    out->m_attribution = host == "tile.openstreetmap.org" || host.ends_with(".tile.openstreetmap.org")
                             ? "© OpenStreetMap contributors"
                             : "tiles: " + core::sanitize_utf8(host);
    out->m_online = true;
    out->m_allow_network = access.allow_network;
    out->m_tiles_root = access.tiles_root;
    return out;
}

std::unique_ptr<RasterSource> RasterSource::open_any(const std::string& path_or_url,
                                                     const TileAccess& access,
                                                     std::string& error) {
    if (path_or_url.rfind("http://", 0) == 0 || path_or_url.rfind("https://", 0) == 0)
        return open_tiles(path_or_url, access, error);
    return open(path_or_url, error);
}

bool RasterSource::read(const core::MapBox& box, int width, int height,
                        const std::string& view_crs, RasterImage& out, std::string& error,
                        const std::atomic<bool>* cancel) const {
    if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide ||
        !(box.width() > 0) || !(box.height() > 0)) {
        error = "raster read of " + std::to_string(width) + "×" + std::to_string(height) +
                " px: nothing to read";
        return false;
    }
    NetworkGuard network(m_allow_network);
    NoSideFiles no_side_files;
    ErrorCapture errors;
    // Online: every request through a proxy that keeps them on the template's host (GDAL
    // follows any redirect, see geo/same_host_proxy.hpp).
    std::optional<SameHostProxy> same_host;
    if (m_online && m_allow_network) {
        same_host.emplace(m_path);
        if (!same_host->ok()) {
            error = m_path + ": cannot guard the tile requests (no local socket); no tiles drawn";
            return false;
        }
    }
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    char* wkt = nullptr;
    const bool srs_ok = OSRSetFromUserInput(srs, view_crs.c_str()) == OGRERR_NONE &&
                        OSRExportToWkt(srs, &wkt) == OGRERR_NONE;
    OSRDestroySpatialReference(srs);
    if (!srs_ok) {
        CPLFree(wkt);
        error = view_crs + ": GDAL does not know this CRS";
        return false;
    }
    const int colour = m_ds->colour_bands;
    DatasetPtr dst(GDALCreate(GDALGetDriverByName("MEM"), "", width, height, colour + 1,
                              GDT_Byte, nullptr));
    if (!dst) {
        CPLFree(wkt);
        error = "raster read: out of memory for " + std::to_string(width) + "×" +
                std::to_string(height) + " px";
        return false;
    }
    double gt[6] = {box.min_x, box.width() / width, 0, box.max_y, 0, -box.height() / height};
    GDALSetGeoTransform(dst.get(), gt);
    GDALSetProjection(dst.get(), wkt);
    CPLFree(wkt);
    GDALSetRasterColorInterpretation(GDALGetRasterBand(dst.get(), colour + 1), GCI_AlphaBand);

    // Bilinear between the overview GDAL picks (the nearest at or above the view's
    // resolution); the output's alpha is 0 where the raster has no data.
    const char* args[] = {"-r", "bilinear", "-dstalpha", "-wo", "INIT_DEST=0", "-wm", "64",
                          nullptr};
    GDALWarpAppOptions* options = GDALWarpAppOptionsNew(const_cast<char**>(args), nullptr);
    GDALWarpAppOptionsSetProgress(options, progress_or_cancel, const_cast<std::atomic<bool>*>(cancel));
    GDALDatasetH src = m_ds->warp_source();
    int usage_error = FALSE;
    GDALDatasetH warped = GDALWarp(nullptr, dst.get(), 1, &src, options, &usage_error);
    GDALWarpAppOptionsFree(options);
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
        error = "cancelled";
        return false;
    }
    bool failed = warped == nullptr;
    for (const auto& m : errors.messages())
        failed = failed || m.is_error;
    if (m_online) // bounded after every read that may have added tiles
        prune_tile_cache(m_tiles_root, tile_cache_bound_bytes());
    if (same_host && !same_host->refused().empty()) {
        error = m_path + ": the tile server redirected to another host (" +
                same_host->refused().front() + "); not followed: tiles are fetched from " +
                same_host->allowed() + " only";
        return false;
    }
    if (failed && same_host && same_host->unreachable()) {
        error = m_path + ": the tile server cannot be reached; no tiles drawn from it";
        return false;
    }
    if (failed) {
        error = m_online ? m_path + ": the tile server " +
                               tile_failure(core::sanitize_utf8(errors.last_error()),
                                            tile_timeout_s()) +
                               "; no tiles drawn from it"
                         : m_path + ": cannot be read here (" +
                               last_error_or(errors, "the warp failed") +
                               "); is the file complete?";
        return false;
    }
    const auto n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    std::vector<std::uint8_t> pixels(n * static_cast<std::size_t>(colour + 1));
    if (GDALDatasetRasterIO(dst.get(), GF_Read, 0, 0, width, height, pixels.data(), width,
                            height, GDT_Byte, colour + 1, nullptr, colour + 1,
                            static_cast<GSpacing>(width) * (colour + 1), 1) != CE_None) {
        error = m_path + ": " + last_error_or(errors, "the warped pixels cannot be read");
        return false;
    }
    out.box = box;
    out.width = width;
    out.height = height;
    out.rgba.resize(n * 4);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &pixels[i * static_cast<std::size_t>(colour + 1)];
        std::uint8_t* q = &out.rgba[i * 4];
        q[0] = p[0];
        q[1] = colour == 3 ? p[1] : p[0];
        q[2] = colour == 3 ? p[2] : p[0];
        q[3] = p[colour];
    }
    return true;
}

} // namespace incimap::geo
