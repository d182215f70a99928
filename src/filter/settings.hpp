// What a project configuration may name: rule selectors and rule names. The dialect settings it may set
// (`[redis] role = "cache"`) are registered by each dialect from its own folder (core/settings.hpp).
#pragma once
#include <string>
#include <string_view>

#include "core/rule_catalog.hpp"

namespace cachelint {

// Rule selectors, as select/ignore/--select/--ignore take them: a rule id or name, a dialect, a tag
// ("tag:security" or just "security"), "dialect:redis", or "ALL".
bool selector_matches(std::string_view selector, const RuleMeta& rule);
// "" when the selector names something that exists, else an error with a did-you-mean.
std::string check_selector(std::string_view selector);
// "" or an error naming the unknown rule (ids and names, for [severity] keys).
std::string check_rule_name(std::string_view name);

}  // namespace cachelint
