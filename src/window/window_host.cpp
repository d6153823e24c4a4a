#include "window/window_host.hpp"

#include "core/free_memory.hpp"
#include "render/gl.hpp"
#include "render/map_style.hpp"
#include "scene/paths.hpp"
#include "scene/session.hpp"
#include "scene/worker.hpp"
#include "ui/theme.hpp"
#include "window/fonts.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include <cerrno>
#include <unistd.h>

namespace incimap::window {

namespace {

std::atomic<bool> g_terminate{false};
std::atomic<int> g_wake_fd{-1}; // the write end of TerminateWaker's pipe, while it runs
void on_terminate(int) {
    g_terminate.store(true);
    if (const int fd = g_wake_fd.load(); fd >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1); // async-signal-safe
    }
}

// SIGTERM may reach any thread, and the main one may be waiting for events for 0.25 s: the
// handler writes to a pipe, and this thread wakes the event wait (glfwPostEmptyEvent may be
// called from any thread), so the window starts closing at once.
class TerminateWaker {
public:
    TerminateWaker() {
        if (::pipe(m_fds) != 0)
            return;
        g_wake_fd = m_fds[1];
        m_thread = std::thread([this] {
            char byte = 0;
            while (::read(m_fds[0], &byte, 1) < 0 && errno == EINTR) {
            }
            if (!m_stopping.load())
                glfwPostEmptyEvent();
        });
    }
    // Before glfwTerminate.
    ~TerminateWaker() {
        if (!m_thread.joinable())
            return;
        m_stopping.store(true);
        g_wake_fd = -1;
        const char byte = 0;
        [[maybe_unused]] const ssize_t n = ::write(m_fds[1], &byte, 1);
        m_thread.join();
        // The pipe stays open (the process is ending): a handler running now on another
        // thread may still write to it, and must not reach a file that reused its number.
    }
    TerminateWaker(const TerminateWaker&) = delete;
    TerminateWaker& operator=(const TerminateWaker&) = delete;

private:
    int m_fds[2] = {-1, -1};
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

std::string& last_glfw_error() {
    static std::string text = "no reason given";
    return text;
}

WindowHost* self(GLFWwindow* w) { return static_cast<WindowHost*>(glfwGetWindowUserPointer(w)); }

std::string ui_settings_path() { return scene::config_dir() + "/imgui.ini"; }

// ImGui's own saving truncates imgui.ini and writes it in place (a crash mid-write loses the
// layout); incimap saves it like every other file: temp, flush, rename.
void save_ui_settings() {
    std::size_t size = 0;
    const char* text = ImGui::SaveIniSettingsToMemory(&size);
    scene::write_file_atomically(ui_settings_path(), std::string(text, size));
    ImGui::GetIO().WantSaveIniSettings = false;
}

} // namespace

WindowHost::WindowHost(const WindowOptions& options)
    : m_options(options), m_engine(scene::EngineOptions{options.read, options.session_path}) {}

bool WindowHost::init_window(std::string& error) {
    // Reported through the return values, with GLFW's last words as the reason.
    glfwSetErrorCallback([](int, const char* description) { last_glfw_error() = description; });
    if (!glfwInit()) {
        error = std::getenv("DISPLAY") == nullptr
                    ? "no display (DISPLAY is not set): cannot open the window; to draw the map "
                      "without one, use: incimap render FILE -o map.png"
                    : "cannot open a window on this display (" + last_glfw_error() +
                          "); to draw the map without one, use: incimap render FILE -o map.png";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    // The map and the panels draw in 2D without depth or stencil tests: no such buffers
    // (GLFW asks for 24 + 8 bits by default; 4 MB at 1280 x 800 on llvmpipe; issue 14).
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    // The size saved last time, in logical px: GLFW scales it by the monitor's content scale
    // (GLFW_SCALE_TO_MONITOR), so it is clamped to the monitor's work area divided by that
    // scale (a session may say anything; the timeline must never open off screen).
    auto [w, h] = m_engine.initial_window_size();
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        float sx = 1, sy = 1;
        glfwGetMonitorContentScale(monitor, &sx, &sy);
        int ax = 0, ay = 0, aw = 0, ah = 0;
        glfwGetMonitorWorkarea(monitor, &ax, &ay, &aw, &ah);
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitor); aw <= 200 && mode)
            aw = mode->width, ah = mode->height;
        if (aw > 200 && ah > 200) {
            const float scale = sx > 0.25f ? sx : 1.0f;
            w = std::min(w, static_cast<int>(static_cast<float>(aw) / scale));
            h = std::min(h, static_cast<int>(static_cast<float>(ah) / scale));
        }
    }
    m_window = glfwCreateWindow(w, h, "incimap", nullptr, nullptr);
    if (m_window == nullptr) {
        error = "cannot create an OpenGL 3.3 window (" + last_glfw_error() +
                "; is the display's GL working?)";
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(m_window, this);
    glfwSetCursorPosCallback(m_window, [](GLFWwindow* win, double x, double y) {
        self(win)->on_cursor(x, y);
    });
    glfwSetMouseButtonCallback(m_window, [](GLFWwindow* win, int b, int a, int mods) {
        self(win)->on_button(b, a, mods);
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
    apply_theme(); // View ▸ Theme, as kept in the config folder
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    // In front of ImGui's key and character callbacks (its key callback chains to on_key):
    // a release waits for the frame after a press (window/key_taps.hpp).
    glfwSetKeyCallback(m_window, [](GLFWwindow* win, int key, int scancode, int action, int mods) {
        if (!self(win)->m_key_taps.hold(key, scancode, action == GLFW_PRESS,
                                        action == GLFW_RELEASE, mods))
            ImGui_ImplGlfw_KeyCallback(win, key, scancode, action, mods);
    });
    glfwSetCharCallback(m_window, [](GLFWwindow* win, unsigned codepoint) {
        if (!self(win)->m_key_taps.hold_char(codepoint))
            ImGui_ImplGlfw_CharCallback(win, codepoint);
    });
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!m_renderer.init(error))
        return false;
    return true;
}

float WindowHost::pixel_ratio() const {
    int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glfwGetWindowSize(m_window, &win_w, &win_h);
    return win_w > 0 ? static_cast<float>(fb_w) / static_cast<float>(win_w) : 1.0f;
}

// The map fills what the menu bar, the side panel, the timeline and the status bar leave.
core::Commands WindowHost::layout() const {
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    const float menu = ImGui::GetFrameHeight();
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(m_window, &xscale, &yscale);
    const PanelSizes sizes = panel_sizes(xscale); // issue 20: HiDPI
    core::MapRect map;
    map.x = sizes.side;
    map.y = menu;
    map.w = std::max(1.0f, static_cast<float>(w) - sizes.side);
    map.h = std::max(1.0f, static_cast<float>(h) - menu - sizes.timeline - sizes.status);
    core::Commands c;
    const core::AppState& s = m_engine.state();
    if (w != s.window_w || h != s.window_h || !(map == s.map))
        c.set_layout = std::pair{std::pair{w, h}, map};
    if (xscale > 0 && xscale != s.content_scale)
        c.set_content_scale = xscale;
    return c;
}

// Picking looks at every incident: only when the pointer or the view moved.
void WindowHost::update_hover() {
    const core::MapRect& map = m_engine.state().map;
    if (m_pointer.down() || !m_pointer.over(map)) {
        m_hover.index = -1;
        return;
    }
    if (m_pointer.x() == m_hover.x && m_pointer.y() == m_hover.y && !m_engine.moving())
        return;
    const auto hits = m_engine.pick(m_pointer.in(map));
    m_hover = {hits.empty() ? -1 : hits.front(), m_pointer.x(), m_pointer.y()};
}

void WindowHost::draw_map() {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    const float ratio = pixel_ratio();
    const core::AppState& s = m_engine.state();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    const auto vx = static_cast<GLint>(s.map.x * ratio);
    const auto vy = static_cast<GLint>(static_cast<float>(fb_h) - (s.map.y + s.map.h) * ratio);
    const auto vw = static_cast<GLsizei>(s.map.w * ratio);
    const auto vh = static_cast<GLsizei>(s.map.h * ratio);
    glViewport(vx, vy, vw, vh);
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, vw, vh);
    m_engine.sync(m_renderer);
    m_renderer.set_ui_scale(s.content_scale); // issue 20: HiDPI markers, labels, badges
    // The legend is in the side panel; the map shows the scale and attribution only.
    render::Overlay scale_only;
    scale_only.metres_per_px = m_engine.overlay().metres_per_px;
    scale_only.attribution = m_engine.overlay().attribution;
    m_renderer.draw(s.camera, core::with_trail(s.window, s.fade_ms), s.selected, &scale_only,
                    ratio); // issue 20: fade mode's trail
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);
}

