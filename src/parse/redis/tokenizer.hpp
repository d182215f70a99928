// Redis's sdssplitargs(), byte for byte: the tokenizer redis-server applies to each config line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachelint::redis {

struct RawToken {
    std::string value;  // decoded
    uint32_t begin = 0, end = 0;  // offsets into the line given to split_args
    bool quoted = false;
};

struct SplitResult {
    std::vector<RawToken> tokens;
    // Set when sdssplitargs would return NULL ("Unbalanced quotes in configuration line").
    std::optional<uint32_t> error_at;
    std::string error;  // which quoting rule was broken, for the message
};

// `line` ends at its first NUL, as a C string does.
SplitResult split_args(std::string_view line);

}  // namespace cachelint::redis
