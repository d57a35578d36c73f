# The CMake package: `cmake --install build --prefix <p>` installs the SystemC-free libraries (core,
# workload, import, cost, models, search), the SystemC models (sim), their headers under include/shiftadd, the
# `shiftadd` executable, and configs/ and traces/ under share/shiftadd. Another project then uses
#   find_package(shiftadd REQUIRED)   # with CMAKE_PREFIX_PATH=<p>
#   target_link_libraries(app PRIVATE shiftadd::cost)   # or shiftadd::search, shiftadd::sim, ...
# (tests/package/consumer is such a project; ctest package.consumer builds and runs it). The verilated
# RTL (rtl/) is not exported: it is the simulator's check, not a library for others.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(SHIFTADD_EXPORTED core workload import cost models search sim)
foreach(lib ${SHIFTADD_EXPORTED})
  set_target_properties(shiftadd_${lib} PROPERTIES EXPORT_NAME ${lib})
  add_library(shiftadd::${lib} ALIAS shiftadd_${lib})
  install(TARGETS shiftadd_${lib} EXPORT shiftaddTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${lib}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/shiftadd/${lib}
          FILES_MATCHING PATTERN "*.h")
endforeach()
install(TARGETS shiftadd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs ${PROJECT_SOURCE_DIR}/traces DESTINATION ${CMAKE_INSTALL_DATADIR}/shiftadd)
set(SHIFTADD_DATA_DIR ${CMAKE_INSTALL_DATADIR}/shiftadd)
install(EXPORT shiftaddTargets NAMESPACE shiftadd:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/shiftadd)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/shiftaddConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/shiftaddConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/shiftadd
                              PATH_VARS SHIFTADD_DATA_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/shiftaddConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/shiftaddConfig.cmake ${PROJECT_BINARY_DIR}/shiftaddConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/shiftadd)
