// The [redis] keys a project configuration may set (core/settings.hpp); the dialect reads them from
// LintOptions::settings (role.cpp, loader.cpp), and `redis.memory` also sets LintOptions::memory_bytes.
#include <string>
#include <string_view>

#include "core/settings.hpp"
#include "core/units.hpp"
#include "parse/redis/target.hpp"

namespace cachelint::redis {
namespace {

constexpr std::string_view kRoles[] = {"cache", "store", "queue", "session", "unknown"};

std::string validate_role(std::string_view v) {
    for (auto r : kRoles)
        if (v == r) return "";
    return expected_one_of(kRoles);
}

std::string validate_version(std::string_view v) {
    if (parse_target(v)) return "";
    return expected_one_of(target_names());
}

std::string validate_size(std::string_view v) {
    auto m = parse_size_option(v);
    return m && *m > 0 ? "" : "expected a size such as 8gb or 512mb";
}

void apply_memory(LintOptions& o, std::string_view v) {
    if (!o.memory_bytes) o.memory_bytes = parse_size_option(v);  // --memory on the command line wins
}

const SettingInfo kRole{"redis.role", "What the instance is for: cache|store|queue|session|unknown", validate_role, nullptr};
const SettingInfo kVersion{"redis.version", "Target server: 6.2, 7.0, 7.2, 7.4, valkey-8.0, keydb-6.3", validate_version,
                           nullptr};
const SettingInfo kMemory{"redis.memory", "Memory the host or container really has (e.g. 8gb)", validate_size, apply_memory};
const RegisterSetting kRegisterRole(kRole), kRegisterVersion(kVersion), kRegisterMemory(kMemory);

}  // namespace
}  // namespace cachelint::redis
