#include "app/window_app.hpp"

#include "app/loader.hpp"
#include "app/map_scene.hpp"
#include "app/paths.hpp"
#include "app/session.hpp"
#include "app/window_fonts.hpp"
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

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace incimap::app {

namespace {

std::atomic<bool> g_terminate{false};
void on_terminate(int) { g_terminate.store(true); }

constexpr float kSideWidth = 340.0f;
constexpr float kTimelineHeight = 120.0f;
constexpr float kStatusHeight = 24.0f;
constexpr core::UnixMs kDefaultWindowLength = 7 * core::kMsPerDay;

struct MapRect {
    float x = 0, y = 0, w = 1, h = 1; // logical px, origin top-left of the window
    bool contains(double px, double py) const {
        return px >= x && px < x + w && py >= y && py < y + h;
    }
};

class WindowApp {
public:
    explicit WindowApp(const WindowOptions& options)
        : m_options(options), m_scene(find_assets_dir()), m_loader(options.read) {}

    int run();

    // GLFW callbacks (installed before ImGui's, which chains to them).
    void on_cursor(double x, double y);
    void on_button(int button, int action, int mods);
    void on_scroll(double dy);
    void on_key(int key, int action, int mods);
    void on_drop(int count, const char** paths);

private:
    bool init_window(std::string& error);
    void frame(double dt);
    void apply(const core::Commands& c);
    void on_loaded(geo::ReadResult result);
    void layout();
    void draw_map();
    void draw_ui(core::Commands& c);
    void select(int drawn_index);
    void fit_data();
    void step_window(int direction);
    void ensure_window_set();
    void maybe_write_session(bool force);
    Session current_session() const;
    void apply_session_view();
    void update_title();
    void mark_changed() { m_changed_at = m_now; m_session_dirty = true; }

    WindowOptions m_options;
    GLFWwindow* m_window = nullptr;
    MapScene m_scene;
    render::MapRenderer m_renderer;
    core::MapController m_ctl;
    core::AppState m_state;
    core::TimeIndex m_index;
    BackgroundLoader m_loader;
    MapRect m_map;
    std::optional<Session> m_session; // loaded at start, applied once files are in
    bool m_session_applied = false;
    bool m_session_dirty = false;
    double m_now = 0, m_changed_at = 0, m_written_at = -10;
    double m_cursor_x = 0, m_cursor_y = 0;
    bool m_pressed = false, m_dragging = false;
    double m_press_x = 0, m_press_y = 0, m_last_click = -10;
    double m_last_click_x = 0, m_last_click_y = 0;
    int m_hover = -1;
    double m_hover_x = -1, m_hover_y = -1;
    render::Overlay m_overlay; // legend counts and scale for the current view and window
    bool m_ready_written = false;
    std::size_t m_initial_files = 0, m_loaded_files = 0;
    float m_frame_ms = 0;
    std::string m_basemap_error;
    std::vector<int> m_listed;
    bool m_listed_dirty = true;
    std::vector<render::ClusterBadge> m_clusters;
    ui::FileBrowser m_browser;
    bool m_open_browser = false;
    bool m_clusters_dirty = true;
};

WindowApp* self(GLFWwindow* w) { return static_cast<WindowApp*>(glfwGetWindowUserPointer(w)); }

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
    if (m_session && m_session->window_w > 200 && m_session->window_h > 200) {
        w = m_session->window_w;
        h = m_session->window_h;
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
    static std::string ini = config_dir() + "/imgui.ini"; // ImGui keeps the pointer
    io.IniFilename = ini.c_str();
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

void WindowApp::on_cursor(double x, double y) {
    const double dx = x - m_cursor_x, dy = y - m_cursor_y;
    m_cursor_x = x;
    m_cursor_y = y;
    if (m_pressed) {
        if (!m_dragging && std::hypot(x - m_press_x, y - m_press_y) > 3.0)
            m_dragging = true;
        if (m_dragging) {
            m_ctl.pan({dx, dy});
            m_listed_dirty = true;
            mark_changed();
        }
    }
}

void WindowApp::on_button(int button, int action, int /*mods*/) {
    if (button != GLFW_MOUSE_BUTTON_LEFT)
        return;
    if (action == GLFW_PRESS) {
        if (ImGui::GetIO().WantCaptureMouse || !m_map.contains(m_cursor_x, m_cursor_y))
            return;
        m_pressed = true;
        m_dragging = false;
        m_press_x = m_cursor_x;
        m_press_y = m_cursor_y;
        return;
    }
    if (action != GLFW_RELEASE || !m_pressed)
        return;
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        return;
    }
    const core::ScreenPx at{m_cursor_x - m_map.x, m_cursor_y - m_map.y};
    const bool double_click = m_now - m_last_click < 0.35 &&
                              std::hypot(m_cursor_x - m_last_click_x, m_cursor_y - m_last_click_y) < 6;
    m_last_click = double_click ? -10 : m_now;
    m_last_click_x = m_cursor_x;
    m_last_click_y = m_cursor_y;
    if (double_click) {
        m_ctl.zoom_by(at, 1.0);
        mark_changed();
        return;
    }
    for (const auto& b : m_clusters) {
        if (std::hypot(b.at.x - at.x, b.at.y - at.y) <= 11.0) {
            m_ctl.zoom_by(b.at, 2.0); // into the cluster, about its centre
            mark_changed();
            return;
        }
    }
    const std::vector<int> hits = m_scene.pick(m_ctl.camera(), at, m_state.window);
    select(hits.empty() ? -1 : hits.front());
}

void WindowApp::on_scroll(double dy) {
    if (ImGui::GetIO().WantCaptureMouse || !m_map.contains(m_cursor_x, m_cursor_y))
        return;
    m_ctl.scroll({m_cursor_x - m_map.x, m_cursor_y - m_map.y}, dy);
    mark_changed();
}

void WindowApp::on_key(int key, int action, int mods) {
    if (action == GLFW_RELEASE || ImGui::GetIO().WantCaptureKeyboard)
        return;
    const core::ScreenPx centre{m_map.w / 2, m_map.h / 2};
    const bool modifier = (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SHIFT | GLFW_MOD_ALT)) != 0;
    const double pan = 0.25 * std::min(m_map.w, m_map.h);
    switch (key) {
    case GLFW_KEY_EQUAL:
    case GLFW_KEY_KP_ADD: m_ctl.zoom_by(centre, 1.0); break;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT: m_ctl.zoom_by(centre, -1.0); break;
    case GLFW_KEY_F: fit_data(); break;
    case GLFW_KEY_HOME:
        fit_data();
        m_state.window = core::TimeWindow{};
        m_state.playing = false;
        break;
    case GLFW_KEY_SPACE:
        ensure_window_set();
        m_state.playing = !m_state.playing;
        break;
    case GLFW_KEY_LEFT:
        if (modifier)
            m_ctl.pan({pan, 0});
        else
            step_window(-1);
        break;
    case GLFW_KEY_RIGHT:
        if (modifier)
            m_ctl.pan({-pan, 0});
        else
            step_window(1);
        break;
    case GLFW_KEY_UP:
        if (modifier)
            m_ctl.pan({0, pan});
        break;
    case GLFW_KEY_DOWN:
        if (modifier)
            m_ctl.pan({0, -pan});
        break;
    case GLFW_KEY_ESCAPE: select(-1); break;
    case GLFW_KEY_O:
        if (mods & GLFW_MOD_CONTROL)
            m_open_browser = true;
        break;
    case GLFW_KEY_Q:
        if (mods & GLFW_MOD_CONTROL)
            glfwSetWindowShouldClose(m_window, GLFW_TRUE);
        break;
    case GLFW_KEY_N:
        if (m_state.stack.size() > 1)
            select(m_state.stack[static_cast<std::size_t>((m_state.stack_pos + 1) %
                                                          static_cast<int>(m_state.stack.size()))]);
        break;
    default: return;
    }
    m_listed_dirty = true;
    mark_changed();
}

void WindowApp::on_drop(int count, const char** paths) {
    for (int i = 0; i < count; ++i)
        m_loader.enqueue(paths[i]);
}

void WindowApp::select(int drawn_index) {
    if (drawn_index < 0) {
        m_state.selected = -1;
        m_state.stack.clear();
        m_state.stack_pos = 0;
        mark_changed();
        return;
    }
    const bool in_stack = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index) !=
                          m_state.stack.end();
    if (!in_stack)
        m_state.stack = m_scene.stack_at(m_ctl.camera(), drawn_index, m_state.window);
    const auto it = std::find(m_state.stack.begin(), m_state.stack.end(), drawn_index);
    m_state.stack_pos = it == m_state.stack.end() ? 0 : static_cast<int>(it - m_state.stack.begin());
    m_state.selected = drawn_index;
    mark_changed();
}

