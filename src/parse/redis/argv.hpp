// redis-server's command line (`redis-server [configfile] --name value ...`) read the way its main() reads
// it: each `--name` starts a directive, the words after it are its arguments, and the result is loaded like
// a configuration file. Used for container commands, Kubernetes args and systemd ExecStart= lines.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/lint_job.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis {

struct ArgvItem {
    std::string value;
    Span span;  // where the argument is written (in the file that holds the command)
};

struct ArgvLoad {
    std::optional<ArgvItem> config_file;  // a first argument that names a configuration file
    bool from_stdin = false;              // `-` as first or last argument: more configuration on stdin
};

// Fills `config` from the arguments after the program name. Every span (directives, findings) points into
// the file that holds the command; `holder` becomes config.main. `config.target` must be set.
ArgvLoad load_argv(Config& config, const std::vector<ArgvItem>& argv, const SourceFile& holder, LintJob& job);

}  // namespace cachelint::redis
