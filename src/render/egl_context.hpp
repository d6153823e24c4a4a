#pragma once
// An OpenGL 3.3 core context with no window and no X server: EGL on Mesa's surfaceless
// platform (llvmpipe when there is no GPU). Used by `incimap render` and the gl tests.

#include <memory>
#include <string>

namespace incimap::render {

class EglContext {
public:
    // nullptr and a one-line `error` when no such context can be made.
    static std::unique_ptr<EglContext> create(std::string& error);
    ~EglContext();
    EglContext(const EglContext&) = delete;
    EglContext& operator=(const EglContext&) = delete;

    std::string renderer() const; // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

private:
    EglContext() = default;
    void* m_display = nullptr;
    void* m_context = nullptr;
};

} // namespace incimap::render
