// Reads a redis.conf the way redis-server does (config.c loadServerConfig / loadServerConfigFromString):
// fgets chunks, line splitting, sdssplitargs, include expansion, dispatch and validation. Problems
// that make the server refuse the file are reported as findings tagged `fatal`.
#pragma once
#include "core/finding.hpp"
#include "core/lint_job.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis {

// MULTI_ARG configs (7.0+): several arguments, or one quoted argument that is split again.
bool is_multi_arg(std::string_view canonical);

// Fills `config.directives` and the effective configuration. `config.target` must be set.
void load_config(Config& config, const SourceFile& main, LintJob& job);

// The target version a file asks for, or infers (valkey/keydb-only directives), when none was given.
void choose_target(Config& config, const SourceFile& main, const LintOptions& options);

}  // namespace cachelint::redis
