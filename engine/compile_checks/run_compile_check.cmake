# Runs one compile check (see CMakeLists.txt here). MODE=Compiles: the snippet must compile with
# no diagnostic at all. MODE=FailsUnderGuard: with HOOKCHECK_BREAK it must fail, and the output
# must contain DIAGNOSTIC (a failure for any other reason does not count).
string(REPLACE "|" ";" flags "${FLAGS}")
set(defines -DHOOKCHECK_GUARD=${GUARD})
if(MODE STREQUAL "FailsUnderGuard")
  list(APPEND defines -DHOOKCHECK_BREAK)
endif()
execute_process(COMMAND ${CXX} ${flags} ${defines} ${SRC}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(MODE STREQUAL "Compiles")
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
    message(FATAL_ERROR "${SRC} (${GUARD}) must compile clean, got rc=${rc}:\n${out}")
  endif()
else()
  string(FIND "${out}" "${DIAGNOSTIC}" at)
  if(rc EQUAL 0 OR at EQUAL -1)
    message(FATAL_ERROR "${SRC} (${GUARD}, HOOKCHECK_BREAK) must fail with \"${DIAGNOSTIC}\", "
                        "got rc=${rc}:\n${out}")
  endif()
endif()
message(STATUS "${SRC} (${GUARD}, ${MODE}): as required")
