#pragma once
// The one include for OpenGL 3.3 core: prototypes from glcorearb.h, resolved by glvnd's
// libGL for both GLX (the window) and EGL (off-screen) contexts.

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
