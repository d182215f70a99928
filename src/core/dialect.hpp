// A dialect plugs itself into the pipeline here: how to recognise its files and how to lint one.
// Each dialect registers from its own folder (src/parse/<dialect>), so adding one edits no shared list.
#pragma once
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/lint_job.hpp"
#include "core/rule_ids.hpp"

namespace cachelint {

// How a dialect's files write comments. A `#` at the start of a line (after blanks) is a comment in every
// dialect; inline suppressions are read with this, and the rule docs show it.
struct CommentSyntax {
    bool slash = false;     // `//` starts a comment too (VCL)
    bool trailing = false;  // a comment may follow a directive on its line (nginx, HAProxy, VCL)
};

struct DialectInfo {
    std::string_view name;         // "redis", "nginx", ...
    std::string_view description;  // one line for --help and `cachelint dialects`
    // Confidence 0..100 that a file with this base name belongs to the dialect (100 = certain).
    int (*name_score)(std::string_view filename) = nullptr;
    // Confidence 0..100 from the first bytes of the content, for names that are not conclusive.
    int (*content_score)(std::string_view head) = nullptr;
    // Parse the job's main file (and its includes), build the model, run the rules.
    void (*lint)(LintJob& job) = nullptr;
    CommentSyntax comments{};
    // The language of the Markdown code fences showing its examples in the rule docs ("vcl"; "" for none).
    std::string_view fence{};
};

std::span<const DialectInfo* const> all_dialects();
const DialectInfo* find_dialect(std::string_view name);

struct RegisterDialect {
    explicit RegisterDialect(const DialectInfo& info);
};

// Ids of every rule implementation, whatever its model (for the registry meta-test).
std::vector<std::string_view>& registered_rule_ids();

// Rules for a dialect model register themselves next to their logic (src/rules/<dialect>/).
template <class Model>
struct RuleSet {
    struct Entry {
        const RuleId* rule;
        void (*check)(const Model&, RuleSink&);
    };
    static std::vector<Entry>& entries() {
        static std::vector<Entry> e;
        return e;
    }
    static void run(const Model& model, FindingSink& sink) {
        for (const auto& e : entries()) {
            RuleSink bound(sink, *e.rule);
            e.check(model, bound);
        }
    }
};

template <class Model>
struct RegisterRule {
    RegisterRule(const RuleId& id, void (*check)(const Model&, RuleSink&)) {
        RuleSet<Model>::entries().push_back({&id, check});
        registered_rule_ids().push_back(id.id);
    }
};

}  // namespace cachelint

#define CACHELINT_CONCAT_(a, b) a##b
#define CACHELINT_CONCAT(a, b) CACHELINT_CONCAT_(a, b)
// CACHELINT_RULE(redis::Config, ids::RC101, check_fn): registers `void check_fn(const redis::Config&, RuleSink&)`
// as the logic of rule RC101; what it reports through the RuleSink is RC101's.
#define CACHELINT_RULE(MODEL, ID, FN) \
    static const ::cachelint::RegisterRule<MODEL> CACHELINT_CONCAT(cachelint_rule_, __LINE__){ID, FN}
