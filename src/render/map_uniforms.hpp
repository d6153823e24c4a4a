#pragma once
// The uniforms every map-space shader shares (u_cam_hi, u_cam_lo, u_scale: see fill.vert),
// looked up and set in one place so the hi/lo camera contract cannot drift between layers.

#include "render/gl.hpp"
#include "render/map_transform.hpp"

namespace incimap::render {

struct MapUniforms {
    GLint cam_hi = -1, cam_lo = -1, scale = -1;

    void locate(GLuint program) {
        cam_hi = glGetUniformLocation(program, "u_cam_hi");
        cam_lo = glGetUniformLocation(program, "u_cam_lo");
        scale = glGetUniformLocation(program, "u_scale");
    }
    void set(const MapTransform& t) const { // the program must be in use
        glUniform2f(cam_hi, t.camera.hi_x, t.camera.hi_y);
        glUniform2f(cam_lo, t.camera.lo_x, t.camera.lo_y);
        glUniform2f(scale, t.scale_x, t.scale_y);
    }
};

} // namespace incimap::render
