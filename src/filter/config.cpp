// The only translation unit that includes toml++ (its headers are heavy).
#include "filter/config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "core/includes.hpp"
#include "core/text.hpp"
#include "discover/glob.hpp"
#include "core/dialect.hpp"
#include "core/settings.hpp"
#include "filter/settings.hpp"

namespace cachelint {
namespace {

const std::vector<std::string> kTopKeys = {"select",   "extend-select", "ignore",         "severity",
                                           "overrides", "dialects",     "exclude",        "extend-exclude",
                                           "respect-gitignore", "fail-on", "format",      "baseline", "extend",
                                           "paths"};
const std::vector<std::string> kOverrideKeys = {"files", "select", "extend-select", "ignore", "severity"};

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string where(const toml::node& n) {
    const auto& src = n.source();
    if (!src.begin) return "";
    return ":" + std::to_string(src.begin.line);
}

[[noreturn]] void fail(const std::string& file, const toml::node* n, const std::string& msg) {
    throw ConfigError(file + (n ? where(*n) : "") + ": " + msg);
}

std::set<std::string> setting_tables() {
    std::set<std::string> out;
    for (const auto* s : all_settings()) out.insert(std::string(s->key.substr(0, s->key.find('.'))));
    return out;
}

void unknown_key(const std::string& file, const toml::node& n, const std::string& key, std::vector<std::string> candidates,
                 const std::string& context) {
    for (const auto& t : setting_tables()) candidates.push_back(t);
    std::vector<std::string_view> keys(candidates.begin(), candidates.end());
    std::string msg = "unknown key '" + key + "'" + context;
    if (auto s = did_you_mean(key, keys)) msg += "; did you mean '" + std::string(*s) + "'?";
    fail(file, &n, msg);
}

std::string as_string(const std::string& file, const toml::node& n, const std::string& key) {
    if (auto s = n.value<std::string>()) return *s;
    fail(file, &n, "'" + key + "' must be a string");
}

std::string scalar_text(const std::string& file, const toml::node& n, const std::string& key) {
    if (auto s = n.value<std::string>()) return *s;
    if (auto i = n.value<int64_t>()) return std::to_string(*i);
    if (auto b = n.value<bool>()) return *b ? "true" : "false";
    if (auto d = n.value<double>()) {
        std::ostringstream os;
        os << *d;
        return os.str();
    }
    fail(file, &n, "'" + key + "' must be a string, number or boolean");
}

std::vector<std::string> string_list(const std::string& file, const toml::node& n, const std::string& key) {
    const auto* arr = n.as_array();
    if (!arr) fail(file, &n, "'" + key + "' must be an array of strings, e.g. " + key + " = [\"...\"]");
    std::vector<std::string> out;
    for (const auto& e : *arr) out.push_back(as_string(file, e, key + "[]"));
    return out;
}

std::vector<std::string> selectors(const std::string& file, const toml::node& n, const std::string& key) {
    auto list = string_list(file, n, key);
    for (const auto& s : list)
        if (auto err = check_selector(s); !err.empty()) fail(file, &n, key + ": " + err);
    return list;
}

void read_severity(const std::string& file, const toml::node& n, RuleSelection& sel) {
    const auto* t = n.as_table();
    if (!t) fail(file, &n, "[severity] must be a table of RULE = \"error|warning|note\"");
    for (auto&& [k, v] : *t) {
        const std::string key(k.str());
        if (auto err = check_rule_name(key); !err.empty()) fail(file, &v, "[severity]: " + err);
        const std::string level = as_string(file, v, key);
        auto s = parse_severity(level);
        if (!s) fail(file, &v, "[severity] " + key + " = \"" + level + "\": expected error, warning or note");
        for (const RuleMeta* r : find_rules(key)) sel.severity[std::string(r->id)] = *s;  // a split id: every piece
    }
}

void read_settings_table(const std::string& file, const std::string& table, const toml::node& n, RuleSelection& sel) {
    const auto* t = n.as_table();
    if (!t) fail(file, &n, "'" + table + "' must be a table ([" + table + "])");
    for (auto&& [k, v] : *t) {
        const std::string key = table + "." + std::string(k.str());
        const SettingInfo* info = find_setting(key);
        if (!info) {
            std::vector<std::string> names;
            for (const auto* s : all_settings())
                if (s->key.starts_with(table + ".")) names.emplace_back(s->key.substr(table.size() + 1));
            std::vector<std::string_view> keys(names.begin(), names.end());
            std::string msg = "unknown setting '" + std::string(k.str()) + "' in [" + table + "]";
            if (auto s = did_you_mean(k.str(), keys)) msg += "; did you mean '" + std::string(*s) + "'?";
            else if (!names.empty()) {
                msg += " (known:";
                for (const auto& nm : names) msg += " " + nm;
                msg += ")";
            }
            fail(file, &v, msg);
        }
        const std::string value = scalar_text(file, v, key);
        if (info->validate)
            if (auto err = info->validate(value); !err.empty()) fail(file, &v, key + " = \"" + value + "\": " + err);
        sel.settings[key] = value;
    }
}

// Keys common to the top level and [[overrides]]; returns false when `key` is none of them.
bool read_rule_key(const std::string& file, const std::string& key, const toml::node& v, RuleSelection& sel) {
    if (key == "select") sel.select = selectors(file, v, key);
    else if (key == "extend-select") {
        auto more = selectors(file, v, key);  // adds to a base file's
        sel.extend_select.insert(sel.extend_select.end(), more.begin(), more.end());
    } else if (key == "ignore") {
        auto more = selectors(file, v, key);
        sel.ignore.insert(sel.ignore.end(), more.begin(), more.end());
    }
    else if (key == "severity") read_severity(file, v, sel);
    else if (setting_tables().count(key)) read_settings_table(file, key, v, sel);
    else return false;
    return true;
}

// Applies one file's keys on top of `cfg` (empty, or what its `extend` chain produced).
void parse(const std::string& file, const std::string& dir, const toml::table& root, ProjectConfig& cfg) {
    std::vector<DialectMapping> own_dialects;
    for (auto&& [k, v] : root) {
        const std::string key(k.str());
        if (key == "extend") continue;  // read first, by load()
        if (read_rule_key(file, key, v, cfg.rules)) continue;
        if (key == "overrides") {
            const auto* arr = v.as_array();
            if (!arr) fail(file, &v, "'overrides' must be an array of tables: [[overrides]]");
            for (auto& e : *arr) {
                const auto* t = e.as_table();
                if (!t) fail(file, &e, "each [[overrides]] entry must be a table");
                PathOverride o;
                o.dir = dir;
                for (auto&& [ok, ov] : *t) {
                    const std::string okey(ok.str());
                    if (okey == "files") {
                        o.files = string_list(file, ov, "files");
                        continue;
                    }
                    if (!read_rule_key(file, okey, ov, o.rules))
                        unknown_key(file, ov, okey, kOverrideKeys, " in [[overrides]]");
                }
                if (o.files.empty()) fail(file, &e, "an [[overrides]] entry needs files = [\"glob\", ...]");
                cfg.overrides.push_back(std::move(o));
            }
        } else if (key == "dialects") {
            const auto* t = v.as_table();
            if (!t) fail(file, &v, "[dialects] must be a table of \"glob\" = \"dialect\"");
            for (auto&& [g, d] : *t) {
                const std::string dialect = as_string(file, d, std::string(g.str()));
                if (!find_dialect(dialect)) {
                    std::vector<std::string_view> names;
                    std::string list;
                    for (const auto* di : all_dialects()) names.push_back(di->name), list += (list.empty() ? "" : ", ") + std::string(di->name);
                    std::string msg = "[dialects] \"" + std::string(g.str()) + "\": unknown dialect '" + dialect + "'";
                    if (auto s = did_you_mean(dialect, names)) msg += "; did you mean '" + std::string(*s) + "'?";
                    else msg += " (known: " + list + ")";
                    fail(file, &d, msg);
                }
                own_dialects.push_back({std::string(g.str()), dialect, dir});
            }
        } else if (key == "exclude") {
            cfg.exclude = string_list(file, v, key);
            cfg.exclude_dir = dir;
        } else if (key == "extend-exclude") {
            for (auto& g : string_list(file, v, key)) cfg.extend_exclude.push_back({std::move(g), dir});
        } else if (key == "respect-gitignore") {
            auto b = v.value<bool>();
            if (!b) fail(file, &v, "'respect-gitignore' must be true or false");
            cfg.respect_gitignore = *b;
        } else if (key == "fail-on") {
            std::string f = as_string(file, v, key);
            if (f != "never" && !parse_severity(f)) fail(file, &v, "fail-on = \"" + f + "\": expected error, warning, note or never");
            cfg.fail_on = f;
        } else if (key == "format") {
            cfg.format = as_string(file, v, key);  // checked by the CLI against the formats it knows
        } else if (key == "paths") {
            const auto* t = v.as_table();
            if (!t) fail(file, &v, "[paths] must be a table of \"/deploy/prefix\" = \"repository/folder\"");
            for (auto&& [prefix, folder] : *t) {
                std::string from(prefix.str());
                if (from.empty() || from[0] != '/')
                    fail(file, &folder, "[paths] \"" + from + "\": the deploy prefix must be an absolute path, e.g. \"/etc/nginx\"");
                while (from.size() > 1 && from.back() == '/') from.pop_back();
                cfg.paths[from] = join_path(dir, as_string(file, folder, from));
            }
        } else if (key == "baseline") {
            cfg.baseline = join_path(dir, as_string(file, v, key));
        } else {
            unknown_key(file, v, key, kTopKeys, "");
        }
    }
    cfg.dialects.insert(cfg.dialects.begin(), own_dialects.begin(), own_dialects.end());
}

constexpr size_t kMaxExtendDepth = 16;

// `chain`: the files being read, outermost first, to name a cycle.
void load(const std::string& path, ProjectConfig& cfg, std::vector<std::string>& chain) {
    const std::string abs = absolute_path(path);
    const std::string dir = abs.substr(0, std::max<size_t>(1, abs.find_last_of('/')));
    if (std::find(chain.begin(), chain.end(), abs) != chain.end() || chain.size() >= kMaxExtendDepth) {
        std::string names;
        for (const auto& c : chain) names += c + " -> ";
        throw ConfigError(chain.back() + ": 'extend' " + (chain.size() >= kMaxExtendDepth ? "chain too deep: " : "cycle: ") +
                          names + abs);
    }
    chain.push_back(abs);
    toml::table root = toml::parse_file(path);
    if (const toml::node* ext = root.get("extend")) {
        const std::string base = join_path(dir, as_string(path, *ext, "extend"));
        std::error_code ec;
        if (!std::filesystem::is_regular_file(base, ec)) fail(path, ext, "extend = \"" + ext->value<std::string>().value_or("") + "\": " + base + ": No such file or directory");
        load(base, cfg, chain);
        cfg.extends.insert(cfg.extends.begin(), base);
    }
    parse(path, dir, root, cfg);
    chain.pop_back();
}

}  // namespace

const std::vector<std::string>& project_config_keys() { return kTopKeys; }

std::string load_project_config(const std::string& path, ProjectConfig& out) {
    out = ProjectConfig{};
    out.file = path;
    const std::string abs = absolute_path(path);
    out.dir = abs.substr(0, std::max<size_t>(1, abs.find_last_of('/')));
    std::vector<std::string> chain;
    try {
        load(path, out, chain);
    } catch (const toml::parse_error& e) {
        std::ostringstream os;
        os << (e.source().path ? *e.source().path : path) << ":" << e.source().begin.line
           << ": invalid TOML: " << e.description();
        return os.str();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace cachelint
