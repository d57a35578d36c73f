# An NLP search end to end with --hil on its best member: greedy decoding of 8 test phrases with every
# int8 GEMM on the SystemC arrays and the first phrase on the verilated RTL arrays, logits bit-exact.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${EXE} search --config tests/cli/search_tiny/search_nlp.yaml --out ${WORK} --hil --hil-members 1
                        --rtl-images 1
                RESULT_VARIABLE rc OUTPUT_VARIABLE so ERROR_VARIABLE se WORKING_DIRECTORY ${SRC})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "search failed (${rc})\n${so}\n${se}")
endif()
if(NOT so MATCHES "8 test phrases on the SystemC arrays, [0-9]+ GEMMs; int8 [0-9.]+, hil [0-9.]+, logits bit-exact: yes")
  message(FATAL_ERROR "no bit-exact HIL line for 8 phrases:\n${so}")
endif()
file(READ ${WORK}/pareto.csv csv)
if(NOT csv MATCHES ",true,8,[0-9.e+-]+,[0-9.e+-]+,1,true" OR csv MATCHES ",false,")
  message(FATAL_ERROR "HIL row not bit-exact on SystemC (8 phrases) and RTL (1 phrase), or a limit broken:\n${csv}")
endif()
