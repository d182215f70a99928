#include "filter/baseline.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/paths.hpp"
#include "core/json.hpp"
#include "core/rule_catalog.hpp"

namespace cachelint {
namespace {

// Just enough JSON to read a baseline back: objects, arrays, strings, numbers, literals.
struct Json {
    enum Kind { null, boolean, number, string, array, object } kind = null;
    std::string str;
    std::vector<Json> items;
    // Keys and values side by side: std::vector<Json> may hold the incomplete Json (C++17), a
    // std::pair<std::string, Json> may not (clang's libstdc++ checks refuse it).
    std::vector<std::string> keys;
    std::vector<Json> values;
    const Json* get(std::string_view k) const {
        for (size_t i = 0; i < keys.size(); ++i)
            if (keys[i] == k) return &values[i];
        return nullptr;
    }
};

class Parser {
public:
    explicit Parser(std::string_view s) : s_(s) {}
    Json parse() {
        Json v = value(0);
        ws();
        if (i_ != s_.size()) throw std::runtime_error("trailing characters");
        return v;
    }

private:
    void ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
    }
    char peek() {
        ws();
        if (i_ >= s_.size()) throw std::runtime_error("unexpected end");
        return s_[i_];
    }
    void expect(char c) {
        if (peek() != c) throw std::runtime_error(std::string("expected '") + c + "'");
        ++i_;
    }
    std::string string_value() {
        expect('"');
        std::string out;
        while (i_ < s_.size() && s_[i_] != '"') {
            char c = s_[i_++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= s_.size()) break;
            char e = s_[i_++];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    if (i_ + 4 > s_.size()) throw std::runtime_error("bad \\u escape");
                    unsigned cp = static_cast<unsigned>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16));
                    i_ += 4;
                    if (cp < 0x80) out += static_cast<char>(cp);
                    else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
                    else
                        out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                            out += static_cast<char>(0x80 | (cp & 0x3F));
                    break;
                }
                default: out += e;
            }
        }
        if (i_ >= s_.size()) throw std::runtime_error("unterminated string");
        ++i_;
        return out;
    }
    Json value(int depth) {
        if (depth > 32) throw std::runtime_error("nested too deeply");
        Json v;
        char c = peek();
        if (c == '{') {
            ++i_;
            v.kind = Json::object;
            if (peek() == '}') return ++i_, v;
            while (true) {
                std::string k = string_value();
                expect(':');
                Json member = value(depth + 1);
                v.keys.push_back(std::move(k));
                v.values.push_back(std::move(member));
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            ++i_;
            v.kind = Json::array;
            if (peek() == ']') return ++i_, v;
            while (true) {
                v.items.push_back(value(depth + 1));
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.kind = Json::string;
            v.str = string_value();
            return v;
        }
        size_t b = i_;
        while (i_ < s_.size() && std::string_view("+-0123456789.eEtruefalsn").find(s_[i_]) != std::string_view::npos) ++i_;
        v.str = std::string(s_.substr(b, i_ - b));
        if (v.str == "true" || v.str == "false") v.kind = Json::boolean;
        else if (v.str == "null") v.kind = Json::null;
        else if (!v.str.empty()) v.kind = Json::number;
        else throw std::runtime_error("unexpected character");
        return v;
    }
    std::string_view s_;
    size_t i_ = 0;
};

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

}  // namespace

std::string write_baseline(const std::string& path, const LintResult& result) {
    std::vector<Entry> entries;
    for (const auto& d : result.diagnostics)
        if (!d.suppression) entries.push_back({d.rule_id, relative_to_cwd(d.location.path), d.fingerprint, d.message});
    return write_entries(path, std::move(entries));
}

std::string apply_baseline(const std::string& path, LintResult& result, bool prune, const BaselineScope& in_scope) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read baseline " + path + ": No such file or directory (create it with --write-baseline)";
    std::ostringstream ss;
    ss << in.rdbuf();
    Json root;
    try {
        root = Parser(ss.str()).parse();
    } catch (const std::exception& e) {
        return "baseline " + path + " is not valid JSON: " + e.what();
    }
    const Json* version = root.get("version");
    const Json* entries = root.get("entries");
    if (root.kind != Json::object || !version || version->str != "1" || !entries || entries->kind != Json::array)
        return "baseline " + path + " is not a cachelint baseline (expected {\"version\": 1, \"entries\": [...]})";
    // rule + fingerprint -> entries (a multiset: each entry absorbs one finding).
    std::map<std::pair<std::string, std::string>, std::vector<BaselineSummary::Entry>> pending;
    for (const auto& e : entries->items) {
        const Json* rule = e.get("rule");
        const Json* fp = e.get("fingerprint");
        if (!rule || !fp || rule->kind != Json::string || fp->kind != Json::string)
            return "baseline " + path + ": every entry needs \"rule\" and \"fingerprint\" strings";
        BaselineSummary::Entry be;
        be.rule_id = rule->str;
        // A rule renamed since the baseline was written (rules/redirects.toml): the entry names its old id, and
        // its fingerprint still matches, since fingerprints keep a rule's first id.
        if (const RuleMeta* meta = find_rule(be.rule_id); meta && meta->id != be.rule_id) be.rule_id = std::string(meta->id);
        be.fingerprint = fp->str;
        if (const Json* p = e.get("path")) be.path = p->str;
        if (const Json* m = e.get("message")) be.message = m->str;
        pending[{be.rule_id, be.fingerprint}].push_back(std::move(be));
    }
    result.baseline.active = true;
    result.baseline.file = path;
    std::vector<Entry> matched;
    for (auto& d : result.diagnostics) {
        if (d.suppression) continue;
        auto it = pending.find({d.rule_id, d.fingerprint});
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
