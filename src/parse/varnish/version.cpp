#include "parse/varnish/version.hpp"

namespace cachelint::varnish {
namespace {
constexpr std::string_view kNames[] = {"6.0", "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"};
}

std::optional<VarnishTarget> parse_varnish_version(std::string_view v) {
    for (auto n : kNames)
        if (n == v) {
            VarnishTarget t;
            t.major = n[0] - '0';
            t.minor = n[2] - '0';
            return t;
        }
    return std::nullopt;
}

std::span<const std::string_view> varnish_version_names() { return kNames; }

VarnishTarget newest_varnish_target() { return VarnishTarget{}; }

}  // namespace cachelint::varnish
