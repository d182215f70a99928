// Which HAProxy release the configuration is for (--haproxy-version, `[haproxy] version` in
// .cachelint.toml). Keywords come and go between releases, so what HAProxy refuses depends on it.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachelint::haproxy {

struct Version {
    int major = 3, minor = 2;
    bool at_least(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
    std::string name() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// Accepts the modelled branches: 2.4, 2.6, 2.8, 3.0, 3.1, 3.2 (a patch level such as 2.6.12 is accepted
// and ignored).
std::optional<Version> parse_version(std::string_view s);
Version newest_version();
std::span<const std::string_view> version_names();

}  // namespace cachelint::haproxy