void WindowApp::fit_data() {
    core::Camera cam = m_ctl.camera();
    m_scene.fit_to_data(cam);
    m_ctl.set_camera(cam);
    m_listed_dirty = true;
}

void WindowApp::ensure_window_set() {
    if (!m_state.window.is_all() || m_index.dated() == 0)
        return;
    const core::UnixMs first = core::floor_days(m_index.first()) * core::kMsPerDay;
    m_state.window.from = first;
    m_state.window.to = first + kDefaultWindowLength;
}

void WindowApp::step_window(int direction) {
    ensure_window_set();
    if (m_state.window.is_all())
        return;
    m_state.window.from += direction * m_state.step_ms;
    m_state.window.to += direction * m_state.step_ms;
    m_listed_dirty = true;
}

void WindowApp::on_loaded(geo::ReadResult result) {
    ++m_loaded_files;
    if (!result.ok) {
        m_state.message = result.error;
        return;
    }
    const bool first = m_scene.layers().empty();
    const std::string path = result.report.source;
    if (result.report.cancelled) {
        m_state.message = path + ": loading cancelled; nothing was added";
        return;
    }
    m_scene.add_layer({path, std::move(result.table), std::move(result.report)});
    m_index.build(m_scene.drawn());
    if (m_index.dated() > 0) {
        const core::UnixMs pad = std::max<core::UnixMs>(
            core::kMsPerDay, (m_index.last_end() - m_index.first()) / 20);
        m_state.view_from = core::floor_days(m_index.first() - pad) * core::kMsPerDay;
        m_state.view_to = core::floor_days(m_index.last_end() + pad) * core::kMsPerDay;
    }
    if (first)
        fit_data();
    // Remember it in the recent files (most recent first, ten at most).
    std::vector<std::string> recent{std::filesystem::absolute(path).string()};
    if (std::ifstream in(state_dir() + "/recent-files"); in)
        for (std::string line; std::getline(in, line) && recent.size() < 10;)
            if (!line.empty() && line != recent.front())
                recent.push_back(line);
    std::string text;
    for (const auto& r : recent)
        text += r + "\n";
    write_file_atomically(state_dir() + "/recent-files", text);
    update_title();
    m_listed_dirty = true;
    mark_changed();
}

