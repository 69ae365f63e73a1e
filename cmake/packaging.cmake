# Installing and packaging. `cmake --install build` puts mews-etl in <prefix>/bin (default
# /usr/local/bin) and the documentation in <prefix>/share/doc/mews-etl; `cpack --config
# build/CPackConfig.cmake` builds the same tree, under /usr, as a Debian package whose Depends
# dpkg-shlibdeps derives from the libraries the binary links (so a new library needs no edit here).
# mews-sim is a test and demo tool and is not installed.
# Installing and packaging copy what is built and never build: cpack (and the package_deb test) must
# not start a build of the whole tree. Build first (scripts/setup, cmake --build).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(MEWS_ETL_PACKAGE_MAINTAINER "mews-etl developers <mews-etl@localhost>" CACHE STRING
    "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mews-etl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Mews hotel PMS bulk exports into PostgreSQL or SQLite")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${MEWS_ETL_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGE_DESCRIPTION
    "mews-etl creates Mews Connector API exports, downloads their JSON Lines files,
parses them into typed rows and upserts them into PostgreSQL or SQLite tables
for BI tools: incremental, resumable, one transaction per export.")
include(CPack)
