// Small string helpers shared by every dialect.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachelint {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// The closest candidate within a small edit distance (case-insensitive), for "did you mean".
std::optional<std::string_view> did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
// Renders bytes for a message: printable ASCII and valid UTF-8 as is, anything else as \xHH.
std::string printable(std::string_view bytes, size_t max_len = 80);
// Replaces invalid UTF-8 with U+FFFD so JSON/SARIF output is always valid.
std::string valid_utf8(std::string_view bytes);
std::string format_bytes(unsigned long long bytes);  // "100 MiB (104857600 bytes)"

}  // namespace cachelint
