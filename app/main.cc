// mews-etl: parse the command line, run one command, map its Status to the contract's exit code.
#include <cstdio>
#include <exception>

#include "app/commands.h"
#include "app/options.h"

int main(int argc, char** argv) {
  mews::ParseOutcome parsed = mews::ParseCommandLine(argc, argv);
  if (!parsed.run) {
    std::fputs(parsed.output.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  try {
    return mews::RunCommand(parsed.options);
  } catch (const std::exception& e) {  // last resort: adapters are meant to return Status
    std::fprintf(stderr, "mews-etl: internal error: %s\n", e.what());
    return 1;
  }
}
