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

struct PathOverride {
    std::vector<std::string> files;  // globs relative to the configuration's directory
    RuleSelection rules;
};

struct ProjectConfig {
    std::string file;  // where it was read from; "" for the built-in defaults
    std::string dir;   // absolute directory globs are relative to
    RuleSelection rules;
    std::vector<PathOverride> overrides;
    std::vector<std::pair<std::string, std::string>> dialects;  // glob -> dialect, in file order
    std::optional<std::vector<std::string>> exclude;
    std::vector<std::string> extend_exclude;
    std::optional<bool> respect_gitignore;
    std::optional<std::string> fail_on;
    std::optional<std::string> format;
    std::optional<std::string> baseline;  // path relative to `dir`
};

// Reads and validates `path`. Unknown keys, rule ids, dialects and settings are errors, with a
// "did you mean" when something close exists. Returns "" on success, else the message.
std::string load_project_config(const std::string& path, ProjectConfig& out);

// Every key a .cachelint.toml may hold at the top level (for messages and docs).
const std::vector<std::string>& project_config_keys();

}  // namespace cachelint