// The panels' and the map's look for View ▸ Theme, when it changed.
void WindowHost::apply_theme() {
    const core::ThemeChoice t = m_engine.state().theme;
    const bool dark = t == core::ThemeChoice::Dark ||
                      (t == core::ThemeChoice::System && scene::system_prefers_dark());
    if (static_cast<int>(dark) == m_dark_applied)
        return;
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(m_window, &xscale, &yscale);
    ui::apply_theme(dark ? ui::Theme::Dark : ui::Theme::Light, xscale);
    m_renderer.style() = dark ? render::dark_map_style() : render::MapStyle{};
    m_dark_applied = dark;
}

void WindowHost::frame(double dt) {
    m_engine.update(dt, m_now);
    apply_theme();
    ImGui_ImplOpenGL3_NewFrame();
    // The font atlas is a texture now (the backend made it on its first frame): its CPU
    // pixels (RGBA and alpha, ~5 MiB with the Arabic and Hebrew ranges) are not needed again.
    ImGui::GetIO().Fonts->ClearTexData();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    m_engine.apply(layout());
    update_hover();
    core::Commands c;
    draw_menus(c);
    open_dialogs(c);
    draw_panels(c);
    m_engine.apply(c);
    if (m_engine.quit_requested())
        glfwSetWindowShouldClose(m_window, GLFW_TRUE);
    if (const std::string title = m_engine.title(); title != m_title) {
        glfwSetWindowTitle(m_window, title.c_str());
        m_title = title;
    }
    ImGui::Render();
    draw_map();
    export_playback_frame(); // issue 18
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window);
}

