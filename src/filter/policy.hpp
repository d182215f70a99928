// Which configuration governs a file, and what it means for that file: rules on or off, severity
// overrides, dialect settings. Thread-safe: the runner asks from worker threads.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "filter/config.hpp"

namespace cachelint {

// What the command line adds on top of every configuration file.
struct CliRuleOptions {
    std::optional<std::vector<std::string>> select;  // replaces the configuration's select
    std::vector<std::string> extend_select;
    std::vector<std::string> ignore;
    std::vector<std::string> exclude;         // replaces the configuration's exclude
    std::vector<std::string> extend_exclude;
};

struct FilePolicy {
    const ProjectConfig* config = nullptr;   // never null (built-in defaults when no file)
    std::vector<const PathOverride*> overrides;  // the [[overrides]] entries matching the file
    std::set<std::string> enabled;            // rule ids
    std::map<std::string, Severity> severity;
    std::map<std::string, std::string> settings;
    bool enabled_rule(const std::string& id) const { return enabled.count(id) != 0; }
};

class ConfigResolver {
public:
    // `explicit_config`: --config FILE (one file for everything); `isolated`: --isolated (none).
    ConfigResolver(std::string explicit_config, bool isolated, CliRuleOptions cli);

    // Loads --config up front (so its errors are reported before anything runs). "" or the error.
    std::string init();
    // The configuration governing `path` (file or directory): --config, else the closest
    // .cachelint.toml from the path's directory up to the repository root. Errors are recorded.
    const ProjectConfig& config_for(const std::string& path, bool is_dir = false);
    const FilePolicy& policy_for(const std::string& path);
    bool excluded(const std::string& abs_path, bool is_dir);
    std::optional<std::string> mapped_dialect(const std::string& abs_path);
    // Errors found in configuration files so far (each once).
    std::vector<std::string> errors();
    const CliRuleOptions& cli() const { return cli_; }

private:
    const ProjectConfig& config_for_dir_locked(const std::string& abs_dir);
    std::mutex mu_;
    std::string explicit_config_;
    bool isolated_;
    CliRuleOptions cli_;
    ProjectConfig defaults_;
    std::unique_ptr<ProjectConfig> explicit_;
    std::map<std::string, std::unique_ptr<ProjectConfig>> by_file_;   // config file -> parsed
    std::map<std::string, const ProjectConfig*> by_dir_;              // directory -> governing config
    // One policy per distinct (configuration, matching overrides): every file under one configuration
    // with no [[overrides]] shares one, so memory does not grow with the number of files checked.
    std::map<std::pair<const ProjectConfig*, std::vector<const PathOverride*>>, std::unique_ptr<FilePolicy>> policies_;
    std::vector<std::string> errors_;
};

}  // namespace cachelint
