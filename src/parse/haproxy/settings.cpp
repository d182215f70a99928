// The [haproxy] keys a project configuration may set (core/settings.hpp); dialect.cpp reads them.
#include <string>
#include <string_view>

#include "core/settings.hpp"
#include "parse/haproxy/version.hpp"

namespace cachelint::haproxy {
namespace {

std::string validate_version(std::string_view v) {
    if (parse_version(v)) return "";
    return expected_one_of(version_names());
}

const SettingInfo kVersion{"haproxy.version", "Target HAProxy: 2.4, 2.6, 2.8, 3.0, 3.1, 3.2", validate_version, nullptr};
const RegisterSetting kRegisterVersion(kVersion);

}  // namespace
}  // namespace cachelint::haproxy
