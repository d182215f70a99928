// Dialect settings a project configuration may set (`[redis] role = "cache"`), reaching the dialects
// as LintOptions::settings["redis.role"]. A dialect registers the keys it reads from its own folder
// (src/parse/<dialect>/settings.cpp), so a typo in .cachelint.toml is an error instead of a silently
// ignored line, and the configuration reader (filter/) knows no dialect:
//     static const cachelint::SettingInfo kPrefix{"nginx.prefix", "Directory nginx resolves includes against", nullptr, nullptr};
//     static const cachelint::RegisterSetting kRegisterPrefix(kPrefix);
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "core/options.hpp"

namespace cachelint {

struct SettingInfo {
    std::string_view key;          // "<dialect>.<name>"
    std::string_view description;  // one line, shown by `cachelint config --show` and the docs
    // Returns "" when `value` is acceptable, else what is wrong with it (e.g. "expected cache|store").
    std::string (*validate)(std::string_view value) = nullptr;
    // Optionally also sets a LintOptions field for files of this setting's dialect.
    void (*apply)(LintOptions& options, std::string_view value) = nullptr;
};

// Every registered setting, sorted by key.
std::span<const SettingInfo* const> all_settings();
const SettingInfo* find_setting(std::string_view key);

// "expected 6.2|7.0|..." for a validator that accepts one of `names`.
std::string expected_one_of(std::span<const std::string_view> names);

struct RegisterSetting {
    explicit RegisterSetting(const SettingInfo& info);
};

}  // namespace cachelint
