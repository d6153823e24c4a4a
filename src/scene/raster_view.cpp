#include "scene/raster_view.hpp"

#include <algorithm>
#include <cmath>

namespace incimap::scene {

namespace {

bool contains(const core::MapBox& outer, const core::MapBox& inner) {
    return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x &&
           inner.min_y >= outer.min_y && inner.max_y <= outer.max_y;
}

// A vector MBTiles file or a raster (file or tile URL): the one the worker's job reads.
bool read_any(const std::string& path, const geo::TileAccess& access,
              const std::shared_ptr<geo::VectorTileCache>& cache, const geo::VectorStyle& style,
              const core::MapBox& box, int width, int height, const std::string& crs,
              geo::RasterImage& image, std::string& error, const std::atomic<bool>* cancel) {
    if (geo::is_vector_mbtiles(path)) {
        auto source = geo::VectorTileSource::open(path, error, cache);
        return source && source->read(box, width, height, crs, style, image, error, cancel);
    }
    auto source = geo::RasterSource::open_any(path, access, error);
    return source && source->read(box, width, height, crs, image, error, cancel);
}

render::PlaceLabel place_label(const geo::MapLabel& l) { return {l.at, l.name, l.rank}; }

} // namespace

bool RasterView::same_style(const geo::VectorStyle& a, const geo::VectorStyle& b) {
    return a.land == b.land && a.water == b.water;
}

void RasterView::show(render::MapRenderer& renderer, geo::RasterImage& image) {
    renderer.raster().upload(image.rgba, image.width, image.height, image.box);
    std::vector<render::PlaceLabel> labels;
    labels.reserve(image.labels.size());
    for (const auto& l : image.labels)
        labels.push_back(place_label(l));
    renderer.set_basemap_places(std::move(labels));
}

bool RasterView::set_file(const std::string& path, std::string& error) {
    std::unique_ptr<geo::VectorTileSource> vector;
    std::unique_ptr<geo::RasterSource> source;
    if (geo::is_vector_mbtiles(path)) {
        vector = geo::VectorTileSource::open(path, error, m_tile_cache);
        if (!vector)
            return false;
    } else {
        source = geo::RasterSource::open_any(path, m_access, error);
        if (!source)
            return false;
    }
    m_job.cancel();
    m_path = path;
    m_attribution = vector ? vector->attribution() : source->attribution();
    m_source = std::move(source);
    m_vector = std::move(vector);
    ++m_generation;
    m_asked.reset();
    m_failed.reset();
    m_last_error.clear();
    return true;
}

void RasterView::clear() {
    m_job.cancel();
    m_path.clear();
    m_attribution.clear();
    m_source.reset();
    m_vector.reset();
    ++m_generation;
    m_asked.reset();
    m_failed.reset();
    m_last_error.clear();
}

RasterView::Request RasterView::wanted(const core::Camera& camera, const std::string& crs,
                                       double margin) const {
    Request r;
    const core::MapBox view = camera.visible_box();
    const double mx = view.width() * margin, my = view.height() * margin;
    r.box = {view.min_x - mx, view.min_y - my, view.max_x + mx, view.max_y + my};
    double upp = camera.units_per_px();
    // Bounded: a huge viewport is read coarser rather than over the texture limit.
    upp = std::max({upp, r.box.width() / kMaxSidePx, r.box.height() / kMaxSidePx});
    r.width = std::max(1, static_cast<int>(std::lround(r.box.width() / upp)));
    r.height = std::max(1, static_cast<int>(std::lround(r.box.height() / upp)));
    r.crs = crs;
    r.generation = m_generation;
    r.style = m_style;
    return r;
}

// The image holds the whole view, in this CRS and file, at a resolution within a factor of
// 1.5 finer or 2 coarser than the view's (beyond that it looks blurred, or is wasted work).
bool RasterView::covers(const Request& have, const core::Camera& camera,
                        const std::string& crs) const {
    if (have.generation != m_generation || have.crs != crs ||
        (m_vector && !same_style(have.style, m_style)))
        return false;
    const double ratio = have.units_per_px() / camera.units_per_px();
    return ratio <= 1.5 && ratio >= 0.5 && contains(have.box, camera.visible_box());
}

bool RasterView::sync(render::MapRenderer& renderer, const core::Camera& camera,
                      const std::string& crs, std::string& error) {
    if (m_path.empty()) {
        if (!renderer.raster().empty())
            renderer.raster().clear();
        renderer.set_basemap_places({});
        m_shown.reset();
        return true;
    }
    m_style = geo::vector_style(renderer.style().land, renderer.style().water);
    if (!m_async) {
        if (m_shown && covers(*m_shown, camera, crs))
            return true;
        const Request r = wanted(camera, crs, 0.0);
        geo::RasterImage image;
        ++m_reads;
        const bool read = m_vector ? m_vector->read(r.box, r.width, r.height, r.crs, r.style,
                                                    image, error)
                                   : m_source->read(r.box, r.width, r.height, r.crs, image, error);
        if (!read) {
            m_last_error = error;
            renderer.raster().clear();
            renderer.set_basemap_places({});
            m_shown.reset();
            return false;
        }
        const std::string warning = image.warning; // drawn, but not whole: said once
        show(renderer, image);
        m_shown = r;
        m_last_error.clear();
        if (!warning.empty()) {
            error = warning;
            return false;
        }
        return true;
    }

    bool ok = true;
    if (auto done = m_job.poll()) {
        if (done->request.generation == m_generation && done->request.crs == crs) {
            if (!done->error.empty() && done->error != "cancelled") {
                error = done->error;
                m_last_error = error;
                m_failed = done->request;
                ok = false;
            } else if (done->error.empty()) {
                const std::string warning = done->image.warning; // drawn, not whole
                show(renderer, done->image);
                m_shown = done->request;
                m_last_error.clear();
                if (!warning.empty()) {
                    error = warning;
                    ok = false;
                }
            }
        }
        if (m_asked && m_asked->generation == done->request.generation &&
            m_asked->box.min_x == done->request.box.min_x &&
            m_asked->width == done->request.width)
            m_asked.reset();
    }
    if (m_shown && (m_shown->generation != m_generation || m_shown->crs != crs)) {
        renderer.raster().clear(); // another file or CRS: the old image is wrong, not stale
        renderer.set_basemap_places({});
        m_shown.reset();
    }
    if ((m_shown && covers(*m_shown, camera, crs)) || (m_asked && covers(*m_asked, camera, crs)) ||
        (m_failed && covers(*m_failed, camera, crs)))
        return ok;
    const Request r = wanted(camera, crs, 0.25);
    m_asked = r;
    ++m_reads;
    m_job.request([path = m_path, access = m_access, cache = m_tile_cache, r](JobControl& control) {
        Result out;
        out.request = r;
        read_any(path, access, cache, r.style, r.box, r.width, r.height, r.crs, out.image,
                 out.error, &control.cancel_flag());
        return out;
    });
    return ok;
}

} // namespace incimap::scene
