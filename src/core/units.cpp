#include "core/units.hpp"

#include "core/text.hpp"

namespace cachelint {

std::optional<uint64_t> parse_size_option(std::string_view s) {
    size_t i = 0;
    uint64_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n > (UINT64_MAX - 9) / 10) return std::nullopt;
        n = n * 10 + static_cast<uint64_t>(s[i++] - '0');
    }
    if (i == 0) return std::nullopt;
    const std::string unit = to_lower(s.substr(i));
    uint64_t mul = 1;
    if (unit.empty() || unit == "b") mul = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib") mul = 1ull << 10;
    else if (unit == "m" || unit == "mb" || unit == "mib") mul = 1ull << 20;
    else if (unit == "g" || unit == "gb" || unit == "gib") mul = 1ull << 30;
    else if (unit == "t" || unit == "tb" || unit == "tib") mul = 1ull << 40;
    else return std::nullopt;
    if (n > UINT64_MAX / mul) return std::nullopt;
    return n * mul;
}

}  // namespace cachelint