int WindowHost::run() {
    std::signal(SIGTERM, on_terminate);
    std::signal(SIGINT, on_terminate);
    m_engine.start(m_options.files);
    std::string error;
    if (!init_window(error)) {
        std::fprintf(stderr, "incimap: %s\n", error.c_str());
        return 1;
    }
    auto waker = std::make_unique<TerminateWaker>();
    std::FILE* frame_log = m_options.frame_log.empty() ? nullptr
                                                       : std::fopen(m_options.frame_log.c_str(), "w");
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto last = t0;
    while (!glfwWindowShouldClose(m_window) && !g_terminate.load()) {
        if (m_engine.moving() || m_pointer.down())
            glfwPollEvents();
        else if (m_engine.reading())
            glfwWaitEventsTimeout(0.1); // the progress bar 10 times a second; the CPUs read
        else if (m_engine.waiting() || !m_ready_written)
            glfwWaitEventsTimeout(0.02); // a worker is running: look again soon
        else
            glfwWaitEventsTimeout(0.25);
        const auto now = Clock::now();
        const double dt = std::min(0.25, std::chrono::duration<double>(now - last).count());
        last = now;
        m_now = std::chrono::duration<double>(now - t0).count();
        const auto f0 = Clock::now();
        frame(dt);
        for (const KeyTaps::Event& e : m_key_taps.after_frame()) {
            if (e.is_char)
                ImGui_ImplGlfw_CharCallback(m_window, e.codepoint);
            else
                ImGui_ImplGlfw_KeyCallback(m_window, e.key, e.scancode,
                                           e.pressed    ? GLFW_PRESS
                                           : e.released ? GLFW_RELEASE
                                                        : GLFW_REPEAT,
                                           e.mods);
        }
        m_frame_ms = static_cast<float>(std::chrono::duration<double, std::milli>(Clock::now() - f0).count());
        if (frame_log) {
            // Fifth column: GL errors raised during the frame (the soak test wants none).
            int gl_errors = 0;
            while (glGetError() != GL_NO_ERROR && gl_errors < 1000)
                ++gl_errors;
            std::fprintf(frame_log, "%.3f %.3f %d %d %d\n", m_now, static_cast<double>(m_frame_ms),
                         m_engine.state().playing ? 1 : 0, m_ready_written ? 1 : 0, gl_errors);
            std::fflush(frame_log); // a test may wait for frames to have been drawn
        }
        if (ImGui::GetIO().WantSaveIniSettings)
            save_ui_settings();
        if (!m_ready_written && m_engine.ready()) {
            // Another frame so the loaded data is on screen, then tell whoever waits.
            frame(0);
            core::give_back_free_memory(); // the read's freed blocks (issue 14: memory)
            m_ready_written = true;
            m_engine.write_session(true);
            write_ready_file();
            std::printf("READY\n");
            std::fflush(stdout);
        } else if (m_ready_written && m_engine.ready() &&
                   m_engine.loads_finished() != m_ready_loads) {
            frame(0); // issue 15: a later load (File > Open) on screen: READY again
            core::give_back_free_memory();
            m_engine.write_session(true);
            write_ready_file();
        }
    }
    m_engine.cancel_work(); // a read stuck in I/O is left behind while the window closes
    waker.reset();
    if (frame_log)
        std::fclose(frame_log);
    m_engine.finish();
    save_ui_settings();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
    return 0;
}

// "READY" and the incidents loaded, for scripts and tests (issue 15: rewritten after each
// later load).
void WindowHost::write_ready_file() {
    m_ready_loads = m_engine.loads_finished();
    if (m_options.ready_file.empty())
        return;
    std::size_t incidents = 0;
    for (const auto& layer : m_engine.scene().layers())
        incidents += layer.table.count();
    scene::write_file_atomically(m_options.ready_file,
                                 "READY\nincidents " + std::to_string(incidents) + "\n");
}

int run_window(const WindowOptions& options) {
    int code = 0;
    {
        WindowHost host(options); // its engine cancels its workers; a stuck read is detached
        code = host.run();
    }
    if (scene::detached_jobs().load() > 0) {
        // A read still inside GDAL: end without static destructors pulling GDAL from under it.
        std::fflush(nullptr);
        std::_Exit(code);
    }
    return code;
}

} // namespace incimap::window
