#pragma once
// Opening a data source safely: checks on the path (missing, directory, empty, network,
// virtual file systems, zip archives), driver identification against the whitelist, and
// driver-specific open options.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

namespace incimap::geo {

// The CSV columns GDAL's CSV driver is told to take coordinates from (X/Y/Z_POSSIBLE_NAMES,
// compared without case); the fast CSV reader uses the same lists.
inline constexpr const char* kCsvLongitudeNames =
    "longitude,lon,lng,long,x,xcoord,x_coord,longitud,lon_dd,Longitude,LONGITUDE,"
    "ActionGeo_Long"; // GDELT events
inline constexpr const char* kCsvLatitudeNames =
    "latitude,lat,y,ycoord,y_coord,latitud,lat_dd,Latitude,LATITUDE,ActionGeo_Lat";
inline constexpr const char* kCsvHeightNames = "z,elevation,altitude,depth";

// A private copy of an SQLite-based input (GeoPackage) that has a -wal or -journal beside it,
// removed with its folder when the source is closed. GDAL 3.6 reopens such a file read-write
// when it closes it, to checkpoint the -wal into it and delete the -wal and -shm: reading
// would change the input. SQLite's immutable mode would leave it alone but ignores the -wal
// (its features would be missing), so the copy is what is read.
class PrivateCopy {
public:
    PrivateCopy() = default;
    explicit PrivateCopy(std::string dir) : m_dir(std::move(dir)) {}
    PrivateCopy(PrivateCopy&& other) noexcept : m_dir(std::exchange(other.m_dir, {})) {}
    PrivateCopy& operator=(PrivateCopy&& other) noexcept;
    PrivateCopy(const PrivateCopy&) = delete;
    PrivateCopy& operator=(const PrivateCopy&) = delete;
    ~PrivateCopy();

private:
    std::string m_dir;
};

struct OpenedSource {
    PrivateCopy copy; // declared first: removed after the dataset is closed
    GDALDatasetUniquePtr dataset;
    std::string driver; // GDAL short name
    std::string error;  // set when dataset is null: one line, what and why
    std::string note;   // something the reader should tell (a journal rolled back in the copy)
};

struct OpenLimits {
    bool allow_network = false;            // URLs and /vsicurl/-style paths
    std::uint64_t max_unpacked_bytes = 0;  // what a zip archive may unpack to; 0: memory_budget(0)
    const std::atomic<bool>* cancel = nullptr;
};

// Checks the path, then opens it with the whitelisted driver that identifies it. Refused
// before any driver runs: network paths (unless allowed), virtual file systems other than
// /vsizip/, and zip archives (typed, KMZ or zipped Shapefile) that unpack to more than the
// budget or to more than they state. GDAL reaches no network while it opens (NetworkGuard).
OpenedSource open_vector_source(const std::string& path, const OpenLimits& limits);
inline OpenedSource open_vector_source(const std::string& path, bool allow_network) {
    return open_vector_source(path, OpenLimits{allow_network, 0, nullptr});
}


} // namespace incimap::geo
