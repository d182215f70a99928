#include "parse/haproxy/version.hpp"

#include <algorithm>
#include <array>

namespace cachelint::haproxy {
namespace {
constexpr std::array<std::string_view, 6> kNames{"2.4", "2.6", "2.8", "3.0", "3.1", "3.2"};
}

std::span<const std::string_view> version_names() { return kNames; }

Version newest_version() { return Version{3, 2}; }

std::optional<Version> parse_version(std::string_view s) {
    if (s.size() > 3 && s[3] == '.') {  // "2.6.12": the patch level does not change the grammar
        const std::string_view patch = s.substr(4);
        if (patch.empty() || !std::all_of(patch.begin(), patch.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        s = s.substr(0, 3);
    }
    if (std::find(kNames.begin(), kNames.end(), s) == kNames.end()) return std::nullopt;
    return Version{s[0] - '0', s[2] - '0'};
}

}  // namespace cachelint::haproxy
