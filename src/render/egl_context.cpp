#include "render/egl_context.hpp"

#include "render/gl.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

namespace incimap::render {

std::unique_ptr<EglContext> EglContext::create(std::string& error) {
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_platform_display == nullptr) {
        error = "EGL has no eglGetPlatformDisplayEXT (install libegl-mesa0)";
        return nullptr;
    }
    // Ask for the surfaceless platform explicitly: plain eglGetDisplay needs an X server.
    EGLDisplay display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                              nullptr);
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || eglInitialize(display, &major, &minor) != EGL_TRUE) {
        error = "cannot open an EGL surfaceless display (install libegl-mesa0 and "
                "libgl1-mesa-dri)";
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
