#pragma once
#include "core/finding.hpp"
#include "core/options.hpp"
#include "parse/memcached/config.hpp"

namespace cachelint::memcached {
// Builds memcached's argv from the file (Debian wrapper semantics, or a command line) and parses it
// with memcached's getopt_long rules. Fatal problems: MC008; wrapper problems: MC009.
void parse_config(Config& config, const SourceFile& file, FindingSink& sink);
// memcached reads its numbers with atoi(): leading white space, a sign, then digits up to the first
// non-digit. The magnitude is clamped to 2^40 so that arithmetic on the result (megabytes to bytes)
// cannot overflow; c_atoi_int then truncates to int as glibc's (int) strtol() does.
long long c_atoi(std::string_view s);
int c_atoi_int(std::string_view s);
// Option letters memcached accepts and whether each takes an argument (getopt "shortopts").
bool takes_argument(char c);
// A variable memcached's systemd unit reads from /etc/sysconfig/memcached (PORT, USER, CACHESIZE, MAXCONN, OPTIONS).
bool is_unit_variable(std::string_view name);
}
