#include "filter/baseline.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/paths.hpp"
#include "core/json.hpp"
#include "core/rule_catalog.hpp"

#include <nlohmann/json.hpp>

namespace cachelint {
namespace {

using Entry = BaselineSummary::Entry;

bool entry_order(const Entry& a, const Entry& b) {
    return std::tie(a.path, a.rule_id, a.fingerprint) < std::tie(b.path, b.rule_id, b.fingerprint);
}

// Sorted, so the file reviews well in diffs; written atomically.
std::string write_entries(const std::string& path, std::vector<Entry> entries) {
    std::sort(entries.begin(), entries.end(), entry_order);
    std::ostringstream os;
    JsonWriter w(os);
    w.begin_object();
    w.field("version", 1).field("tool", "cachelint").field("tool_version", CACHELINT_VERSION);
    w.key("entries").begin_array();
    for (const auto& e : entries)
        w.begin_object().field("rule", e.rule_id).field("path", e.path).field("fingerprint", e.fingerprint)
            .field("message", e.message).end_object();
    w.end_array();
    w.end_object();
    os << "\n";
    return write_file_atomically(path, os.str());
}

// The entries of the baseline at `path`, in file order. Returns "" or the error.
std::string read_entries(const std::string& path, std::vector<Entry>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read baseline " + path + ": No such file or directory (create it with --write-baseline)";
    std::ostringstream ss;
    ss << in.rdbuf();
    // nlohmann::json reads it (a parse depth far beyond any baseline is refused by the library's own limits).
    const nlohmann::json root = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) return "baseline " + path + " is not valid JSON";
    const auto version = root.is_object() ? root.find("version") : root.end();
    const auto entries = root.is_object() ? root.find("entries") : root.end();
    if (!root.is_object() || version == root.end() || *version != 1 || entries == root.end() || !entries->is_array())
        return "baseline " + path + " is not a cachelint baseline (expected {\"version\": 1, \"entries\": [...]})";
    auto text = [](const nlohmann::json& entry, const char* key) -> const std::string* {
        const auto it = entry.find(key);
        return it != entry.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    for (const auto& e : *entries) {
        const std::string* rule = e.is_object() ? text(e, "rule") : nullptr;
        const std::string* fp = e.is_object() ? text(e, "fingerprint") : nullptr;
        if (!rule || !fp) return "baseline " + path + ": every entry needs \"rule\" and \"fingerprint\" strings";
        Entry be;
        be.rule_id = *rule;
        // A rule renamed since the baseline was written (rules/redirects.toml): the entry names its old id, and
        // its fingerprint still matches, since fingerprints keep a rule's first id. An entry naming a split
        // rule's old id keeps it: it matches a finding of any piece (apply_baseline).
        if (const RuleMeta* meta = find_rule(be.rule_id); meta && meta->id != be.rule_id) be.rule_id = std::string(meta->id);
        be.fingerprint = *fp;
        if (const std::string* p = text(e, "path")) be.path = *p;
        if (const std::string* m = text(e, "message")) be.message = *m;
        out.push_back(std::move(be));
    }
    return "";
}

}  // namespace

std::string write_baseline(const std::string& path, const LintResult& result, const BaselineScope& in_scope, size_t* kept) {
    std::vector<Entry> entries;
    // An existing baseline keeps the entries of files (or rules) this run did not check: `--write-baseline`
    // on one folder must not drop the rest. A file there that is no baseline is not ours to overwrite.
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec) {
        std::vector<Entry> old;
        if (auto err = read_entries(path, old); !err.empty()) return err + "; not overwritten";
        for (auto& e : old)
            if (in_scope && !in_scope(e)) entries.push_back(std::move(e));
    }
    if (kept) *kept = entries.size();
    for (const auto& d : result.diagnostics)
        if (!d.suppression) entries.push_back({d.rule_id, relative_to_cwd(d.location.path), d.fingerprint, d.message});
    return write_entries(path, std::move(entries));
}

std::string apply_baseline(const std::string& path, LintResult& result, bool prune, const BaselineScope& in_scope) {
    std::vector<Entry> read;
    if (auto err = read_entries(path, read); !err.empty()) return err;
    // rule + fingerprint -> entries (a multiset: each entry absorbs one finding).
    std::map<std::pair<std::string, std::string>, std::vector<BaselineSummary::Entry>> pending;
    for (auto& be : read) {
        pending[{be.rule_id, be.fingerprint}].push_back(std::move(be));
    }
    result.baseline.active = true;
    result.baseline.file = path;
    std::vector<Entry> matched;
    for (auto& d : result.diagnostics) {
        if (d.suppression) continue;
        auto it = pending.find({d.rule_id, d.fingerprint});
        // Written before a split: the entry names the old id, and every piece hashes the old rule's first id,
        // so the fingerprint is the one the old rule gave this finding.
        for (const auto& r : rule_redirects())
            if ((it == pending.end() || it->second.empty()) && r.to == d.rule_id && split_into(r.from).size() > 1)
                it = pending.find({std::string(r.from), d.fingerprint});
        if (it == pending.end() || it->second.empty()) continue;
        matched.push_back(std::move(it->second.back()));
        it->second.pop_back();
        d.suppression = Suppression{"external", "in baseline " + path};
        ++result.baseline.matched;
    }
    // Unmatched entries of files (or rules) this run did not check are not stale: they are kept as written.
    std::vector<Entry> kept = std::move(matched);
    for (auto& [key, list] : pending)
        for (auto& e : list) (!in_scope || in_scope(e) ? result.baseline.stale : kept).push_back(std::move(e));
    std::sort(result.baseline.stale.begin(), result.baseline.stale.end(), entry_order);
    if (prune && !result.baseline.stale.empty()) {
        if (auto err = write_entries(path, std::move(kept)); !err.empty()) return "cannot write " + path + ": " + err;
        result.baseline.pruned = result.baseline.stale.size();
        result.baseline.stale.clear();
    }
    return "";
}

}  // namespace cachelint
