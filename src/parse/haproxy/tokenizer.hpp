// HAProxy 2.6's parse_line() (src/tools.c) with the options readcfgfile() passes:
// PARSE_OPT_ENV | DQUOTE | SQUOTE | BKSLASH | SHARP | WORD_EXPAND.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint::haproxy {

struct RawWord {
    std::string value;
    uint32_t begin = 0, end = 0;  // offsets into the line given to split_line
    bool env = false;
};

enum class SplitError { none, quote, hex, varname, brace, expand, too_many };

struct SplitResult {
    std::vector<RawWord> words;
    SplitError error = SplitError::none;
    uint32_t error_at = 0;  // offset into the line
};

constexpr size_t kMaxLineArgs = 64;  // MAX_LINE_ARGS

// `line` is one physical line without its '\n'; leading spaces must already be skipped, as
// readcfgfile() does. A '\r' ends the line (parse_line stops there), so CRLF files work.
SplitResult split_line(std::string_view line);

}  // namespace cachelint::haproxy
