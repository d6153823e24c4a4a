#include "window/window_app_impl.hpp"

#include "scene/paths.hpp"
#include "scene/session.hpp"
#include "window/window_fonts.hpp"
#include "core/app_state.hpp"
#include "core/map_controller.hpp"
#include "core/palette.hpp"
#include "core/time_index.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"
#include "ui/file_browser.hpp"
#include "ui/side_panel.hpp"
#include "ui/status_bar.hpp"
#include "ui/theme.hpp"
#include "ui/timeline.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace incimap::window {

namespace {

std::atomic<bool> g_terminate{false};
void on_terminate(int) { g_terminate.store(true); }

WindowApp* self(GLFWwindow* w) { return static_cast<WindowApp*>(glfwGetWindowUserPointer(w)); }

std::string ui_settings_path() { return config_dir() + "/imgui.ini"; }

// ImGui's own saving truncates imgui.ini and writes it in place (a crash mid-write loses the
// layout); incimap saves it like every other file: temp, flush, rename.
void save_ui_settings() {
    std::size_t size = 0;
    const char* text = ImGui::SaveIniSettingsToMemory(&size);
    write_file_atomically(ui_settings_path(), std::string(text, size));
    ImGui::GetIO().WantSaveIniSettings = false;
}

} // namespace

