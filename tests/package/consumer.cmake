# ctest package.consumer: install the build tree into ${WORK}/prefix, build tests/package/consumer against
# it with find_package(shiftadd), run it, and compare its ResNet-50 cycles with the in-tree CLI's.
file(REMOVE_RECURSE ${WORK})
foreach(step "install;--install;${BUILD};--prefix;${WORK}/prefix"
             "configure;-S;${SRC}/tests/package/consumer;-B;${WORK}/build;-DCMAKE_PREFIX_PATH=${WORK}/prefix;-DCMAKE_BUILD_TYPE=Release"
             "build;--build;${WORK}/build")
  list(POP_FRONT step name)
  execute_process(COMMAND ${CMAKE_COMMAND} ${step} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${out}\n${err}")
  endif()
endforeach()
execute_process(COMMAND ${WORK}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE got ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${EXE} sim --hw configs/hw/hybrid.yaml --net traces/resnet50.yaml --out ${WORK}/sim
                WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE cli RESULT_VARIABLE rc)
string(REGEX MATCH "([0-9]+) cycles" m "${cli}")
set(cycles ${CMAKE_MATCH_1})
if(NOT got MATCHES "resnet50 on hybrid: ${cycles} cycles, area 2.292592 mm2, front of 4 points: 3")
  message(FATAL_ERROR "consumer printed: ${got}\nexpected ${cycles} cycles (shiftadd sim --net), area 2.292592 mm2, a front of 3")
endif()
foreach(f bin/shiftadd share/shiftadd/configs/hw/hybrid.yaml lib/cmake/shiftadd/shiftaddConfigVersion.cmake
          include/shiftadd/cost/accel/accelerator.h)
  if(NOT EXISTS ${WORK}/prefix/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
message(STATUS "consumer: ${got}")
