#include "filter/settings.hpp"

#include <set>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "core/rule_catalog.hpp"

namespace cachelint {
namespace {

std::set<std::string> known_tags_and_dialects(std::set<std::string>& dialects) {
    std::set<std::string> tags;
    for (const auto& r : all_rules()) {
        for (auto t : r.tags) tags.insert(std::string(t));
        dialects.insert(std::string(r.dialect));
    }
    for (const auto* d : all_dialects()) dialects.insert(std::string(d->name));
    return tags;
}

}  // namespace

bool selector_matches(std::string_view sel, const RuleMeta& rule) {
    if (sel == "ALL") return true;
    if (sel.starts_with("tag:")) return rule.has_tag(sel.substr(4));
    if (sel.starts_with("dialect:")) return rule.dialect == sel.substr(8);
    if (rule.id == sel || rule.name == sel || rule.dialect == sel || rule.has_tag(sel)) return true;
    // An old id or name of a renamed rule, or of a split rule: it selects every piece (rules/redirects.toml).
    for (const auto& r : rule_redirects())
        if (r.from == sel && r.to == rule.id) return true;
    return false;
}

std::string check_selector(std::string_view sel) {
    for (const auto& r : all_rules())
        if (selector_matches(sel, r)) return "";
    std::set<std::string> dialects;
    std::set<std::string> tags = known_tags_and_dialects(dialects);
    // A dialect with no rules yet is still a valid selector (it just selects nothing).
    std::string_view bare = sel.starts_with("dialect:") ? sel.substr(8) : sel;
    if (dialects.count(std::string(bare))) return "";
    std::vector<std::string> owned;
    for (const auto& r : all_rules()) owned.emplace_back(r.id), owned.emplace_back(r.name);
    for (const auto& t : tags) owned.push_back(t), owned.push_back("tag:" + t);
    for (const auto& d : dialects) owned.push_back(d);
    owned.emplace_back("ALL");
    std::vector<std::string_view> keys(owned.begin(), owned.end());
    std::string msg = "unknown rule selector '" + std::string(sel) + "' (not a rule id, rule name, dialect, tag or ALL)";
    if (auto s = did_you_mean(sel, keys)) msg += "; did you mean '" + std::string(*s) + "'?";
    return msg;
}

std::string check_rule_name(std::string_view name) {
    if (!find_rules(name).empty()) return "";
    std::vector<std::string_view> keys;
    for (const auto& r : all_rules()) keys.push_back(r.id), keys.push_back(r.name);
    std::string msg = "unknown rule '" + std::string(name) + "'";
    if (auto s = did_you_mean(name, keys)) msg += "; did you mean '" + std::string(*s) + "'?";
    return msg;
}

}  // namespace cachelint