bool WindowApp::init_window(std::string& error) {
    glfwSetErrorCallback([](int, const char*) {}); // reported through the return values
    if (!glfwInit()) {
        error = std::getenv("DISPLAY") == nullptr
                    ? "no display (DISPLAY is not set): cannot open the window; to draw the map "
                      "without one, use: incimap render FILE -o map.png"
                    : "cannot open a window on this display; to draw the map without one, use: "
                      "incimap render FILE -o map.png";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    int w = 1280, h = 800;
    if (m_session && m_session->window_w >= kMinWindowPx && m_session->window_h >= kMinWindowPx) {
        w = m_session->window_w; // clamped to [200, 16384] when read
        h = m_session->window_h;
        // And to the monitor: a window larger than the screen is no use to anyone.
        if (GLFWmonitor* monitor = glfwGetPrimaryMonitor())
            if (const GLFWvidmode* mode = glfwGetVideoMode(monitor); mode != nullptr) {
                w = std::clamp(w, kMinWindowPx, std::max(kMinWindowPx, mode->width));
                h = std::clamp(h, kMinWindowPx, std::max(kMinWindowPx, mode->height));
            }
    } else if (std::ifstream in(state_dir() + "/window-size"); in) {
        int sw = 0, sh = 0;
        if (in >> sw >> sh && sw > 200 && sh > 200 && sw < 16384 && sh < 16384)
            w = sw, h = sh;
    }
    m_window = glfwCreateWindow(w, h, "incimap", nullptr, nullptr);
    if (m_window == nullptr) {
        error = "cannot create an OpenGL 3.3 window (is the display's GL working?)";
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(m_window, this);
    glfwSetCursorPosCallback(m_window, [](GLFWwindow* win, double x, double y) {
        self(win)->on_cursor(x, y);
    });
    glfwSetMouseButtonCallback(m_window, [](GLFWwindow* win, int b, int a, int m) {
        self(win)->on_button(b, a, m);
    });
    glfwSetScrollCallback(m_window, [](GLFWwindow* win, double, double dy) {
        self(win)->on_scroll(dy);
    });
    glfwSetKeyCallback(m_window, [](GLFWwindow* win, int key, int, int action, int mods) {
        self(win)->on_key(key, action, mods);
    });
    glfwSetDropCallback(m_window, [](GLFWwindow* win, int n, const char** paths) {
        self(win)->on_drop(n, paths);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // loaded here, saved by save_ui_settings()
    if (std::filesystem::exists(ui_settings_path()))
        ImGui::LoadIniSettingsFromDisk(ui_settings_path().c_str());
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(m_window, &xscale, &yscale);
    load_ui_fonts(io, xscale);
    ui::apply_theme(ui::Theme::Light, xscale);
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!m_renderer.init(error))
        return false;
    return true;
}

void WindowApp::layout() {
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    const float menu = ImGui::GetFrameHeight();
    m_map.x = kSideWidth;
    m_map.y = menu;
    m_map.w = std::max(1.0f, static_cast<float>(w) - kSideWidth);
    m_map.h = std::max(1.0f, static_cast<float>(h) - menu - kTimelineHeight - kStatusHeight);
    core::Camera& cam = m_ctl.camera();
    if (cam.viewport_width() != m_map.w || cam.viewport_height() != m_map.h) {
        cam.set_viewport(m_map.w, m_map.h);
        m_listed_dirty = true;
    }
}

void WindowApp::draw_map() {
    int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glfwGetWindowSize(m_window, &win_w, &win_h);
    const float sx = win_w > 0 ? static_cast<float>(fb_w) / static_cast<float>(win_w) : 1.0f;
    const float sy = win_h > 0 ? static_cast<float>(fb_h) / static_cast<float>(win_h) : 1.0f;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    const auto vx = static_cast<GLint>(m_map.x * sx);
    const auto vy = static_cast<GLint>(static_cast<float>(fb_h) - (m_map.y + m_map.h) * sy);
    const auto vw = static_cast<GLsizei>(m_map.w * sx);
    const auto vh = static_cast<GLsizei>(m_map.h * sy);
    glViewport(vx, vy, vw, vh);
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, vw, vh);
    std::string error;
    if (!m_scene.sync(m_renderer, m_ctl.camera(), error))
        m_basemap_error = error;
    if (m_clusters_dirty) {
        m_clusters = m_scene.clusters(m_ctl.camera(), m_state.window);
        m_clusters_dirty = false;
    }
    m_renderer.set_clusters(m_clusters);
    render::Overlay scale_only;
    scale_only.metres_per_px = m_overlay.metres_per_px;
    scale_only.attribution = m_overlay.attribution;
    m_renderer.draw(m_ctl.camera(), m_state.window, m_state.selected, &scale_only, sx);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
}

void WindowApp::frame(double dt) {
    if (m_scene.poll_layers())
        on_layer_added();
    if (!m_scene.preparing()) // one layer prepared at a time; the next file waits its turn
        if (auto r = m_loader.poll())
            on_loaded(std::move(*r));
    if (m_remote.active())
        if (auto f = m_remote.update(visible_lonlat(m_scene, m_ctl.camera(), 0), m_state.window,
                                     m_now))
            on_refetched(std::move(*f));
    if (m_scene.poll_filters())
        after_filter_change(); // a filter change applied on the worker is ready
    if (m_pending_filters && m_now - m_pending_since >= 0.3)
        apply_filters(*m_pending_filters); // the search typed so far, once typing paused
    if (m_loaded_files >= m_initial_files && !m_session_applied && m_session)
        apply_session_view();
    if (m_state.playing && !m_state.window.is_all()) {
        const auto advance = static_cast<core::UnixMs>(m_state.speed_days_per_s * dt *
                                                       static_cast<double>(core::kMsPerDay));
        m_state.window.from += advance;
        m_state.window.to += advance;
        const core::TimeIndex& times = m_scene.time_index();
        if (times.dated() > 0 && m_state.window.from > times.last_end()) {
            if (m_state.loop) { // again from the first day, the window as long as it was
                const core::UnixMs length = m_state.window.to - m_state.window.from;
                m_state.window.from = core::floor_days(times.first()) * core::kMsPerDay;
                m_state.window.to = m_state.window.from + length;
            } else {
                m_state.playing = false; // the end of the data
            }
        }
        m_listed_dirty = true;
        mark_changed();
    }
    if (m_ctl.update(dt)) {
        m_listed_dirty = true;
        mark_changed();
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    layout();
    if (!m_pressed && m_map.contains(m_cursor_x, m_cursor_y)) {
        // Picking looks at every incident: only when the pointer or the view moved.
        if (m_cursor_x != m_hover_x || m_cursor_y != m_hover_y || m_listed_dirty) {
            const auto hits = m_scene.pick(m_ctl.camera(),
                                           {m_cursor_x - m_map.x, m_cursor_y - m_map.y},
                                           m_state.window);
            m_hover = hits.empty() ? -1 : hits.front();
            m_hover_x = m_cursor_x;
            m_hover_y = m_cursor_y;
        }
    } else {
        m_hover = -1;
    }
    core::Commands c;
    draw_ui(c);
    apply(c);
    ImGui::Render();
    draw_map();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window);
}

int WindowApp::run() {
    std::signal(SIGTERM, on_terminate);
    std::signal(SIGINT, on_terminate);
    if (!m_options.session_path.empty()) {
        // Only a missing or empty file or a session is ever written: the user's GeoJSON or
        // notes given as --session are left alone, and the window saves no session.
        SessionFile opened = open_session_file(m_options.session_path);
        m_session = std::move(opened.session);
        if (!opened.error.empty()) {
            std::fprintf(stderr, "incimap: %s\n", opened.error.c_str());
            m_state.message = opened.error;
        }
        if (!opened.writable)
            m_options.session_path.clear();
    }
    std::string error;
    if (!init_window(error)) {
        std::fprintf(stderr, "incimap: %s\n", error.c_str());
        return 1;
    }
    std::vector<std::string> files = m_options.files;
    if (files.empty() && m_session)
        files = m_session->files;
    if (files.empty())
        files.push_back(find_assets_dir() + "/samples/incidents-2023-10_2024-02.geojson");
    for (const auto& f : files)
        m_loader.enqueue(f);
    m_initial_files = files.size();
    // Without a session, reopening the same files restores the last view of them.
    if (!m_session) {
        std::string ignored;
        if (auto last = load_session(state_dir() + "/last-session.json", ignored)) {
            std::vector<std::string> a = last->files, b;
            for (const auto& f : files)
                b.push_back(std::filesystem::absolute(f).string());
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (a == b) {
                last->playing = false;
                last->selected.reset();
                m_session = std::move(last);
            }
        }
    }
    {
        core::Camera cam = m_scene.make_camera(1000, 600);
        m_scene.fit_to_data(cam);
        m_ctl.set_camera(cam);
    }

    std::FILE* frame_log = m_options.frame_log.empty() ? nullptr
                                                       : std::fopen(m_options.frame_log.c_str(), "w");
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto last = t0;
    while (!glfwWindowShouldClose(m_window) && !g_terminate.load()) {
        const bool moving = m_state.playing || m_ctl.animating() || m_pressed;
        const bool reading = m_loader.busy() || m_scene.preparing();
        const bool waiting =
            m_scene.filtering() || m_scene.listing() || m_remote.busy() || !m_ready_written;
        if (moving)
            glfwPollEvents();
        else if (reading)
            glfwWaitEventsTimeout(0.1); // the progress bar 10 times a second; the CPUs read
        else if (waiting)
            glfwWaitEventsTimeout(0.02); // a worker is running: look again soon
        else
            glfwWaitEventsTimeout(0.25);
        const auto now = Clock::now();
        const double dt = std::min(0.25, std::chrono::duration<double>(now - last).count());
        last = now;
        m_now = std::chrono::duration<double>(now - t0).count();
        const auto f0 = Clock::now();
        frame(dt);
        m_frame_ms = static_cast<float>(std::chrono::duration<double, std::milli>(Clock::now() - f0).count());
        if (frame_log) {
            // Fifth column: GL errors raised during the frame (the soak test wants none).
            int gl_errors = 0;
            while (glGetError() != GL_NO_ERROR && gl_errors < 1000)
                ++gl_errors;
            std::fprintf(frame_log, "%.3f %.3f %d %d %d\n", m_now, static_cast<double>(m_frame_ms),
                         m_state.playing ? 1 : 0, m_ready_written ? 1 : 0, gl_errors);
        }
        maybe_write_session(false);
        if (ImGui::GetIO().WantSaveIniSettings)
            save_ui_settings();
        if (!m_ready_written && m_loaded_files >= m_initial_files && !m_loader.busy() &&
            !m_scene.preparing() &&
            !m_scene.filtering() && !m_scene.listing()) {
            // Another frame so the loaded data is on screen, then tell whoever waits.
            frame(0);
            m_ready_written = true;
            maybe_write_session(true);
            if (!m_options.ready_file.empty())
                write_file_atomically(m_options.ready_file, "READY\n");
            std::printf("READY\n");
            std::fflush(stdout);
        }
    }
    if (frame_log)
        std::fclose(frame_log);
    maybe_write_session(true);
    {
        Session last_view = current_session();
        for (auto& f : last_view.files)
            f = std::filesystem::absolute(f).string();
        save_session(last_view, state_dir() + "/last-session.json");
    }
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    write_file_atomically(state_dir() + "/window-size", std::to_string(w) + " " + std::to_string(h) + "\n");
    save_ui_settings();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
    return 0;
}

int run_window(const WindowOptions& options) {
    WindowApp app(options);
    return app.run();
}

} // namespace incimap::window
