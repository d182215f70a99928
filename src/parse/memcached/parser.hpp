#pragma once
#include "core/finding.hpp"
#include "engine/options.hpp"
#include "parse/memcached/config.hpp"

namespace cachelint::memcached {
// Builds memcached's argv from the file (Debian wrapper semantics, or a command line) and parses it
// with memcached's getopt_long rules. Fatal problems: MC008; wrapper problems: MC009.
void parse_config(Config& config, const SourceFile& file, FindingSink& sink);
// Option letters memcached accepts and whether each takes an argument (getopt "shortopts").
bool takes_argument(char c);
}
