// Dialect settings a project configuration may set (`[redis] role = "cache"`), reaching the dialects
// as LintOptions::settings["redis.role"]. A dialect registers the keys it reads, so a typo in
// .cachelint.toml is an error instead of a silently ignored line:
//     static const cachelint::RegisterSetting kRole{{"nginx.prefix", "Directory nginx resolves includes against", nullptr, nullptr}};
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/options.hpp"
#include "core/rule_catalog.hpp"

namespace cachelint {

struct SettingInfo {
    std::string_view key;          // "<dialect>.<name>"
    std::string_view description;  // one line, shown by `cachelint config --show` and the docs
    // Returns "" when `value` is acceptable, else what is wrong with it (e.g. "expected cache|store").
    std::string (*validate)(std::string_view value) = nullptr;
    // Optionally also sets a LintOptions field for files of this setting's dialect.
    void (*apply)(LintOptions& options, std::string_view value) = nullptr;
};

std::span<const SettingInfo* const> all_settings();
const SettingInfo* find_setting(std::string_view key);

struct RegisterSetting {
    explicit RegisterSetting(const SettingInfo& info);
};

// Rule selectors, as select/ignore/--select/--ignore take them: a rule id or name, a dialect, a tag
// ("tag:security" or just "security"), "dialect:redis", or "ALL".
bool selector_matches(std::string_view selector, const RuleMeta& rule);
// "" when the selector names something that exists, else an error with a did-you-mean.
std::string check_selector(std::string_view selector);
// "" or an error naming the unknown rule (ids and names, for [severity] keys).
std::string check_rule_name(std::string_view name);

}  // namespace cachelint
