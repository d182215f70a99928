// Build-time generator: reads rules/**/*.toml, validates every field, and writes the C++ rule
// catalog. A rule file missing a required part fails the build, so metadata cannot drift.
// An example may be a fixture instead of inline text (`bad_fixture = "fixtures/nginx/NGX001/fires.conf"`,
// relative to --root): its bytes are embedded as if written inline, and --depfile lists the fixtures read so
// the build runs the generator again when one changes.
#include <toml++/toml.h>

#include <cctype>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Rule {
    std::string file, id, name, dialect, severity, title, rationale, bad, good, args, security_severity, precision, fix;
    bool fix_unsafe = false;
    std::vector<std::string> references, tags;
    std::set<std::string> severities;  // every level the rule may report: `severity` plus TOML `severities`
};

std::string cpp_literal(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            case '\n': out += "\\n\"\n    \""; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '?': out += "\\?"; break;  // no trigraphs
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\%03o", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

bool fail(const std::string& file, const std::string& msg) {
    std::cerr << file << ": " << msg << "\n";
    return false;
}

std::string g_root = ".";                // --root: the repository, which fixture paths are relative to
std::set<std::string> g_fixtures_read;  // every fixture an example was read from (for --depfile)

// An example, inline (`bad = "..."`) or read from a fixture (`bad_fixture = "fixtures/..."`): exactly one.
bool example(const std::string& path, const toml::node_view<toml::node>& ex, const std::string& key, std::string& out) {
    auto text = ex[key].value<std::string>();
    auto fixture = ex[key + "_fixture"].value<std::string>();
    if (text && fixture) return fail(path, "[examples] gives both '" + key + "' and '" + key + "_fixture': keep one");
    if (text) {
        out = *text;
        return true;
    }
    if (!fixture) return fail(path, "[examples] needs both 'bad' and 'good' (inline text, or a fixture path as 'bad_fixture' / 'good_fixture')");
    if (fixture->empty() || fixture->front() == '/')
        return fail(path, "[examples] " + key + "_fixture must be a path relative to the repository root, e.g. \"fixtures/redis/RC101/bad.conf\"");
    const std::string file = g_root + "/" + *fixture;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return fail(path, "[examples] " + key + "_fixture: '" + *fixture + "' does not exist (looked for " + file + ")");
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(path, "[examples] " + key + "_fixture: cannot read '" + file + "'");
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return fail(path, "[examples] " + key + "_fixture: cannot read '" + file + "'");
    if (out.empty()) return fail(path, "[examples] " + key + "_fixture: '" + *fixture + "' is empty");
    g_fixtures_read.insert(file);
    return true;
}

bool load(const std::string& path, Rule& r) {
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream os;
        os << e;
        return fail(path, os.str());
    }
    static const std::set<std::string> known = {"id", "name", "dialect", "severity", "title", "rationale", "examples",
                                                "references", "tags", "security_severity", "precision", "fix",
                                                "fix_safety", "severities"};
    for (auto&& [k, v] : t)
        if (!known.count(std::string(k.str()))) return fail(path, "unknown key '" + std::string(k.str()) + "'");
    r.file = path;
    auto req = [&](const char* key, std::string& out) {
        auto v = t[key].value<std::string>();
        if (!v || v->empty()) return fail(path, std::string("missing or empty required string '") + key + "'");
        out = *v;
        return true;
    };
    if (!req("id", r.id) || !req("name", r.name) || !req("dialect", r.dialect) || !req("severity", r.severity) ||
        !req("title", r.title) || !req("rationale", r.rationale))
        return false;
    if (r.severity != "error" && r.severity != "warning" && r.severity != "note")
        return fail(path, "severity must be error, warning or note");
    // A rule with graded levels lists them all (`severities = ["warning", "note"]`); the generated id carries
    // them, and reporting any other level is refused at run time (the fixtures exercise every path).
    r.severities.insert(r.severity);
    if (auto* levels = t["severities"].as_array()) {
        std::set<std::string> listed;
        for (auto&& e : *levels) {
            auto s = e.value<std::string>();
            if (!s || (*s != "error" && *s != "warning" && *s != "note"))
                return fail(path, "'severities' must hold error, warning or note");
            listed.insert(*s);
        }
        if (!listed.count(r.severity)) return fail(path, "'severities' must include the default 'severity'");
        if (listed.size() < 2) return fail(path, "'severities' lists graded levels: more than the default one");
        r.severities = listed;
    }
    for (char c : r.name)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            return fail(path, "name must be kebab-case: " + r.name);
    auto ex = t["examples"];
    if (const auto* examples = ex.as_table()) {
        static const std::set<std::string> known_examples = {"bad", "good", "bad_fixture", "good_fixture", "args"};
        for (auto&& [k, v] : *examples)
            if (!known_examples.count(std::string(k.str())))
                return fail(path, "unknown key '" + std::string(k.str()) + "' in [examples]");
    }
    if (!example(path, ex, "bad", r.bad) || !example(path, ex, "good", r.good)) return false;
    r.args = ex["args"].value_or(std::string{});
    auto strings = [&](const char* key, std::vector<std::string>& out, bool required) {
        auto* arr = t[key].as_array();
        if (!arr || arr->empty()) return required ? fail(path, std::string("'") + key + "' must be a non-empty array") : true;
        for (auto&& e : *arr) {
            auto s = e.value<std::string>();
            if (!s) return fail(path, std::string("'") + key + "' must hold strings");
            out.push_back(*s);
        }
        return true;
    };
    if (!strings("references", r.references, true) || !strings("tags", r.tags, true)) return false;
    r.security_severity = t["security_severity"].value_or(std::string{});
    const bool security = std::find(r.tags.begin(), r.tags.end(), "security") != r.tags.end();
    if (security && r.security_severity.empty()) return fail(path, "rules tagged 'security' need security_severity");
    if (!r.security_severity.empty()) {
        double score = std::atof(r.security_severity.c_str());
        if (!(score > 0.0 && score <= 10.0)) return fail(path, "security_severity must be in (0.0, 10.0]");
    }
    r.precision = t["precision"].value_or(std::string("high"));
    static const std::set<std::string> precisions = {"very-high", "high", "medium", "low"};
    if (!precisions.count(r.precision)) return fail(path, "precision must be very-high, high, medium or low");
    r.fix = t["fix"].value_or(std::string{});  // what `check --fix` does for this rule; "" when it has no fix
    // safe: the fix keeps what the server does (a rename of an alias); unsafe: it changes it (to what the line
    // evidently meant), so only `--fix --unsafe-fixes` applies it.
    const std::string safety = t["fix_safety"].value_or(std::string{});
    if (!safety.empty() && r.fix.empty()) return fail(path, "fix_safety needs a fix");
    if (!r.fix.empty() && safety != "safe" && safety != "unsafe")
        return fail(path, "a rule with a fix says whether it is safe: fix_safety = \"safe\" or \"unsafe\"");
    r.fix_unsafe = safety == "unsafe";
    const std::string stem = path.substr(path.find_last_of('/') + 1);
    if (stem != r.id + ".toml") return fail(path, "file name must be <id>.toml (" + r.id + ".toml)");
    return true;
}