void WindowApp::update_title() {
    std::string title = "incimap";
    if (!m_scene.layers().empty()) {
        title += " — " + std::filesystem::path(m_scene.layers().front().path).filename().string();
        if (m_scene.layers().size() > 1)
            title += " + " + std::to_string(m_scene.layers().size() - 1) + " more";
    }
    glfwSetWindowTitle(m_window, title.c_str());
}

Session WindowApp::current_session() const {
    Session s;
    for (const auto& l : m_scene.layers())
        s.files.push_back(l.path);
    s.projection = m_scene.projection().name();
    if (auto ll = m_scene.projection().inverse(m_ctl.camera().centre()))
        s.center = *ll;
    s.zoom = m_ctl.camera().zoom();
    s.window = m_state.window;
    s.playing = m_state.playing;
    s.speed_days_per_s = m_state.speed_days_per_s;
    if (m_state.selected >= 0) {
        const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
        const Layer& l = m_scene.layers()[layer];
        Session::Selected sel;
        sel.file = l.path;
        sel.index = l.table.feature_index[row];
        // The feature id: GDAL keeps a string id as an "id" field, an integer one as the FID.
        if (const int f = l.table.attributes.field_index("id"); f >= 0) {
            if (auto v = l.table.attributes.value(l.table.attr_row[row], static_cast<std::size_t>(f)))
                sel.id_text = std::string(*v);
        } else if (l.table.fid[row] >= 0) {
            sel.id = l.table.fid[row];
        }
        s.selected = sel;
    }
    s.search = m_state.search;
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    s.window_w = w;
    s.window_h = h;
    s.map_x = static_cast<int>(m_map.x);
    s.map_y = static_cast<int>(m_map.y);
    s.map_w = static_cast<int>(m_map.w);
    s.map_h = static_cast<int>(m_map.h);
    return s;
}

