#include "render/egl_context.hpp"

#include "render/gl.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdlib>
#include <cstring>

namespace incimap::render {

namespace {

// The first EGL device (EGL_EXT_platform_device: NVIDIA's driver, Mesa's GPUs) that
// initialises; with `hardware_only`, skipping Mesa's software device. EGL_NO_DISPLAY if none.
EGLDisplay device_display(PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display,
                          bool hardware_only) {
    auto query_devices =
        reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    auto query_string = reinterpret_cast<PFNEGLQUERYDEVICESTRINGEXTPROC>(
        eglGetProcAddress("eglQueryDeviceStringEXT"));
    if (query_devices == nullptr)
        return EGL_NO_DISPLAY;
    EGLDeviceEXT devices[16];
    EGLint count = 0;
    if (query_devices(16, devices, &count) != EGL_TRUE)
        return EGL_NO_DISPLAY;
    for (EGLint i = 0; i < count; ++i) {
        const char* ext = query_string ? query_string(devices[i], EGL_EXTENSIONS) : nullptr;
        if (hardware_only && ext && std::strstr(ext, "EGL_MESA_device_software"))
            continue;
        EGLDisplay d = get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
        EGLint major = 0, minor = 0;
        if (d != EGL_NO_DISPLAY && eglInitialize(d, &major, &minor) == EGL_TRUE)
            return d;
    }
    return EGL_NO_DISPLAY;
}

} // namespace

std::unique_ptr<EglContext> EglContext::create(std::string& error) {
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_platform_display == nullptr) {
        error = "EGL has no eglGetPlatformDisplayEXT (install libegl-mesa0)";
        return nullptr;
    }
    // INCIMAP_EGL_DEVICE=hardware: a GPU through EGL_EXT_platform_device, or nothing (the GPU
    // benchmark, bench/gpu_frames.sh). Otherwise Mesa's surfaceless platform, asked for
    // explicitly (plain eglGetDisplay needs an X server), then any EGL device (NVIDIA's
    // driver has no surfaceless platform).
    const char* want = std::getenv("INCIMAP_EGL_DEVICE");
    const bool hardware_only = want && std::strcmp(want, "hardware") == 0;
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLint major = 0, minor = 0;
    if (!hardware_only) {
        display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                       nullptr);
        if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor) != EGL_TRUE)
            display = EGL_NO_DISPLAY;
    }
    if (display == EGL_NO_DISPLAY)
        display = device_display(get_platform_display, hardware_only);
    if (display == EGL_NO_DISPLAY) {
        error = hardware_only ? "no hardware EGL device (INCIMAP_EGL_DEVICE=hardware)"
                              : "cannot open an EGL surfaceless display (install libegl-mesa0 "
                                "and libgl1-mesa-dri)";
        return nullptr;
    }
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) {
        error = "EGL cannot bind the desktop OpenGL API";
        eglTerminate(display);
        return nullptr;
    }
    const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
                                     EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint configs = 0;
    // Surfaceless needs no config, but some drivers want one for the context.
    if (eglChooseConfig(display, config_attribs, &config, 1, &configs) != EGL_TRUE || configs == 0)
        config = nullptr;
    const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                      EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attribs);
    if (context == EGL_NO_CONTEXT) {
        error = "cannot create an OpenGL 3.3 core context through EGL";
        eglTerminate(display);
        return nullptr;
    }
    if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE) {
        error = "cannot make the EGL context current (surfaceless)";
        eglDestroyContext(display, context);
        eglTerminate(display);
        return nullptr;
    }
    std::unique_ptr<EglContext> out(new EglContext());
    out->m_display = display;
    out->m_context = context;
    return out;
}

EglContext::~EglContext() {
    auto display = static_cast<EGLDisplay>(m_display);
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, static_cast<EGLContext>(m_context));
    eglTerminate(display);
}

std::string EglContext::renderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "";
}

} // namespace incimap::render
