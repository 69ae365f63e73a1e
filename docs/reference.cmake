# Writes or checks docs/table-reference.md against `mews-etl schema --reference` (the mappings
# compiled into that binary). Run by the docs-reference target (MODE=write) and by the ctest
# docs_table_reference_current (MODE=check).
#   cmake -DETL=<mews-etl> -DDOC=<docs/table-reference.md> -DMODE=write|check -P reference.cmake
foreach(var ETL DOC MODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "reference.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND "${ETL}" schema --reference
                OUTPUT_VARIABLE generated ERROR_VARIABLE error RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${ETL} schema --reference failed (${rc}): ${error}")
endif()

set(current "")
if(EXISTS "${DOC}")
  file(READ "${DOC}" current)
endif()

if(MODE STREQUAL "write")
  if(current STREQUAL generated)
    message(STATUS "${DOC} is up to date")
  else()
    file(WRITE "${DOC}" "${generated}")
    message(STATUS "wrote ${DOC}")
  endif()
elseif(MODE STREQUAL "check")
  if(NOT current STREQUAL generated)
    get_filename_component(name "${DOC}" NAME)
    set(fresh "${CMAKE_CURRENT_BINARY_DIR}/${name}.generated")
    file(WRITE "${fresh}" "${generated}")
    execute_process(COMMAND diff -u "${DOC}" "${fresh}")  # straight to the test output
    message(FATAL_ERROR
      "${DOC} is stale: it differs from `mews-etl schema --reference` (diff above; a mapping, a "
      "lineage column or a type rule changed, or a merge brought new tables). Regenerate it with\n"
      "    cmake --build build --target docs-reference\n"
      "(build/ being your build directory) and commit the result.")
  endif()
  message(STATUS "${DOC} matches mews-etl schema --reference")
else()
  message(FATAL_ERROR "reference.cmake: MODE must be write or check, not '${MODE}'")
endif()