void WindowApp::apply_session_view() {
    if (!m_session || m_session_applied)
        return;
    m_session_applied = true;
    const Session& s = *m_session;
    std::string error;
    if (s.projection != m_scene.projection().name() && !m_scene.set_projection(s.projection, error))
        m_state.message = "session: " + error;
    core::Camera cam = m_scene.make_camera(m_map.w, m_map.h);
    cam.set_centre(m_ctl.camera().centre());
    cam.set_zoom(m_ctl.camera().zoom());
    if (s.center)
        cam.set_centre(m_scene.projection().forward(*s.center));
    if (s.zoom)
        cam.set_zoom(*s.zoom);
    m_ctl.set_camera(cam);
    if (s.window)
        m_state.window = *s.window;
    m_state.playing = s.playing;
    m_state.speed_days_per_s = s.speed_days_per_s;
    m_state.search = s.search;
    if (s.selected) {
        for (std::size_t i = 0; i < m_scene.drawn().count(); ++i) {
            const auto [layer, row] = m_scene.source_of(i);
            const Layer& l = m_scene.layers()[layer];
            if (l.path == s.selected->file && l.table.feature_index[row] == s.selected->index) {
                select(static_cast<int>(i));
                break;
            }
        }
    }
    m_listed_dirty = true;
}

void WindowApp::maybe_write_session(bool force) {
    if (m_options.session_path.empty() || (!m_session_dirty && !force))
        return;
    // Within a second of a change, but not every frame while something moves.
    if (!force && m_now - m_written_at < 0.5)
        return;
    if (std::string e = save_session(current_session(), m_options.session_path); !e.empty())
        m_state.message = e;
    m_written_at = m_now;
    m_session_dirty = false;
}

