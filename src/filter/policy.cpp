#include "filter/policy.hpp"

#include <algorithm>
#include <sys/stat.h>

#include "discover/glob.hpp"
#include "core/rule_catalog.hpp"
#include "filter/settings.hpp"

namespace cachelint {
namespace {

bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

std::string parent_dir(const std::string& abs) {
    auto slash = abs.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : abs.substr(0, slash);
}

bool any_selector(const std::vector<std::string>& sels, const RuleMeta& r) {
    for (const auto& s : sels)
        if (selector_matches(s, r)) return true;
    return false;
}

bool glob_list_matches(const std::vector<std::string>& globs, const std::string& rel, bool is_dir) {
    for (const auto& g : globs)
        if (pattern_matches(parse_path_pattern(g, false), rel, is_dir)) return true;
    return false;
}

// Directories nobody wants linted unless the configuration says otherwise (`exclude` replaces them).
const std::vector<std::string> kDefaultExclude = {"node_modules", ".cache", ".venv", "venv", ".tox", "__pycache__"};

}  // namespace

ConfigResolver::ConfigResolver(std::string explicit_config, bool isolated, CliRuleOptions cli)
    : explicit_config_(std::move(explicit_config)), isolated_(isolated), cli_(std::move(cli)) {
    defaults_.dir = absolute_path(".");
}

std::string ConfigResolver::init() {
    if (explicit_config_.empty()) return "";
    if (!exists(explicit_config_)) return "--config " + explicit_config_ + ": No such file or directory";
    explicit_ = std::make_unique<ProjectConfig>();
    std::string err = load_project_config(explicit_config_, *explicit_);
    if (!err.empty()) explicit_.reset();
    return err;
}

const ProjectConfig& ConfigResolver::config_for_dir_locked(const std::string& abs_dir) {
    if (explicit_) return *explicit_;
    if (isolated_ || !explicit_config_.empty()) return defaults_;
    if (auto it = by_dir_.find(abs_dir); it != by_dir_.end()) return *it->second;
    const ProjectConfig* found = &defaults_;
    const std::string candidate = (abs_dir == "/" ? "" : abs_dir) + "/.cachelint.toml";
    if (exists(candidate)) {
        auto& slot = by_file_[candidate];
        if (!slot) {
            slot = std::make_unique<ProjectConfig>();
            std::string err = load_project_config(candidate, *slot);
            if (!err.empty()) {
                errors_.push_back(err);
                ProjectConfig broken;  // keep going with the defaults; the run exits 2
                broken.file = candidate;
                broken.dir = abs_dir;
                *slot = broken;
            }
        }
        found = slot.get();
    } else if (abs_dir != "/" && !exists(abs_dir + "/.git")) {
        // Stop at the repository root: a configuration above it belongs to someone else.
        found = &config_for_dir_locked(parent_dir(abs_dir));
    }
    by_dir_[abs_dir] = found;
    return *found;
}

const ProjectConfig& ConfigResolver::config_for(const std::string& path, bool is_dir) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string abs = absolute_path(path);
    return config_for_dir_locked(is_dir ? abs : parent_dir(abs));
}

const FilePolicy& ConfigResolver::policy_for(const std::string& path) {
    const std::string abs = absolute_path(path);
    const ProjectConfig& cfg = config_for(path, false);
    std::vector<const PathOverride*> overrides;
    for (const auto& o : cfg.overrides) {
        std::string rel;
        if (relative_to(o.dir, abs, rel) && !rel.empty() && glob_list_matches(o.files, rel, false)) overrides.push_back(&o);
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = policies_[{&cfg, overrides}];
    if (slot) return *slot;
    slot = std::make_unique<FilePolicy>();
    FilePolicy& p = *slot;
    p.config = &cfg;
    p.overrides = std::move(overrides);

    const auto& top_select = cli_.select ? cli_.select : cfg.rules.select;
    for (const auto& r : all_rules()) {
        bool on = !top_select || any_selector(*top_select, r);
        if (any_selector(cfg.rules.extend_select, r)) on = true;
        if (any_selector(cfg.rules.ignore, r)) on = false;
        for (const auto* o : p.overrides) {
            if (o->rules.select) on = any_selector(*o->rules.select, r);
            if (any_selector(o->rules.extend_select, r)) on = true;
            if (any_selector(o->rules.ignore, r)) on = false;
        }
        if (any_selector(cli_.extend_select, r)) on = true;
        if (any_selector(cli_.ignore, r)) on = false;
        if (on) p.enabled.insert(std::string(r.id));
    }
    p.severity = cfg.rules.severity;
    p.settings = cfg.rules.settings;
    for (const auto* o : p.overrides) {
        for (const auto& [k, v] : o->rules.severity) p.severity[k] = v;
        for (const auto& [k, v] : o->rules.settings) p.settings[k] = v;
    }
    return p;
}

bool ConfigResolver::excluded(const std::string& abs_path, bool is_dir) {
    const ProjectConfig& cfg = config_for(abs_path, false);
    // Configuration globs are relative to the configuration's directory, command-line globs to the
    // working directory; outside either, only name patterns (no '/') can match.
    auto test = [&](const std::vector<std::string>& globs, const std::string& base) {
        if (globs.empty()) return false;
        std::string rel;
        if (!relative_to(base, abs_path, rel) || rel.empty()) rel = abs_path.substr(abs_path.find_last_of('/') + 1);
        return glob_list_matches(globs, rel, is_dir);
    };
    if (!cli_.exclude.empty()) {
        if (test(cli_.exclude, defaults_.dir)) return true;
    } else if (test(cfg.exclude ? *cfg.exclude : kDefaultExclude, cfg.exclude ? cfg.exclude_dir : cfg.dir)) {
        return true;
    }
    for (const auto& g : cfg.extend_exclude)
        if (test({g.glob}, g.dir)) return true;
    return test(cli_.extend_exclude, defaults_.dir);
}

std::optional<std::string> ConfigResolver::mapped_dialect(const std::string& abs_path) {
    const ProjectConfig& cfg = config_for(abs_path, false);
    for (const auto& m : cfg.dialects) {
        std::string rel;
        if (relative_to(m.dir, abs_path, rel) && !rel.empty() && pattern_matches(parse_path_pattern(m.glob, false), rel, false))
            return m.dialect;
    }
    return std::nullopt;
}

std::vector<std::string> ConfigResolver::errors() {
    std::lock_guard<std::mutex> lock(mu_);
    return errors_;
}

}  // namespace cachelint
