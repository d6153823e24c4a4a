// The engine's layer choice (issue 15): File > Open lists a source's layers on a worker first;
// a source with several point layers becomes a question (state.layer_choice) that the layer
// dialog answers (open_layers) or drops (cancel_layer_choice); other sources open at once.
// The answer per source is kept (state.source_layers, the session) and read as --layer reads.

#include "scene/engine.hpp"

#include "geo/gdal/postgis_source.hpp"
#include "scene/paths.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>

namespace incimap::scene {

namespace {

// The same source named two ways (relative and absolute: a session's last view).
bool same_source(const std::string& a, const std::string& b) {
    if (a == b)
        return true;
    if (geo::is_postgis_connection(a) || geo::is_postgis_connection(b))
        return false;
    std::error_code ec1, ec2;
    const auto pa = std::filesystem::absolute(a, ec1), pb = std::filesystem::absolute(b, ec2);
    return !ec1 && !ec2 && pa.lexically_normal() == pb.lexically_normal();
}

} // namespace

void Engine::apply_layer_choice(const core::Commands& c) {
    for (const std::string& f : c.open_asking)
        m_asking.push_back(f);
    if (c.cancel_layer_choice && m_state.layer_choice) {
        m_state.message = source_name(m_state.layer_choice->source) + ": not opened";
        m_state.layer_choice.reset();
    }
    if (c.open_layers) {
        const core::SourceLayers& chosen = *c.open_layers;
        if (m_state.layer_choice && same_source(m_state.layer_choice->source, chosen.source))
            m_state.layer_choice.reset();
        if (chosen.layers.empty()) {
            m_state.message = source_name(chosen.source) + ": no layer chosen; nothing opened";
        } else {
            auto& kept = m_state.source_layers;
            kept.erase(std::remove_if(kept.begin(), kept.end(),
                                      [&](const core::SourceLayers& s) {
                                          return same_source(s.source, chosen.source);
                                      }),
                       kept.end());
            kept.push_back(chosen);
            open_source(chosen.source, chosen.layers);
        }
    }
    list_next_source();
}

void Engine::open_source(const std::string& path, std::vector<std::string> layers) {
    if (std::find(m_state.sources.begin(), m_state.sources.end(), path) == m_state.sources.end())
        m_state.sources.push_back(path);
    note_first_read(path); // p17k
    m_loader.enqueue(path, std::move(layers));
    mark_changed();
}

std::vector<std::string> Engine::chosen_layers(const std::string& source) const {
    for (const core::SourceLayers& s : m_state.source_layers)
        if (same_source(s.source, source))
            return s.layers;
    return {};
}

// One source listed at a time, and none while a question waits for its answer.
void Engine::list_next_source() {
    if (m_state.layer_choice || !m_listing.empty() || m_asking.empty())
        return;
    m_listing = m_asking.front();
    m_asking.pop_front();
    geo::ReadOptions options = m_options.read;
    options.allow_network = m_state.allow_network;
    m_lister.request([path = m_listing, options](JobControl& job) mutable {
        options.cancel = &job.cancel_flag();
        return geo::list_layers(path, options);
    });
}

void Engine::poll_layer_listing() {
    if (m_listing.empty())
        return;
    std::optional<geo::LayerListing> listed = m_lister.poll();
    if (!listed)
        return;
    const std::string path = std::exchange(m_listing, {});
    // --layer given: the user already said which; a listing that failed: the read says why.
    const bool asked_already = !m_options.read.layer.empty() || !m_options.read.layers.empty();
    if (listed->ok && listed->several_point_layers() && !asked_already)
        m_state.layer_choice = core::LayerChoice{path, std::move(listed->layers)};
    else
        open_source(path, chosen_layers(path));
    list_next_source();
}

// Sources waiting behind a question wait for the user, not for a worker.
bool Engine::listing_layers() const {
    return !m_listing.empty() || (!m_asking.empty() && !m_state.layer_choice);
}

} // namespace incimap::scene
