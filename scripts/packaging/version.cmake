# INCIMAP_VERSION: what `incimap --version`, the .deb, the changelog and the AppStream
# metainfo say. PROJECT_VERSION unless INCIMAP_VERSION_FROM_GIT (./scripts/dev package), which
# reads `git describe`:
#   tag v1.2.0 on HEAD            -> 1.2.0 (v1.2.0-rc1 -> 1.2.0~rc1)
#   5 commits after tag v1.2.0    -> 1.2.0+5.gabc1234
#   no v* tag yet                 -> PROJECT_VERSION~git<commits>.g<hash> (sorts before the release)
#   uncommitted changes           -> the above + .dirty
# Only characters a Debian version allows ([0-9A-Za-z.+~]); never a '-' (a native package).
# INCIMAP_RELEASE_DATE (YYYY-MM-DD) and INCIMAP_RELEASE_DATE_RFC2822: HEAD's commit date, so a
# package built twice from one commit is the same; today's date outside a git checkout.
# INCIMAP_GIT_COMMIT: HEAD's short hash (the changelog names it), "unknown" outside git.
option(INCIMAP_VERSION_FROM_GIT "Take the version from git describe (./scripts/dev package)" OFF)

set(INCIMAP_VERSION ${PROJECT_VERSION})
string(TIMESTAMP INCIMAP_RELEASE_DATE "%Y-%m-%d" UTC)
string(TIMESTAMP INCIMAP_RELEASE_DATE_RFC2822 "%a, %d %b %Y %H:%M:%S +0000" UTC)

set(INCIMAP_GIT_COMMIT unknown)

find_package(Git QUIET)
if(GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} log -1 --format=%cs%n%cD%n%h
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                    OUTPUT_VARIABLE _head OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _rc ERROR_QUIET)
    if(_rc EQUAL 0 AND _head MATCHES "^([0-9-]+)\n([^\n]+)\n([0-9a-f]+)$")
        set(INCIMAP_RELEASE_DATE ${CMAKE_MATCH_1})
        set(INCIMAP_RELEASE_DATE_RFC2822 ${CMAKE_MATCH_2})
        set(INCIMAP_GIT_COMMIT ${CMAKE_MATCH_3})
    endif()
endif()

if(INCIMAP_VERSION_FROM_GIT)
    if(NOT GIT_FOUND OR NOT EXISTS ${PROJECT_SOURCE_DIR}/.git)
        message(FATAL_ERROR "INCIMAP_VERSION_FROM_GIT needs git and a git checkout")
    endif()
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --tags --match "v[0-9]*" --long --always
                            --dirty=.dirty
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                    OUTPUT_VARIABLE _described OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "git describe failed in ${PROJECT_SOURCE_DIR}")
    endif()
    if(_described MATCHES "^v([0-9].*)-([0-9]+)-g([0-9a-f]+)(\\.dirty)?$")
        string(REPLACE "-" "~" INCIMAP_VERSION "${CMAKE_MATCH_1}") # v1.2.0-rc1 -> 1.2.0~rc1
        if(NOT CMAKE_MATCH_2 EQUAL 0)
            string(APPEND INCIMAP_VERSION "+${CMAKE_MATCH_2}.g${CMAKE_MATCH_3}")
        endif()
        string(APPEND INCIMAP_VERSION "${CMAKE_MATCH_4}")
    elseif(_described MATCHES "^([0-9a-f]+)(\\.dirty)?$")
        set(_hash ${CMAKE_MATCH_1})
        set(_dirty "${CMAKE_MATCH_2}")
        execute_process(COMMAND ${GIT_EXECUTABLE} rev-list --count HEAD
                        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                        OUTPUT_VARIABLE _count OUTPUT_STRIP_TRAILING_WHITESPACE)
        set(INCIMAP_VERSION "${PROJECT_VERSION}~git${_count}.g${_hash}${_dirty}")
    else()
        message(FATAL_ERROR "git describe gave '${_described}': not vX.Y.Z-N-gHASH")
    endif()
endif()
message(STATUS "incimap version ${INCIMAP_VERSION} (${INCIMAP_RELEASE_DATE})")
