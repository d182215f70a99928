// The entry point of the command line, callable from tests: `cachelint ARGS...` with the given streams.
#pragma once
#include <string>
#include <vector>

#include "session/session.hpp"

namespace cachelint {

// `argv[0]` is the program name. Prints on `io.out` and `io.err` only (standard input, for '-', is still
// std::cin) and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
int run_cli(const std::vector<std::string>& argv, Console io);

}  // namespace cachelint
