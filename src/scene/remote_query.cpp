#include "scene/remote_query.hpp"

#include "geo/gdal/postgis_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <utility>

namespace incimap::scene {

namespace {

constexpr core::UnixMs kOpenStart = std::numeric_limits<core::UnixMs>::min() / 2;
constexpr core::UnixMs kOpenEnd = std::numeric_limits<core::UnixMs>::max() / 2;

// The time the window needs fetched: cumulative shows everything that started before `to`.
core::TimeInterval needed_time(const core::TimeWindow& window) {
    core::TimeInterval t;
    t.start_ms = window.mode == core::TimeMode::Cumulative ? kOpenStart : window.from;
    t.end_ms = window.to;
    return t;
}

bool covers(const geo::QueryRegion& fetched, const std::optional<core::LonLatBox>& view,
            const core::TimeWindow& window) {
    if (fetched.bbox) {
        if (!view)
            return false;
        const core::LonLatBox& f = *fetched.bbox;
        if (view->min_lon < f.min_lon || view->max_lon > f.max_lon ||
            view->min_lat < f.min_lat || view->max_lat > f.max_lat)
            return false;
    }
    if (fetched.time) {
        if (window.is_all())
            return false;
        const core::TimeInterval need = needed_time(window);
        if (need.start_ms < fetched.time->start_ms || need.end_ms > fetched.time->end_ms)
            return false;
    }
    return true;
}

// What to fetch for a view and a window: both with room around them (half the view on each
// side, the window's length on each side) so that small pans and scrubs need no new query.
geo::QueryRegion region_for(const std::optional<core::LonLatBox>& view,
                            const core::TimeWindow& window) {
    geo::QueryRegion r;
    if (view) {
        const double dx = (view->max_lon - view->min_lon) / 2;
        const double dy = (view->max_lat - view->min_lat) / 2;
        core::LonLatBox b;
        b.extend({std::max(-180.0, view->min_lon - dx), std::max(-90.0, view->min_lat - dy)});
        b.extend({std::min(180.0, view->max_lon + dx), std::min(90.0, view->max_lat + dy)});
        if (b.max_lon - b.min_lon < 300) // nearly the whole world: no box
            r.bbox = b;
    }
    if (!window.is_all()) {
        core::TimeInterval t = needed_time(window);
        const core::UnixMs pad = std::max<core::UnixMs>(core::kMsPerDay, window.to - window.from);
        if (t.start_ms > kOpenStart / 2)
            t.start_ms -= pad;
        if (t.end_ms < kOpenEnd / 2)
            t.end_ms += pad;
        r.time = t;
    }
    return r;
}

} // namespace

std::optional<core::LonLatBox> visible_lonlat(const MapScene& scene, const core::Camera& camera,
                                              double margin_px) {
    const double w = camera.viewport_width(), h = camera.viewport_height();
    const double m = margin_px;
    core::LonLatBox box;
    constexpr int kSteps = 16; // along each edge: a projection may bend them in lon/lat
    for (int i = 0; i <= kSteps; ++i) {
        const double f = static_cast<double>(i) / kSteps;
        const double x = -m + f * (w + 2 * m), y = -m + f * (h + 2 * m);
        for (core::ScreenPx s : {core::ScreenPx{x, -m}, core::ScreenPx{x, h + m},
                                 core::ScreenPx{-m, y}, core::ScreenPx{w + m, y}}) {
            const auto ll = scene.projection().inverse(camera.to_map(s));
            if (!ll)
                return std::nullopt;
            box.extend(*ll);
        }
    }
    return box;
}

geo::ReadOptions with_remote_regions(geo::ReadOptions options) {
    geo::Pushdown mode = geo::Pushdown::Auto;
    if (const char* env = std::getenv("INCIMAP_PUSHDOWN"))
        mode = geo::parse_pushdown(env).value_or(geo::Pushdown::Auto);
    geo::set_pushdown(options, mode, geo::QueryRegion{});
    return options;
}

RemoteQuery::~RemoteQuery() = default; // the worker cancels the fetch

void RemoteQuery::track(std::size_t layer, std::string path, geo::ReadOptions options,
                        geo::QueryRegion fetched) {
    // Known to be over budget: later fetches skip the size estimate.
    options.region_above_rows = 0;
    options.progress = nullptr;
    m_layers.push_back({layer, std::move(path), std::move(options), fetched, fetched});
}

void RemoteQuery::start(const Request& request) {
    const Tracked& t = m_layers[request.tracked];
    geo::ReadOptions options = t.options;
    options.region = request.region;
    m_running_tracked = request.tracked;
    m_worker.request([request, path = t.path, options = std::move(options)](
                         JobControl& job) mutable {
        options.cancel = &job.cancel_flag();
        return Answer{request, geo::read_incidents(path, options)};
    });
}

std::optional<RemoteQuery::Fetched> RemoteQuery::update(
    const std::optional<core::LonLatBox>& view, const core::TimeWindow& window, double now_s) {
    std::optional<Fetched> out;
    if (m_worker.abandon_if_stuck()) { // cancelled, and stuck where it cannot look
        if (std::exchange(m_cancelled, false))
            m_last_error = "fetch cancelled";
    } else if (std::optional<Answer> a = m_worker.poll()) {
        Tracked& t = m_layers[a->request.tracked];
        geo::ReadResult& r = a->read;
        if (r.ok && r.report.cancelled && std::exchange(m_cancelled, false)) {
            m_last_error = "fetch cancelled"; // asked again once the view leaves t.wanted
        } else if (r.ok && !r.report.cancelled) {
            t.fetched = r.fetched_region.value_or(a->request.region);
            m_last_error.clear();
            out = Fetched{t.layer, std::move(r)};
        } else if (!r.ok) {
            m_last_error = r.error; // not retried until the view leaves what was asked
        } else if (!(m_pending && m_pending->tracked == a->request.tracked)) {
            t.wanted = t.fetched; // cancelled, and nothing newer asked: ask again when needed
        }
    }
    const bool view_moved =
        view.has_value() != m_seen_view.has_value() ||
        (view && (view->min_lon != m_seen_view->min_lon || view->min_lat != m_seen_view->min_lat ||
                  view->max_lon != m_seen_view->max_lon || view->max_lat != m_seen_view->max_lat));
    if (view_moved || window.from != m_seen_window.from || window.to != m_seen_window.to ||
        window.mode != m_seen_window.mode)
        m_changed_s = now_s;
    m_seen_view = view;
    m_seen_window = window;
    // A layer whose fetched and requested regions both miss what is shown needs a new one;
    // the view moving again restarts the debounce.
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        Tracked& t = m_layers[i];
        if (covers(t.fetched, view, window) || covers(t.wanted, view, window))
            continue;
        t.wanted = region_for(view, window);
        m_pending = Request{i, t.wanted};
        if (m_worker.busy() && m_running_tracked == i)
            m_worker.cancel(); // stale: what it fetches is no longer wanted
        break;
    }
    // Debounced: a drag or a scrub settles for m_debounce_s before the server is asked.
    if (m_pending && !m_worker.busy() && now_s - m_changed_s >= m_debounce_s) {
        start(*m_pending);
        m_pending.reset();
    }
    return out;
}

void RemoteQuery::cancel() {
    if (!m_worker.busy() && !m_pending)
        return;
    m_pending.reset();
    if (m_worker.busy()) {
        m_worker.cancel();
        m_cancelled = true;
    }
}

std::string RemoteQuery::status() const {
    if (m_layers.empty())
        return {};
    std::string s = "remote: showing the view and window";
    if (m_worker.busy() || m_pending)
        s += " (fetching…)";
    if (!m_last_error.empty())
        s += "; last fetch failed: " + m_last_error;
    return s;
}

} // namespace incimap::scene
