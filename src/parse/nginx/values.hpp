// nginx value syntaxes (src/core/ngx_parse.c): times, sizes, offsets.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace cachelint::nginx {

// ngx_parse_time: units y M w d h m s (and ms unless `seconds`) in strictly descending order, spaces
// allowed between parts, a bare trailing number is seconds (ms when !seconds). Result in seconds (or ms).
std::optional<int64_t> parse_time(std::string_view s, bool seconds);
// ngx_parse_size: digits with an optional k/K or m/M suffix.
std::optional<uint64_t> parse_size(std::string_view s);
// ngx_parse_offset: like parse_size, plus g/G.
std::optional<uint64_t> parse_offset(std::string_view s);
std::string format_duration(int64_t seconds);  // "10m", "1d", "90s"
// A template placeholder an installer substitutes before nginx reads the file (`SEDSERVERMEM03m`,
// `{{ size }}`, `%%SIZE%%`, `@SIZE@`): its value is unknown, never invalid, and it may expand to
// several words.
bool looks_like_placeholder(std::string_view s);

}  // namespace cachelint::nginx
