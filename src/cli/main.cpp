// cachelint: the process around run_cli (src/cli/app.cpp), which tests call in process too.
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv, argv + argc);
    return cachelint::run_cli(args, {std::cout, std::cerr, ::isatty(STDOUT_FILENO) == 1});
}
