// The Varnish release a VCL is checked against (--varnish-version, `[varnish] version`): 6.0 (the LTS) or a 7.x.
// The grammar cachelint follows is varnishd 7.1's; the target switches the differences the release notes
// (doc/sphinx/whats-new/changes-6.x/7.x.rst) name and varnishd -C shows: what 6.0 still accepts (return (miss)
// in vcl_hit, ACL entries with host bits set) or does not know yet (ACL flags, include +glob, BLOB literals,
// triple-quoted strings), and the ACL flag `+fold` of 7.5.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachelint::varnish {

struct VarnishTarget {
    int major = 7;
    int minor = 6;
    std::string reason;  // where a non-default choice came from, as a message suffix: " (--varnish-version 6.0)"

    std::string name() const { return std::to_string(major) + "." + std::to_string(minor); }
    bool at_least(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
};

std::optional<VarnishTarget> parse_varnish_version(std::string_view v);  // "6.0", "7.0" .. "7.6"
std::span<const std::string_view> varnish_version_names();
VarnishTarget newest_varnish_target();

}  // namespace cachelint::varnish
