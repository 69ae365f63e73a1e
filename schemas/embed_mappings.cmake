# Generates a C++ file that holds every schemas/mappings/*.json file's text, so the executable
# needs no data files at run time. Invoked with -DOUT=<file> -DFILES=<a;b;c>.
set(body "#include \"schemas/registry.h\"\n\nnamespace mews {\n\nconst std::map<std::string, std::string>& EmbeddedMappingFiles() {\n  static const std::map<std::string, std::string> kFiles = {\n")
foreach(f IN LISTS FILES)
  file(READ "${f}" text)
  get_filename_component(name "${f}" NAME)
  string(APPEND body "      {\"${name}\", R\"mews_json(${text})mews_json\"},\n")
endforeach()
string(APPEND body "  };\n  return kFiles;\n}\n\n}  // namespace mews\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