void WindowApp::apply(const core::Commands& c) {
    if (c.set_window) {
        m_state.window = *c.set_window;
        m_listed_dirty = true;
    }
    if (c.set_view)
        std::tie(m_state.view_from, m_state.view_to) = *c.set_view;
    if (c.set_playing) {
        ensure_window_set();
        m_state.playing = *c.set_playing;
    }
    if (c.set_speed)
        m_state.speed_days_per_s = std::max(0.01, *c.set_speed);
    if (c.set_mode) {
        ensure_window_set();
        m_state.window.mode = *c.set_mode;
        m_listed_dirty = true;
    }
    if (c.step_window)
        step_window(c.step_window);
    if (c.step_stack && !m_state.stack.empty()) {
        const int n = static_cast<int>(m_state.stack.size());
        const int pos = ((m_state.stack_pos + c.step_stack) % n + n) % n;
        select(m_state.stack[static_cast<std::size_t>(pos)]);
    }
    if (c.select)
        select(*c.select);
    if (c.fly_to && *c.fly_to >= 0) {
        core::Camera cam = m_ctl.camera();
        cam.set_centre(m_scene.projected()[static_cast<std::size_t>(*c.fly_to)]);
        cam.set_zoom(std::max(cam.zoom(), 8.0));
        m_ctl.set_camera(cam);
        m_listed_dirty = true;
    }
    if (c.fit_data)
        fit_data();
    if (c.reset_view) {
        fit_data();
        m_state.window = core::TimeWindow{};
    }
    for (const auto& f : c.open_files)
        m_loader.enqueue(f);
    if (c.cancel_load)
        m_loader.cancel();
    if (c.set_filters || c.colour_by || c.size_by) {
        // Filters and colouring change what is drawn and picked; the selection may go.
        if (c.colour_by)
            m_scene.set_category_field(c.colour_by->first, c.colour_by->second);
        if (c.size_by)
            m_scene.set_size_field(c.size_by->first, c.size_by->second);
        if (c.set_filters) {
            m_scene.set_filters(*c.set_filters);
            m_state.search = c.set_filters->search;
        }
        if (m_state.selected >= 0 && !m_scene.visible(static_cast<std::size_t>(m_state.selected)))
            select(-1);
        m_listed_dirty = true;
        mark_changed();
    }
    if (c.quit)
        glfwSetWindowShouldClose(m_window, GLFW_TRUE);
    const bool changed = c.set_window || c.set_playing || c.set_speed || c.set_mode ||
                         c.step_window || c.step_stack || c.select || c.fly_to || c.fit_data ||
                         c.reset_view;
    if (changed)
        mark_changed();
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

void WindowApp::draw_ui(core::Commands& c) {
    bool open_browser = m_open_browser;
    m_open_browser = false;
    if (ImGui::BeginMainMenuBar()) {
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Open…", "Ctrl+O"))
                open_browser = true;
            if (ImGui::MenuItem("Open sample data"))
                c.open_files.push_back(find_assets_dir() +
                                       "/samples/incidents-2023-10_2024-02.geojson");
            if (ImGui::BeginMenu("Open recent")) {
                if (std::ifstream in(state_dir() + "/recent-files"); in)
                    for (std::string line; std::getline(in, line);)
                        if (!line.empty() && ImGui::MenuItem(line.c_str()))
                            c.open_files.push_back(line);
                ImGui::EndMenu();
            }
            ImGui::Separator();
            if (ImGui::MenuItem("Quit", "Ctrl+Q"))
                c.quit = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("View")) {
            if (ImGui::MenuItem("Fit data", "F"))
                c.fit_data = true;
            if (ImGui::MenuItem("Reset view and time", "Home"))
                c.reset_view = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Help")) {
            ImGui::MenuItem("Drag: pan · wheel: zoom · double-click: zoom in", nullptr, false, false);
            ImGui::MenuItem("+/-: zoom · Ctrl+arrows: pan · F: fit · Home: reset", nullptr, false,
                            false);
            ImGui::MenuItem("Left/Right: step the window · Space: play/pause", nullptr, false, false);
            ImGui::MenuItem("N: next incident at the same spot · Esc: clear selection", nullptr,
                            false, false);
            ImGui::EndMenu();
        }
        ImGui::EndMainMenuBar();
    }
    if (open_browser) {
        std::string start = ".";
        if (!m_scene.layers().empty())
            start = std::filesystem::absolute(m_scene.layers().back().path).parent_path().string();
        m_browser.open(start);
    }
    m_browser.draw(c.open_files);
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                   ImGuiWindowFlags_NoSavedSettings;
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    const float menu = ImGui::GetFrameHeight();

    // Side panel.
    ImGui::SetNextWindowPos(ImVec2(0, menu));
    ImGui::SetNextWindowSize(ImVec2(kSideWidth, static_cast<float>(h) - menu - kStatusHeight));
    if (ImGui::Begin("##side", nullptr, fixed)) {
        ui::PanelView view;
        for (const auto& l : m_scene.layers())
            view.layers.push_back({std::filesystem::path(l.path).filename().string(), &l.report,
                                   l.table.count(), &l.table.attributes.fields()});
        if (m_listed_dirty)
            m_overlay = m_scene.overlay(m_ctl.camera(), m_state.window);
        const render::Overlay& o = m_overlay;
        view.legend_title = o.title;
        for (const auto& e : o.entries)
            view.legend.push_back({e.label, e.colour, e.count});
        view.drawn = &m_scene.drawn();
        if (m_state.selected >= 0) {
            const auto [layer, row] = m_scene.source_of(static_cast<std::size_t>(m_state.selected));
            view.selected_table = &m_scene.layers()[layer].table;
            view.selected_row = row;
            view.selected_file = std::filesystem::path(m_scene.layers()[layer].path).filename();
        }
        if (m_listed_dirty) {
            m_listed = m_scene.in_view(m_ctl.camera(), m_state.window);
            m_clusters_dirty = true;
            m_listed_dirty = false;
        }
        view.listed = &m_listed;
        view.filters = &m_scene.filters();
        view.loading = m_loader.busy();
        view.progress = m_loader.progress();
        view.loading_name = std::filesystem::path(m_loader.current()).filename();
        ui::draw_side_panel(m_state, view, c);
    }
    ImGui::End();

    // Timeline.
    ImGui::SetNextWindowPos(ImVec2(kSideWidth, static_cast<float>(h) - kStatusHeight - kTimelineHeight));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(w) - kSideWidth, kTimelineHeight));
    if (ImGui::Begin("##timeline", nullptr, fixed))
        ui::draw_timeline(m_state, m_index, c);
    ImGui::End();

    // Status bar.
    ImGui::SetNextWindowPos(ImVec2(0, static_cast<float>(h) - kStatusHeight));
    ImGui::SetNextWindowSize(ImVec2(static_cast<float>(w), kStatusHeight));
    if (ImGui::Begin("##status", nullptr, fixed | ImGuiWindowFlags_NoScrollbar)) {
        ui::StatusView s;
        if (m_map.contains(m_cursor_x, m_cursor_y))
            s.cursor = m_scene.projection().inverse(
                m_ctl.camera().to_map({m_cursor_x - m_map.x, m_cursor_y - m_map.y}));
        s.zoom = m_ctl.camera().zoom();
        s.total = m_scene.drawn().count();
        s.in_view_and_window = m_listed.size();
        s.frame_ms = m_options.test_mode ? -1.0f : m_frame_ms;
        s.message = !m_state.message.empty() ? m_state.message : m_basemap_error;
        ui::draw_status_bar(s);
    }
    ImGui::End();

    // Hover tooltip over the map.
    if (m_hover >= 0 && !ImGui::GetIO().WantCaptureMouse && !m_pressed) {
        const auto u = static_cast<std::size_t>(m_hover);
        const core::IncidentTable& t = m_scene.drawn();
        const core::CategoryId cat = t.category[u];
        ImGui::SetTooltip("%s\n%s", cat < t.categories.size() ? t.categories[cat].c_str() : "incident",
                          ui::describe_time(t.time(u)).c_str());
    }
}

