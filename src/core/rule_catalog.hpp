// Rule metadata, generated at build time from rules/<dialect>/<ID>.toml (tools/rulegen.cpp).
// This one table feeds `cachelint rules`, `cachelint explain`, SARIF rule descriptors and docs.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace cachelint {

struct RuleMeta {
    std::string_view id;        // stable code, e.g. "RC101"
    std::string_view name;      // readable kebab-case slug, e.g. "maxmemory-unset"
    std::string_view dialect;   // "redis", "nginx", ...
    Severity severity;          // default severity
    std::string_view title;     // one sentence
    std::string_view rationale; // why it matters (Markdown allowed)
    std::string_view bad_example;
    std::string_view good_example;
    std::string_view example_args;  // extra CLI arguments the examples need (e.g. "--role cache")
    std::span<const std::string_view> references;
    std::span<const std::string_view> tags;
    std::string_view security_severity;  // "" unless a security rule; CVSS-like score for GitHub
    std::string_view precision;          // very-high | high | medium | low
    std::string_view fix;                // what `check --fix` changes; "" when the rule offers no mechanical fix
    bool fix_unsafe = false;             // the fix changes what the server does: only `--fix --unsafe-fixes` applies it
    std::string_view fingerprint_id;     // the first id the rule had (rules/redirects.toml): fingerprints stay stable

    bool has_tag(std::string_view tag) const {
        for (auto t : tags)
            if (t == tag) return true;
        return false;
    }
};

// A renamed or split rule: the old id or name, and a current id (rules/redirects.toml). A split rule has one
// row per piece, all with the same `from`; chains (an old id renamed, then split) are already followed.
struct RuleRedirect {
    std::string_view from, to;
};

// Every rule, sorted by id.
std::span<const RuleMeta> all_rules();
// By id or by name, or by an old id or name a rule was renamed from; nullptr if unknown, and for the old id
// of a split rule (it names several rules: see find_rules).
const RuleMeta* find_rule(std::string_view id_or_name);
// Every rule an id or name stands for: the rule itself, a renamed rule, or all the pieces of a split rule;
// empty if unknown.
std::vector<const RuleMeta*> find_rules(std::string_view id_or_name);
// The current ids a split rule's old id became, in the order rules/redirects.toml lists them; empty when
// `id` was not split.
std::span<const RuleRedirect> rule_redirects();
std::vector<std::string_view> split_into(std::string_view id);

}  // namespace cachelint
