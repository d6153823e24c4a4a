#pragma once
// Re-querying PostGIS layers as the user pans, zooms and scrubs. A table over the row budget
// is loaded as a region (geo/gdal/postgis_source.hpp); when the view or the time window leaves
// what was fetched, a new region (the view and the window, with room around them) is fetched
// on a worker thread, debounced (a drag or a scrub settles first), latest wins (a fetch made
// stale by a newer request is cancelled), and the finished table is handed to the main
// thread whole, like the loader's. One fetch runs at a time (on a scene::Worker).

#include "scene/map_scene.hpp"
#include "core/camera.hpp"
#include "core/time_window.hpp"
#include "geo/reader.hpp"
#include "scene/worker.hpp"

#include <optional>
#include <string>
#include <vector>

namespace incimap::scene {

// What the camera shows, in lon/lat, widened by `margin_px` on each side (a marker drawn from
// just outside still reaches in); nullopt when an edge leaves the projection's domain.
std::optional<core::LonLatBox> visible_lonlat(const MapScene& scene, const core::Camera& camera,
                                              double margin_px);

// The window's read options: PostGIS tables over the budget are read by region
// ($INCIMAP_PUSHDOWN = auto (default) | always | never); files are unaffected.
geo::ReadOptions with_remote_regions(geo::ReadOptions options);

class RemoteQuery {
public:
    struct Fetched {
        std::size_t layer = 0; // index in the scene
        geo::ReadResult read;
    };

    explicit RemoteQuery(double debounce_s = 0.3) : m_debounce_s(debounce_s) {}
    ~RemoteQuery();
    RemoteQuery(const RemoteQuery&) = delete;
    RemoteQuery& operator=(const RemoteQuery&) = delete;

    // A layer the scene holds as a fetched region of `path` (read with `options`).
    void track(std::size_t layer, std::string path, geo::ReadOptions options,
               geo::QueryRegion fetched);
    bool active() const { return !m_layers.empty(); }
    bool busy() const { return m_worker.busy() || m_pending.has_value(); }

    // Each frame: what the user looks at now. Schedules a fetch for each layer whose fetched
    // region does not cover the view and the window, starts it once the view has been still
    // for the debounce, and returns a finished fetch (the scene's layer to replace), if any.
    std::optional<Fetched> update(const std::optional<core::LonLatBox>& view,
                                  const core::TimeWindow& window, double now_s);

    // Cancel (the side panel's): stops the fetch — one stuck on a server that stopped
    // answering is left behind within kDetachAfter — and asks again only once the view or
    // the window leaves what was asked.
    void cancel();

    // For the status bar: "remote: showing the view and window" (and whether a fetch runs).
    std::string status() const;

private:
    struct Tracked {
        std::size_t layer = 0;
        std::string path;
        geo::ReadOptions options;
        geo::QueryRegion fetched;
        geo::QueryRegion wanted; // last requested; equal to fetched once it arrived
    };
    struct Request {
        std::size_t tracked = 0;
        geo::QueryRegion region;
    };
    // What a fetch hands back: which request it answers, and the read.
    struct Answer {
        Request request;
        geo::ReadResult read;
    };
    void start(const Request& request);

    double m_debounce_s;
    std::vector<Tracked> m_layers;
    std::optional<Request> m_pending;
    std::optional<core::LonLatBox> m_seen_view; // last frame's, to tell when it moves
    core::TimeWindow m_seen_window;
    double m_changed_s = 0; // when the view or the window last changed
    std::size_t m_running_tracked = 0; // while m_worker is busy
    std::string m_last_error;
    bool m_cancelled = false; // by cancel(), until the fetch's answer (or its abandonment)
    // The fetch owns its path and options: one stuck on a server that stopped answering is
    // left behind (detached) when the window closes.
    Worker<Answer> m_worker;
};

} // namespace incimap::scene