// Rewrites `path` only when its text changes, so an unchanged catalog does not trigger a rebuild.
bool write_if_changed(const std::string& path, const std::string& text) {
    std::ifstream existing(path);
    std::string old((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
    if (old == text) return true;
    std::ofstream out(path);
    out << text;
    if (!out) return fail(path, "cannot write the generated file");
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_path, redirects_path, ids_path, depfile_path;
    std::vector<Rule> rules;
    bool ok = true;
    const std::pair<std::string_view, std::string*> options[] = {
        {"--out", &out_path}, {"--ids-out", &ids_path}, {"--redirects", &redirects_path}, {"--root", &g_root}, {"--depfile", &depfile_path}};
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto opt = std::find_if(std::begin(options), std::end(options), [&](const auto& o) { return o.first == a; });
        if (opt != std::end(options) && i + 1 < argc) {
            *opt->second = argv[++i];
            continue;
        }
        Rule r;
        if (load(a, r)) rules.push_back(std::move(r));
        else ok = false;
    }
    std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
    std::map<std::string, std::string> seen;
    for (auto& r : rules) {
        for (const auto& key : {r.id, r.name}) {
            auto [it, inserted] = seen.emplace(key, r.file);
            if (!inserted) ok = fail(r.file, "'" + key + "' already used by " + it->second);
        }
    }
    // Renamed and split rules, as ruff's rule_redirects: --select, --ignore, [severity], suppressions,
    // baselines and `explain` keep accepting the old names. A value is one id (a rename) or a list of ids
    // (a split: the old id stands for every piece). A target may itself be an old id (NGX-019 -> NGX019 ->
    // the pieces of NGX019): chains are followed here, so the table the program reads maps straight to rules.
    std::map<std::string, std::vector<std::string>> direct;  // as written
    if (!redirects_path.empty()) {
        toml::table t;
        try {
            t = toml::parse_file(redirects_path);
        } catch (const toml::parse_error& e) {
            std::ostringstream os;
            os << e;
            return fail(redirects_path, os.str()), 1;
        }
        for (auto&& [k, v] : t) {
            if (k.str() != "redirects" || !v.is_table()) return fail(redirects_path, "only a [redirects] table is allowed"), 1;
            for (auto&& [from, to] : *v.as_table()) {
                std::vector<std::string> targets;
                if (auto one = to.value<std::string>()) targets.push_back(*one);
                else if (const auto* list = to.as_array()) {
                    for (auto&& item : *list) {
                        auto s = item.value<std::string>();
                        if (!s) return fail(redirects_path, "'" + std::string(from.str()) + "': a split lists rule ids"), 1;
                        targets.push_back(*s);
                    }
                }
                if (targets.empty() || (to.is_array() && targets.size() < 2))
                    return fail(redirects_path, "'" + std::string(from.str()) + "' must map to a rule id, or to two or more (a split)"), 1;
                direct[std::string(from.str())] = std::move(targets);
            }
        }
    }
    std::map<std::string, std::vector<std::string>> redirects;  // old id or name -> current ids, chains followed
    std::map<std::string, std::string> previous;                // an id -> the old id it was renamed or split from
    for (const auto& [from, to] : direct) {
        if (seen.count(from)) ok = fail(redirects_path, "'" + from + "' is a current rule id or name: it cannot redirect");
        std::vector<std::string> todo(to.rbegin(), to.rend()), out;
        for (int guard = 0; !todo.empty() && guard < 1000; ++guard) {
            std::string id = todo.back();
            todo.pop_back();
            if (auto again = direct.find(id); again != direct.end() && !seen.count(id)) {
                todo.insert(todo.end(), again->second.rbegin(), again->second.rend());
                continue;
            }
            if (!seen.count(id) || std::none_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; }))
                ok = fail(redirects_path, "'" + from + "' redirects to '" + id + "', which is no rule id");
            else if (std::find(out.begin(), out.end(), id) == out.end())
                out.push_back(id);
        }
        redirects[from] = out;
        // A name redirect is not an id and does not count for fingerprints.
        const bool is_id = from.size() >= 2 && std::isupper(static_cast<unsigned char>(from[0]));
        if (is_id)
            for (const auto& id : to) previous.emplace(id, from);
    }
    // Fingerprints hash the first id a rule had (following renames and splits back), so baselines and
    // code-scanning alerts made before a rename or a split still match: every piece of a split hashes the
    // split rule's first id, exactly as its findings were hashed before the split.
    std::map<std::string, std::string> fingerprint_id;
    for (const auto& r : rules) {
        std::string id = r.id;
        for (int guard = 0; previous.count(id) && guard < 100; ++guard) id = previous[id];
        fingerprint_id[r.id] = id;
    }
    if (!ok || out_path.empty()) return 1;

    std::ostringstream os;
    os << "// Generated by cachelint-rulegen from rules/*.toml. Do not edit.\n"
       << "#include \"core/rule_catalog.hpp\"\n#include <algorithm>\n#include <vector>\n\nnamespace cachelint {\nnamespace {\n";
    for (size_t i = 0; i < rules.size(); ++i) {
        auto list = [&](const char* what, const std::vector<std::string>& v) {
            os << "constexpr std::string_view " << what << i << "[] = {";
            for (auto& s : v) os << cpp_literal(s) << ", ";
            os << "};\n";
        };
        list("refs", rules[i].references);
        list("tags", rules[i].tags);
    }
    os << "const RuleMeta kRules[] = {\n";
    for (size_t i = 0; i < rules.size(); ++i) {
        const Rule& r = rules[i];
        os << "  {" << cpp_literal(r.id) << ", " << cpp_literal(r.name) << ", " << cpp_literal(r.dialect)
           << ", Severity::" << r.severity << ",\n    " << cpp_literal(r.title) << ",\n    " << cpp_literal(r.rationale)
           << ",\n    " << cpp_literal(r.bad) << ",\n    " << cpp_literal(r.good) << ",\n    " << cpp_literal(r.args)
           << ", refs" << i << ", tags" << i << ", " << cpp_literal(r.security_severity) << ", "
           << cpp_literal(r.precision) << ", " << cpp_literal(r.fix) << ", " << (r.fix_unsafe ? "true" : "false")
           << ", " << cpp_literal(fingerprint_id.count(r.id) ? fingerprint_id[r.id] : r.id) << "},\n";
    }
    if (rules.empty()) os << "  {},\n";
    os << "};\n";
    os << "const RuleRedirect kRedirects[] = {\n";
    size_t rows = 0;
    for (const auto& [from, to] : redirects)
        for (const auto& id : to) os << "  {" << cpp_literal(from) << ", " << cpp_literal(id) << "},\n", ++rows;
    if (rows == 0) os << "  {},\n";
    os << "};\n}  // namespace\n\n"
       << "std::span<const RuleRedirect> rule_redirects() { return {kRedirects, " << rows << "}; }\n\n"
       << "std::span<const RuleMeta> all_rules() { return {kRules, " << rules.size() << "}; }\n\n"
       << "const RuleMeta* find_rule(std::string_view key) {\n"
       << "    auto rules = all_rules();\n"
       << "    auto it = std::lower_bound(rules.begin(), rules.end(), key,\n"
       << "                               [](const RuleMeta& r, std::string_view k) { return r.id < k; });\n"
       << "    if (it != rules.end() && it->id == key) return &*it;\n"
       << "    for (const auto& r : rules)\n        if (r.name == key) return &r;\n"
       << "    // A renamed rule's old id names one rule; a split rule's names several, so no one rule (see find_rules).\n"
       << "    const RuleMeta* found = nullptr;\n"
       << "    for (const auto& r : rule_redirects())\n"
       << "        if (r.from == key) {\n"
       << "            if (found) return nullptr;\n"
       << "            found = find_rule(r.to);\n"
       << "        }\n"
       << "    return found;\n}\n\n"
       << "std::vector<const RuleMeta*> find_rules(std::string_view key) {\n"
       << "    if (const RuleMeta* r = find_rule(key); r && (r->id == key || r->name == key)) return {r};\n"
       << "    std::vector<const RuleMeta*> out;\n"
       << "    for (const auto& r : rule_redirects())\n"
       << "        if (r.from == key)\n"
       << "            if (const RuleMeta* m = find_rule(r.to)) out.push_back(m);\n"
       << "    return out;\n}\n\n"
       << "std::vector<std::string_view> split_into(std::string_view id) {\n"
       << "    std::vector<std::string_view> out;\n"
       << "    for (const auto& r : rule_redirects())\n"
       << "        if (r.from == id) out.push_back(r.to);\n"
       << "    if (out.size() < 2) out.clear();\n"
       << "    return out;\n}\n\n}  // namespace cachelint\n";
    if (!write_if_changed(out_path, os.str())) return 1;

    // The fixtures the examples were read from, in Makefile syntax: the build reruns the generator when one
    // changes (add_custom_command DEPFILE). Written even when empty, so the build always finds it.
    if (!depfile_path.empty()) {
        auto escape = [](const std::string& p) {
            std::string e;
            for (char c : p) {
                if (c == ' ' || c == '#' || c == '\\') e += '\\';
                if (c == '$') e += '$';
                e += c;
            }
            return e;
        };
        std::string d = escape(out_path) + ":";
        for (const auto& f : g_fixtures_read) d += " \\\n  " + escape(f);
        if (!write_if_changed(depfile_path, d + "\n")) return 1;
    }

    // The ids as constants (ids::RC101): rules and parsers report through them, so a mistyped id fails to
    // compile, and each carries the levels its TOML allows. Only ids and levels go in, so editing a rule's
    // text does not recompile the rules.
    if (!ids_path.empty()) {
        std::ostringstream h;
        h << "// Generated by cachelint-rulegen from rules/*.toml. Do not edit.\n#pragma once\n"
          << "#include \"core/finding.hpp\"\n\nnamespace cachelint::ids {\n";
        for (const Rule& r : rules) {
            std::string mask;
            for (const auto& s : r.severities) mask += (mask.empty() ? "" : " | ") + std::string("RuleId::bit(Severity::") + s + ")";
            h << "inline constexpr RuleId " << r.id << "{\"" << r.id << "\", Severity::" << r.severity << ", " << mask << "};\n";
        }
        h << "}  // namespace cachelint::ids\n";
        if (!write_if_changed(ids_path, h.str())) return 1;
    }
    return 0;
}
