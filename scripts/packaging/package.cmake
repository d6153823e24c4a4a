# The Debian package: `cpack -G DEB` in a build configured by `./scripts/dev package`
# (Release, Debian's hardening flags, -DCMAKE_INSTALL_PREFIX=/usr, the version from git
# describe). It holds exactly what the install rules install, under /usr, stripped; its
# dependencies are the shared libraries' packages as dpkg-shlibdeps finds them plus the fonts
# the labels are drawn with (read at run time, so no library names them).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME incimap)
set(CPACK_PACKAGE_VERSION ${INCIMAP_VERSION})
set(CPACK_PACKAGE_VENDOR "incimap")
set(CPACK_PACKAGE_CONTACT "${INCIMAP_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${INCIMAP_SUMMARY}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS})

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # incimap_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${INCIMAP_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${INCIMAP_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-noto-core")
# Off-screen rendering (`incimap render`) and the window on a machine without a GPU driver of
# its own use Mesa's EGL and software rasteriser.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libegl-mesa0, libgl1-mesa-dri")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# The extended description (CPack puts the summary above it as the synopsis and a space before
# each line); at most 80 columns.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "A native desktop map of geocoded incidents in time. It loads GeoJSON, CSV,
KML, GeoPackage, Shapefile, FlatGeobuf and GPX exports (ACLED and the like),
shows where and when together, scrubs the timeline day by day or plays it,
and shows who, what, where, when and the source of a clicked incident.
.
Offline: an offline basemap (Natural Earth, GeoNames places) is included.
The same engine runs headless as `incimap info`, `incimap render` (a PNG
drawn off-screen, no display needed) and `incimap export`.")

include(CPack)
