// Reads an Apache httpd configuration the way httpd 2.4 does (server/config.c ap_build_config,
// ap_build_cont_config, ap_soak_end_container, ap_walk_config; server/core.c Include/Define/IfModule;
// modules/cache/*.c command handlers). Whatever makes `apache2 -t` refuse the file is reported as a
// finding of a rule tagged `fatal` (APC901..APC904); what cachelint cannot know from the files alone
// (modules loaded by a file it was not given, -D defines, the deploy host's paths) is never fatal.
#pragma once
#include "core/lint_job.hpp"
#include "parse/apache/config.hpp"

namespace cachelint::apache {

void load_config(Config& config, const SourceFile& main, LintJob& job);

}  // namespace cachelint::apache
