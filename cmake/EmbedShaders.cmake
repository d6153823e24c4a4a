# Embeds GLSL files into a generated C++ source so the binary needs no shader files at run
# time. Each file becomes an entry {name, source} in incimap::render::embedded_shaders().
function(incimap_embed_shaders target)
    set(out_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/embedded_shaders.cpp)
    set(inputs ${ARGN})
    add_custom_command(
        OUTPUT ${out_cpp}
        COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} "-DINPUTS=${inputs}"
                -P ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
        DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
        COMMENT "Embedding shaders"
        VERBATIM)
    target_sources(${target} PRIVATE ${out_cpp})
endfunction()
