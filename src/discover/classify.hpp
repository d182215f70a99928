// What a file is, decided so that neither a name nor one keyword can fool it: the exact base name and
// extension, the layout of the tree it sits in (a conf.d/ next to an nginx.conf), and the content only
// when it is unambiguous at the grammar level. Files of other formats (Markdown, JSON, images, INI,
// supervisord, systemd units, rspamd UCL, YAML, templates ...) are recognised and skipped, with a reason.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cachelint {

// The first bytes of a file, read at most once and only when something asks for them.
class HeadReader {
public:
    static constexpr size_t kMaxHead = 8192;
    explicit HeadReader(std::string path) : path_(std::move(path)) {}
    // For stdin and tests: the head is already in memory.
    HeadReader(std::string path, std::string_view text)
        : path_(std::move(path)), head_(std::string(text.substr(0, kMaxHead))), truncated_(text.size() > kMaxHead) {}
    const std::string& head();
    bool truncated() { return head(), truncated_; }  // the file is longer than the head
    bool was_read() const { return head_.has_value(); }

private:
    std::string path_;
    std::optional<std::string> head_;
    bool truncated_ = false;
};

// The dialect a tree's layout gives its files (a folder holding nginx.conf, a folder named apache2/ ...).
struct TreeContext {
    std::string dialect;  // "" when the layout says nothing
    std::string why;      // "under a folder holding nginx.conf", "under a folder named nginx/"
};

struct Classification {
    std::string dialect;  // the dialect the file is checked as; "" when it is skipped
    std::string kind;     // what the file is: a dialect name, or "markdown", "image", "yaml", "supervisord", ...
    std::string reason;   // why: shown by --show-files
    bool checked() const { return !dialect.empty(); }
};

// The layout context of a directory, from its own entries (`has_file(name)`) and its parent's context.
// A folder holding nginx.conf starts an nginx tree; a folder named nginx/ (apache2/, haproxy/ ...) too.
TreeContext tree_context_for(const TreeContext& parent, std::string_view dir_name, bool has_nginx_conf,
                             bool has_apache_conf, bool has_haproxy_cfg);
// The same for a file named on the command line: looks at its ancestors (at most 8 levels).
TreeContext tree_context_of_file(const std::string& path);

// `named`: the file was named on the command line (pre-commit passes staged files by name): a lone
// one-directive nginx snippet is accepted then, never in a walk.
Classification classify_file(const std::string& path, HeadReader& head, const TreeContext& tree, bool named);

// Template files (*.j2, *.erb, *.tpl, *.tmpl, *.gotmpl, *.tftpl, *.template, ...): the name of the file the
// template renders ("nginx.conf.j2" -> "nginx.conf") once templates are read. Hook for the template
// reader: returns nullopt for now, so templates are skipped with their own reason.
std::optional<std::string> template_inner_name(std::string_view base_name);

// A Python regular expression (for pre-commit's `exclude:`) matching the paths this classifier skips by
// their name alone, whatever they hold: documentation, source code, images, backups ... Built from the
// same tables classify_file() uses, so a hook that excludes these passes cachelint every file that
// `check .` could check (tests/workflow compares it with .pre-commit-hooks.yaml).
std::string never_checked_names_regex();
bool is_template_name(std::string_view base_name);

}  // namespace cachelint
