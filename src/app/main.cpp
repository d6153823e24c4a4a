// incimap: geocoded incidents on a map, in time.
//
//   incimap [FILES...]            the interactive map (the bundled sample when no file)
//   incimap info FILE             JSON summary of what a source holds
//   incimap render FILE -o X.png  the map drawn off-screen (no display needed)
//   incimap export FILE -o OUT    the filtered incidents as GeoJSON, CSV or GeoPackage
//   incimap animate FILE -o OUT   the playback as MP4, WebM, GIF or numbered PNGs
//   incimap --paths               the folders it reads and writes (assets, config, state, cache)
//
// Every subcommand shares the engine (core, geo, render) with the window.

#include "app/animate_command.hpp"
#include "app/cli.hpp"
#include "app/export_command.hpp"
#include "app/huge_pages.hpp"
#include "app/malloc_arenas.hpp"
#include "app/info_command.hpp"
#include "app/render_command.hpp"
#include "app/version.hpp"
#include "core/free_memory.hpp"
#include "scene/map_scene.hpp"
#include "scene/paths.hpp"
#include "window/window_app.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    using namespace incimap;
    app::use_huge_pages_for_large_blocks(); // before any allocation worth the name
    app::limit_malloc_arenas();             // before any thread
    CLI::App cli{"incimap: geocoded incidents on an interactive map, scrubbed through time",
                 "incimap"};
    cli.set_version_flag("--version", std::string("incimap ") + app::kVersion);
    cli.require_subcommand(0, 1);

    window::WindowOptions window;
    window.version = app::kVersion;
    cli.add_option("files", window.files, "Data files to open (GeoJSON, CSV, KML, GeoPackage, …)");
    cli.add_option("--session", window.session_path,
                   "Session file: loaded at start if it exists, written on change and at exit");
    cli.add_option("--ready-file", window.ready_file,
                   "Write READY to this file once the data is on screen (for scripts and tests)");
    cli.add_flag("--test-mode", window.test_mode, "Hide live text such as the frame time");
    bool paths = false;
    cli.add_flag("--paths", paths, "Print the folders incimap uses (assets, config, state, cache)");
    cli.add_option("--frame-log", window.frame_log, "Log each frame's time (for benchmarks)");
    app::ReaderFlags window_flags;
    window_flags.add_to(cli);

    CLI::App* info = cli.add_subcommand("info", "Print a JSON summary of what a file holds");
    std::string info_file;
    bool pretty = false;
    info->add_option("file", info_file, "The data file")->required();
    info->add_flag("--pretty", pretty, "Indent the JSON");
    app::ReaderFlags info_flags;
    info_flags.add_to(*info);

    CLI::App* render = cli.add_subcommand("render", "Draw the map to a PNG, off-screen");
    app::RenderArgs render_args;
    render_args.add_to(*render);

    CLI::App* exporter =
        cli.add_subcommand("export", "Write the incidents that pass the filters to a file");
    app::ExportArgs export_args;
    export_args.add_to(*exporter);

    // animate: the playback as a video, GIF or numbered PNGs (app/animate_command.hpp)
    CLI::App* animate = cli.add_subcommand(
        "animate", "Export the playback as MP4, WebM, GIF or numbered PNG frames");
    app::AnimateArgs animate_args;
    animate_args.add_to(*animate);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app::report_parse_error(cli, e); // one line `incimap: …`, exit 1
    }

    if (paths) {
        std::printf("assets %s\nconfig %s\nstate %s\ncache %s\n", scene::find_assets_dir().c_str(),
                    scene::config_dir().c_str(), scene::state_dir().c_str(),
                    scene::cache_dir().c_str());
        return 0;
    }
    try {
        if (info->parsed())
            return app::run_info(info_file, info_flags.to_options(), pretty);
        if (render->parsed())
            return app::run_render(render_args);
        if (exporter->parsed())
            return app::run_export(export_args);
        if (animate->parsed())
            return app::run_animate(animate_args);
    } catch (const std::exception& e) {
        // Nothing should throw out of a command; if something does, it is still one line.
        std::fprintf(stderr, "incimap: internal error: %s\n", e.what());
        return 1;
    }

    window.read = window_flags.to_options();
    core::set_lean_reads(true); // the window lives on after its load (core/free_memory.hpp)
    return window::run_window(window);
}
