// The [varnish] keys a project configuration may set (core/settings.hpp); parser.cpp reads them.
#include <string>
#include <string_view>

#include "core/settings.hpp"
#include "parse/varnish/version.hpp"

namespace cachelint::varnish {
namespace {

std::string validate_version(std::string_view v) {
    if (parse_varnish_version(v)) return "";
    return expected_one_of(varnish_version_names());
}

const SettingInfo kVersion{"varnish.version", "Target Varnish: 6.0 (LTS), 7.0 .. 7.6", validate_version, nullptr};
const RegisterSetting kRegisterVersion(kVersion);

}  // namespace
}  // namespace cachelint::varnish
