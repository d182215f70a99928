// Path globs as .gitignore, excludes, [dialects] and [[overrides]] use them.
//   *  any run of characters except '/'      ?  one character except '/'      [a-z] [!a-z]  a class
//   ** as a whole segment: any number of directories ("**/x", "a/**/b", "a/**")    \x  a literal x
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cachelint {

bool glob_match(std::string_view pattern, std::string_view path);

// A path pattern relative to a base directory, with gitignore's conventions: a pattern without a '/'
// (except a trailing one) matches the base name at any depth; with one it is anchored at the base;
// a trailing '/' matches directories only; a leading '!' (gitignore only) re-includes.
struct PathPattern {
    std::string glob;      // without '!', leading '/' and trailing '/'
    bool anchored = false;
    bool dir_only = false;
    bool negate = false;
    std::string text;      // as written, for messages
};
PathPattern parse_path_pattern(std::string_view text, bool allow_negation);
// `rel` is the path relative to the pattern's base directory ('/'-separated, no leading "./").
bool pattern_matches(const PathPattern& p, std::string_view rel, bool is_dir);

// Lexically absolute and normalised: no ".", "..", "//" or trailing '/' (except for "/").
std::string absolute_path(std::string_view path);
// `path` relative to `base` (both absolute_path()), or nullopt-like "" with ok=false when outside.
bool relative_to(const std::string& base, const std::string& path, std::string& rel);

// Ordered gitignore rules of one repository, applied as git does: the last matching rule wins,
// deeper .gitignore files after shallower ones, and a file below an ignored directory stays ignored.
class GitIgnore {
public:
    // Loads .git/info/exclude and every .gitignore from the repository root down to `dir` (absolute).
    // Outside a repository only `dir`'s own .gitignore is read.
    void load_ancestors(const std::string& dir);
    // Adds `dir`/.gitignore if present (called as a walk enters a directory).
    void load_dir(const std::string& dir);
    bool ignored(const std::string& abs_path, bool is_dir) const;
    // Ignored itself, or below an ignored directory.
    bool ignored_with_parents(const std::string& abs_path, bool is_dir) const;

private:
    struct RuleSet {
        std::string base;
        std::vector<PathPattern> rules;
    };
    void load_file(const std::string& base, const std::string& file);
    std::vector<RuleSet> sets_;
    std::vector<std::string> loaded_;
    std::string root_;
};

// The repository root above `abs_dir`: the nearest directory holding `.git`, or "" if none.
std::string find_repo_root(const std::string& abs_dir);

}  // namespace cachelint
