#pragma once
// `incimap render FILE... -o OUT.png`: the map drawn off-screen (EGL surfaceless, no X).

#include "app/cli.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace incimap::app {

struct RenderArgs {
    std::vector<std::string> files;
    std::string output;
    std::string size = "1280x800";
    std::string bbox;   // minlon,minlat,maxlon,maxlat
    std::string center; // lon,lat
    double zoom = -1;
    std::string from, to;
    std::string mode = "window";
    std::string projection = "EPSG:3857";
    bool legend = false;
    bool heat = false; // a heat map of the window's incidents instead of markers
    bool stats = false;
    int selected = -1;
    std::string pushdown = "auto"; // PostGIS: auto | always | never (geo/gdal/postgis_source.hpp)
    ReaderFlags reader;

    void add_to(CLI::App& command);
};

int run_render(const RenderArgs& args);

} // namespace incimap::app
