// The engine's basemap commands (issue 16): View ▸ Basemap's choice (offline, none, a raster
// file), its opacity and quiet look, and the recent basemap files.

#include "scene/engine.hpp"

#include "scene/basemap_choice.hpp"
#include "scene/paths.hpp"
#include "geo/raster_basemap.hpp"
#include "geo/write/atomic_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace incimap::scene {

namespace {

// The recent raster basemaps (most recent first, eight at most), for View ▸ Basemap.
void remember_basemap(const std::string& path) {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).string();
    std::vector<std::string> recent{ec || geo::is_tile_url(path) ? path : absolute};
    for (const std::string& line : recent_basemaps())
        if (recent.size() < 8 && line != recent.front())
            recent.push_back(line);
    std::string text;
    for (const auto& r : recent)
        text += r + "\n";
    geo::write_file_atomically(state_dir() + "/recent-basemaps", text);
}

} // namespace

void Engine::apply_basemap(const core::Commands& c) {
    // Tiles of a URL basemap are fetched only once File > Allow network access is on.
    const bool reopen = c.allow_network && m_scene.raster().online();
    if ((c.set_basemap && geo::is_tile_url(*c.set_basemap)) || reopen)
        m_scene.raster().set_tile_access({cache_dir() + "/tiles", m_state.allow_network});
    if (reopen) {
        std::string error;
        if (!choose_basemap(m_scene, m_state.basemap, error))
            m_state.message = "Basemap: " + error;
    }
    if (c.set_basemap && *c.set_basemap != m_state.basemap) {
        std::string error;
        if (choose_basemap(m_scene, *c.set_basemap, error)) {
            m_state.basemap = *c.set_basemap;
            const bool file = m_state.basemap != kBasemapOffline && m_state.basemap != kBasemapNone;
            if (file)
                remember_basemap(m_state.basemap);
            const bool url = geo::is_tile_url(m_state.basemap);
            m_state.message = file ? "Basemap: " + (url ? m_state.basemap : source_name(m_state.basemap)) + " (" +
                                         m_scene.raster().attribution() + ")"
                                   : "Basemap: " + m_state.basemap;
            if (m_scene.raster().online() && !m_state.allow_network)
                m_state.message += "; network access is off, only cached tiles are drawn "
                                   "(File > Allow network access fetches them)";
            // Issue 20: a notice, or a warning when the tiles cannot be fetched.
            say(m_scene.raster().online() && !m_state.allow_network ? core::MessageKind::Warning
                                                                     : core::MessageKind::Info,
                m_state.message);
            mark_changed();
        } else {
            m_state.message = "Basemap not changed: " + error;
        }
    }
    if (c.set_basemap_opacity && std::isfinite(*c.set_basemap_opacity)) {
        m_state.basemap_opacity = std::clamp(*c.set_basemap_opacity, 0.0, 1.0);
        mark_changed();
    }
    if (c.set_basemap_quiet) {
        m_state.basemap_quiet = *c.set_basemap_quiet;
        mark_changed();
    }
}

} // namespace incimap::scene
