// A live server's configuration as `redis-cli CONFIG GET '*'` prints it, read into the same model
// as a redis.conf so the same rules run on it. redis-cli prints the reply three ways:
//   piped (raw):        name and value on alternating lines, values unquoted, "" as an empty line;
//   on a terminal:      ` 1) "name"` / ` 2) "value"`, quoted and escaped like sdscatrepr();
//   terminal, RESP3:    `1# "name" => "value"` (redis-cli -3).
// Locations point at the value's line.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/lint_job.hpp"
#include "parse/redis/config.hpp"

namespace cachelint::redis {

enum class LiveFormat { none, raw, numbered };

// Recognises CONFIG GET output from the first bytes of a file (no redis.conf looks like this: a bare
// directive name alone on a line is refused by the server).
LiveFormat detect_live(std::string_view text);

struct LiveItem {
    std::string name, value;
    uint32_t line_begin = 0, line_end = 0;    // the value's line, in bytes
    uint32_t value_begin = 0, value_end = 0;  // the value itself (inside the quotes when quoted)
    bool quoted = false;
};
// The name/value pairs in order (a trailing name without a value is dropped).
std::vector<LiveItem> parse_live(std::string_view text, LiveFormat format);

// Fills `config` (target, directives, effective values) from a CONFIG GET dump; sets config.live.
void load_live(Config& config, const SourceFile& file, LintJob& job, LiveFormat format);

}  // namespace cachelint::redis
