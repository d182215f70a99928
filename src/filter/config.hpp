// The project configuration, `.cachelint.toml`: what to check, how strictly, and facts about the
// deployment the files cannot tell (see docs/configuration.md). Parsed with toml++ in config.cpp
// only; everything else sees these plain structs.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"

namespace cachelint {

// Rule selection and re-levelling, at the top level or inside one [[overrides]] entry.
struct RuleSelection {
    std::optional<std::vector<std::string>> select;  // unset: every rule
    std::vector<std::string> extend_select;
    std::vector<std::string> ignore;
    std::map<std::string, Severity> severity;        // rule id -> level
    std::map<std::string, std::string> settings;     // "redis.role" -> "cache"
};

// Globs are relative to the directory of the file that wrote them (with `extend`, a base file's
// globs keep their own directory).
struct PathOverride {
    std::vector<std::string> files;
    std::string dir;
    RuleSelection rules;
};

struct DialectMapping {
    std::string glob, dialect, dir;
};

struct GlobIn {
    std::string glob, dir;
};

struct ProjectConfig {
    std::string file;  // where it was read from; "" for the built-in defaults
    std::string dir;   // its absolute directory
    std::vector<std::string> extends;  // the files `extend` pulled in, nearest first
    RuleSelection rules;
    std::vector<PathOverride> overrides;  // base files' first: later entries win
    std::vector<DialectMapping> dialects;  // first match wins: this file's, then its bases'
    std::optional<std::vector<std::string>> exclude;
    std::string exclude_dir;  // directory of the file that set `exclude`
    std::vector<GlobIn> extend_exclude;
    std::optional<bool> respect_gitignore;
    std::optional<std::string> fail_on;
    std::optional<std::string> format;
    std::optional<std::string> baseline;  // absolute, resolved against the file that set it
    // [paths]: deploy prefix ("/etc/nginx") -> repository folder (absolute, resolved against the file that
    // wrote it), for includes of deploy paths; with `extend`, this file's entries replace the base's per prefix.
    std::map<std::string, std::string> paths;
};

// Reads and validates `path`, and first the file its `extend` names (recursively; ruff's model: this
// file's keys win, lists of rules and excludes add up). Unknown keys, rule ids, dialects and settings
// are errors, with a "did you mean" when something close exists. Returns "" on success, else the message.
std::string load_project_config(const std::string& path, ProjectConfig& out);

// Every key a .cachelint.toml may hold at the top level (for messages and docs).
const std::vector<std::string>& project_config_keys();

}  // namespace cachelint