void WindowApp::frame(double dt) {
    if (auto r = m_loader.poll())
        on_loaded(std::move(*r));
    if (m_loaded_files >= m_initial_files && !m_session_applied && m_session)
        apply_session_view();
    if (m_state.playing && !m_state.window.is_all()) {
        const auto advance = static_cast<core::UnixMs>(m_state.speed_days_per_s * dt *
                                                       static_cast<double>(core::kMsPerDay));
        m_state.window.from += advance;
        m_state.window.to += advance;
        if (m_index.dated() > 0 && m_state.window.from > m_index.last_end())
            m_state.playing = false; // the end of the data
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
    if (!m_options.session_path.empty() && std::filesystem::exists(m_options.session_path)) {
        std::string error;
        m_session = load_session(m_options.session_path, error);
        if (!m_session)
            std::fprintf(stderr, "incimap: %s (starting without it)\n", error.c_str());
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
        const bool busy = m_loader.busy() || m_state.playing || m_ctl.animating() || m_pressed ||
                          !m_ready_written;
        if (busy)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(0.25);
        const auto now = Clock::now();
        const double dt = std::min(0.25, std::chrono::duration<double>(now - last).count());
        last = now;
        m_now = std::chrono::duration<double>(now - t0).count();
        const auto f0 = Clock::now();
        frame(dt);
        m_frame_ms = static_cast<float>(std::chrono::duration<double, std::milli>(Clock::now() - f0).count());
        if (frame_log)
            std::fprintf(frame_log, "%.3f %.3f %d %d\n", m_now, static_cast<double>(m_frame_ms),
                         m_state.playing ? 1 : 0, m_ready_written ? 1 : 0);
        maybe_write_session(false);
        if (!m_ready_written && m_loaded_files >= m_initial_files && !m_loader.busy()) {
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
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
    return 0;
}

} // namespace

int run_window(const WindowOptions& options) {
    WindowApp app(options);
    return app.run();
}

} // namespace incimap::app
