#include "geo/triangulate.hpp"

#include <geos_c.h>

#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace incimap::geo {

namespace {

void quiet(const char* /*fmt*/, ...) {} // GEOS notices: the caller reports failures

struct GeosHandle {
    GEOSContextHandle_t h = GEOS_init_r();
    GeosHandle() {
        GEOSContext_setNoticeHandler_r(h, quiet);
        GEOSContext_setErrorHandler_r(h, quiet);
    }
    ~GeosHandle() { GEOS_finish_r(h); }
};

using Clock = std::chrono::steady_clock;

// GEOS 3.11's interrupt is process-wide: a callback that long operations call now and then,
// and a flag it may set. Each thread that repairs sets its own deadline; the callback runs on
// the thread that checks, so it only stops that thread's repair. (GEOS clears the flag right
// after the callback, in the same call; another thread checking in that instant could take
// the interrupt instead: its triangulation fails and that polygon shows its outline.)
thread_local Clock::time_point t_repair_deadline = Clock::time_point::max();
thread_local const std::atomic<bool>* t_cancel = nullptr; // RepairBudget::cancel, while in use
GEOSInterruptCallback* g_previous_interrupt = nullptr;    // imposed by GEOS's global callback

void check_repair_deadline() {
    if (g_previous_interrupt != nullptr)
        g_previous_interrupt();
    if ((t_repair_deadline != Clock::time_point::max() && Clock::now() > t_repair_deadline) ||
        (t_cancel != nullptr && t_cancel->load(std::memory_order_relaxed)))
        GEOS_interruptRequest();
}

void install_interrupt() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_previous_interrupt = GEOS_interruptRegisterCallback(check_repair_deadline);
    });
}

// The calling thread's GEOS calls watch `cancel` while this lives.
class WatchCancel {
public:
    explicit WatchCancel(const std::atomic<bool>* cancel) {
        if (cancel != nullptr)
            install_interrupt();
        t_cancel = cancel;
    }
    ~WatchCancel() { t_cancel = nullptr; }
    WatchCancel(const WatchCancel&) = delete;
    WatchCancel& operator=(const WatchCancel&) = delete;
};

// GEOSMakeValid, then the triangulation of what it made, stopped at the deadline; null when
// GEOS fails or runs out of time.
GEOSGeometry* repair_and_triangulate(GEOSContextHandle_t h, const GEOSGeometry* poly,
                                     RepairBudget& budget) {
    if (budget.seconds_left <= 0)
        return nullptr;
    install_interrupt();
    const auto started = Clock::now();
    t_repair_deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(budget.seconds_left));
    GEOSGeometry* tris = nullptr;
    if (GEOSGeometry* valid = GEOSMakeValid_r(h, poly)) {
        tris = GEOSConstrainedDelaunayTriangulation_r(h, valid);
        GEOSGeom_destroy_r(h, valid);
    }
    t_repair_deadline = Clock::time_point::max();
    budget.seconds_left -= std::chrono::duration<double>(Clock::now() - started).count();
    return tris;
}

GEOSGeometry* make_ring(GEOSContextHandle_t h, const std::vector<core::MapPoint>& ring) {
    std::size_t n = ring.size();
    const bool closed = n > 0 && ring.front().x == ring.back().x && ring.front().y == ring.back().y;
    const std::size_t count = closed ? n : n + 1;
    if (count < 4)
        return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(count), 2);
    for (std::size_t i = 0; i < count; ++i) {
        const core::MapPoint& p = ring[i % n];
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(h, seq);
}

} // namespace

bool triangulate(const ProjectedPolygon& polygon, std::vector<core::MapPoint>& out,
                 RepairBudget* budget) {
    if (polygon.rings.empty() ||
        (budget != nullptr && budget->cancel != nullptr && budget->cancel->load()))
        return false;
    for (const auto& ring : polygon.rings)
        for (const auto& p : ring)
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                return false;
    thread_local GeosHandle geos;
    GEOSContextHandle_t h = geos.h;
    const WatchCancel watch(budget != nullptr ? budget->cancel : nullptr);
    GEOSGeometry* shell = make_ring(h, polygon.rings[0]);
    if (shell == nullptr)
        return false;
    std::vector<GEOSGeometry*> holes;
    for (std::size_t r = 1; r < polygon.rings.size(); ++r)
        if (GEOSGeometry* hole = make_ring(h, polygon.rings[r]))
            holes.push_back(hole);
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, shell, holes.data(),
                                                  static_cast<unsigned>(holes.size()));
    if (poly == nullptr)
        return false;
    GEOSGeometry* tris = GEOSConstrainedDelaunayTriangulation_r(h, poly);
    if (tris == nullptr) {
        // Invalid input (self-touching rings are common in simplified coastlines): repair
        // and try once more, within the time budget.
        RepairBudget own{kMaxRepairOfOnePolygon_s};
        tris = repair_and_triangulate(h, poly, budget != nullptr ? *budget : own);
    }
    GEOSGeom_destroy_r(h, poly);
    if (tris == nullptr)
        return false;
    const int n = GEOSGetNumGeometries_r(h, tris);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* tri = GEOSGetGeometryN_r(h, tris, i);
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(h, tri);
        const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : nullptr;
        unsigned size = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &size) == 0 || size < 3)
            continue;
        for (unsigned k = 0; k < 3; ++k) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(h, seq, k, &x, &y);
            out.push_back({x, y});
        }
    }
    GEOSGeom_destroy_r(h, tris);
    return true;
}

} // namespace incimap::geo
