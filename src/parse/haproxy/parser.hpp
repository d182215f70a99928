#pragma once
#include "core/finding.hpp"
#include "parse/haproxy/config.hpp"

namespace cachelint::haproxy {
// Reads `file` as `haproxy -c -f file` would and fills `config`. Whatever makes HAProxy refuse the
// file is reported as an error finding of a fatal rule (HAP901..HAP904).
void parse_config(Config& config, const SourceFile& file, FindingSink& sink);
}
