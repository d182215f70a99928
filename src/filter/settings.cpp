#include "filter/settings.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "core/units.hpp"
#include "core/dialect.hpp"
#include "core/rule_catalog.hpp"
#include "parse/haproxy/version.hpp"
#include "parse/redis/target.hpp"
#include "parse/varnish/version.hpp"

namespace cachelint {
namespace {

std::vector<const SettingInfo*>& registry() {
    static std::vector<const SettingInfo*> r;
    return r;
}

std::string validate_role(std::string_view v) {
    for (auto r : {"cache", "store", "queue", "session", "unknown"})
        if (v == r) return "";
    return "expected cache|store|queue|session|unknown";
}

std::string validate_redis_version(std::string_view v) {
    if (redis::parse_target(v)) return "";
    std::string names;
    for (auto n : redis::target_names()) names += (names.empty() ? "" : "|") + std::string(n);
    return "expected " + names;
}

std::string validate_haproxy_version(std::string_view v) {
    if (haproxy::parse_version(v)) return "";
    std::string names;
    for (auto n : haproxy::version_names()) names += (names.empty() ? "" : "|") + std::string(n);
    return "expected " + names;
}

std::string validate_varnish_version(std::string_view v) {
    if (varnish::parse_varnish_version(v)) return "";
    std::string names;
    for (auto n : varnish::varnish_version_names()) names += (names.empty() ? "" : "|") + std::string(n);
    return "expected " + names;
}

std::string validate_size(std::string_view v) {
    auto m = parse_size_option(v);
    return m && *m > 0 ? "" : "expected a size such as 8gb or 512mb";
}

void apply_memory(LintOptions& o, std::string_view v) {
    if (!o.memory_bytes) o.memory_bytes = parse_size_option(v);  // --memory on the command line wins
}

// The settings the dialects on this branch read. Dialects can register more from their own folders.
const SettingInfo kRedisRole{"redis.role", "What the instance is for: cache|store|queue|session|unknown", validate_role, nullptr};
const SettingInfo kRedisVersion{"redis.version", "Target server: 6.2, 7.0, 7.2, 7.4, valkey-8.0, keydb-6.3",
                                validate_redis_version, nullptr};
const SettingInfo kRedisMemory{"redis.memory", "Memory the host or container really has (e.g. 8gb)", validate_size,
                               apply_memory};
const RegisterSetting kR1(kRedisRole), kR2(kRedisVersion), kR3(kRedisMemory);
const SettingInfo kHaproxyVersion{"haproxy.version", "Target HAProxy: 2.4, 2.6, 2.8, 3.0, 3.1, 3.2", validate_haproxy_version, nullptr};
const RegisterSetting kH1(kHaproxyVersion);
const SettingInfo kVarnishVersion{"varnish.version", "Target Varnish: 6.0 (LTS), 7.0 .. 7.6", validate_varnish_version,
                                  nullptr};
const RegisterSetting kV1(kVarnishVersion);

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

std::span<const SettingInfo* const> all_settings() { return registry(); }

const SettingInfo* find_setting(std::string_view key) {
    for (const auto* s : registry())
        if (s->key == key) return s;
    return nullptr;
}

RegisterSetting::RegisterSetting(const SettingInfo& info) {
    auto& r = registry();
    r.push_back(&info);
    std::sort(r.begin(), r.end(), [](const SettingInfo* a, const SettingInfo* b) { return a->key < b->key; });
}

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
