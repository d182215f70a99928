#include "discover/discover.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <tuple>
#include <sys/stat.h>
#include <unistd.h>

#include "core/includes.hpp"
#include "core/paths.hpp"
#include "core/text.hpp"
#include "discover/classify.hpp"
#include "discover/glob.hpp"
#include "core/dialect.hpp"

namespace cachelint {
namespace {

std::string base_name(const std::string& path) {
    auto pos = path.find_last_of('/');
    return pos == std::string::npos ? path : path.substr(pos + 1);
}

std::string directory_of_abs(const std::string& abs) {
    auto slash = abs.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : abs.substr(0, slash);
}

// --force-exclude on a path named explicitly: the path itself, or any directory between the working
// directory and it, excluded by the configuration (never directories above the working directory).
bool excluded_with_parents(const DiscoverOptions& dopts, const std::string& abs, bool is_dir) {
    if (!dopts.excluded) return false;
    if (dopts.excluded(abs, is_dir)) return true;
    const std::string cwd = absolute_path(".");
    std::string rel;
    if (!relative_to(cwd, abs, rel) || rel.empty()) return false;
    for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1))
        if (dopts.excluded((cwd == "/" ? "" : cwd) + "/" + rel.substr(0, slash), true)) return true;
    return false;
}

// Directories never linted: VCS metadata (dependency trees are in the configurable default excludes).
bool skip_directory(const std::string& name) {
    return name == ".git" || name == ".hg" || name == ".svn";  // node_modules etc.: default excludes
}

bool config_like_name(const std::string& name) {
    for (const char* ext : {".conf", ".cfg", ".vcl", ".cnf", ".config", ".conf.template"})
        if (name.ends_with(ext)) return true;
    return false;
}

// A file's identity on disk: two names (a symlink and its target, a hard link) of one file are checked once.
struct FileId {
    dev_t dev;
    ino_t ino;
    bool operator<(const FileId& o) const { return std::tie(dev, ino) < std::tie(o.dev, o.ino); }
};

struct Walker {
    const LintOptions& options;
    const DiscoverOptions& dopts;
    DiscoverResult& out;
    GitIgnore gitignore;
    std::set<FileId> seen;       // every file emitted so far, by identity
    std::string root_display;    // the walked directory as named on the command line
    std::string root_canonical;  // and its real path

    void emit(InputFile&& f) {
        if (dopts.on_file) dopts.on_file(std::move(f));
        else out.files.push_back(std::move(f));
    }
    void skip(SkippedFile&& s) {
        // A binary file named like a configuration (an ELF, a git-crypt-encrypted redis.conf): one line,
        // never pages of escaped bytes; named on the command line it is an input error.
        if (s.kind == "binary" && s.named) {
            out.errors.push_back({s.path, "binary file, not checked"});
            return;
        }
        if (s.kind == "binary" && !dopts.on_skip && config_like_name(s.path.substr(s.path.find_last_of('/') + 1)))
            std::cerr << "cachelint: " << s.path << ": binary file, not checked\n";
        if (dopts.on_skip) dopts.on_skip(s);
        // Nothing on stderr from here for a walk: a repository holds many files that are not configurations.
        // For a file named explicitly, discover() prints one line (a skip, not an error: exit 0).
        else if (s.named)
            std::cerr << "cachelint: " << s.path << ": skipped: " << s.reason
                      << (s.kind == "duplicate" ? "" : "; pass --dialect NAME to check it") << "\n";
        out.skipped.push_back(std::move(s));
    }
    // False when the same physical file was emitted already (under another name).
    bool first_time(const struct stat& st) { return seen.insert({st.st_dev, st.st_ino}).second; }
    bool skipped(const std::string& abs, bool is_dir) const {
        if (dopts.respect_gitignore && gitignore.ignored(abs, is_dir)) return true;
        return dopts.excluded && dopts.excluded(abs, is_dir);
    }
    void walk(const std::string& dir, const std::string& abs_dir, int depth, const TreeContext& parent);
    void file(const std::string& path, const std::string& abs, const struct stat& st, const TreeContext& tree, bool named,
              const std::string& link_from);
};

void Walker::file(const std::string& path, const std::string& abs, const struct stat& st, const TreeContext& tree,
                  bool named, const std::string& link_from) {
    if (!first_time(st)) {
        // Reached before through a symlink and checked at this same path; named twice on the command line;
        // or a hard link.
        if (named || !link_from.empty()) skip({link_from.empty() ? path : link_from, "duplicate", "another name of a file already checked", named});
        return;
    }
    if (dopts.mapped_dialect)
        if (auto mapped = dopts.mapped_dialect(abs)) {
            emit({path, *mapped, false, {}, {}, {}});
            return;
        }
    if (named && options.forced_dialect) {  // a file named with --dialect: the user said what it is
        emit({path, *options.forced_dialect, false, {}, {}, {}});
        return;
    }
    HeadReader head(path);
    Classification c = classify_file(path, head, tree, named);
    if (options.forced_dialect && !named) {
        // In a walk, --dialect selects: files classified as that dialect, plus config-like files whose
        // kind could not be told. Other formats and other dialects are left alone.
        if (c.checked() ? c.dialect != *options.forced_dialect : !(c.kind == "unknown" && config_like_name(base_name(path)))) {
            skip({path, c.kind, c.checked() ? "a " + c.dialect + " file (--dialect " + *options.forced_dialect + ")" : c.reason, named});
            return;
        }
        c.dialect = *options.forced_dialect;
    }
    if (!c.checked()) {
        // --strict (src/cli) should turn this skip into exit 2 for a file named explicitly (s.named).
        skip({path, c.kind, c.reason, named});
        return;
    }
    InputFile f{path, c.dialect, false, {}, {}, {}};
    if (head.was_read() && !head.truncated() && head.head().size() <= options.max_file_size) f.preread = head.head();
    emit(std::move(f));
}

void Walker::walk(const std::string& dir, const std::string& abs_dir, int depth, const TreeContext& parent) {
    if (depth > 64) {
        out.errors.push_back({dir, "directory nesting deeper than 64 levels; not descending further"});
        return;
    }
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
        out.errors.push_back({dir, std::string("cannot open directory: ") + std::strerror(errno)});
        return;
    }
    // d_type saves one lstat per entry on file systems that report it (DT_UNKNOWN falls back to lstat).
    std::vector<std::pair<std::string, unsigned char>> names;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.emplace_back(std::move(name), e->d_type);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    if (dopts.respect_gitignore) gitignore.load_dir(abs_dir);
    // A main file, or a template of it (an Ansible role's templates/nginx.conf.j2 makes its siblings nginx too).
    auto has = [&](std::string_view n) {
        return std::any_of(names.begin(), names.end(), [&](const auto& e) {
            if (e.first == n) return true;
            if (e.first.size() <= n.size() || !e.first.starts_with(n) || !is_template_name(to_lower(e.first))) return false;
            const auto inner = template_inner_name(e.first);
            return inner && *inner == n;
        });
    };
    const TreeContext tree = tree_context_for(parent, base_name(abs_dir), has("nginx.conf"),
                                              has("apache2.conf") || has("httpd.conf"), has("haproxy.cfg"));
    // Files before folders, so that a tree's own files are seen before any symlink into them from below.
    std::vector<std::tuple<std::string, std::string, struct stat, std::string>> files;  // path, abs, stat, link path
    std::vector<std::pair<std::string, std::string>> dirs;
    for (const auto& [name, type] : names) {
        const std::string path = (dir == "." ? name : (dir.back() == '/' ? dir + name : dir + "/" + name));
        const std::string abs = (abs_dir == "/" ? "" : abs_dir) + "/" + name;
        struct stat lst {};
        if (type == DT_DIR) {
            if (!skip_directory(name) && !skipped(abs, true)) dirs.emplace_back(path, abs);
            continue;
        }
        if (::lstat(path.c_str(), &lst) != 0) continue;  // vanished while walking
        if (S_ISDIR(lst.st_mode)) {
            if (!skip_directory(name) && !skipped(abs, true)) dirs.emplace_back(path, abs);
            continue;
        }
        std::string link_from;
        std::string real_path = path, real_abs = abs;
        if (S_ISLNK(lst.st_mode)) {
            // Follow links to files, never links to directories (loops, and trees outside the repo). A link
            // to a file inside the walked tree is checked (and reported) at the file's own path, once.
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
            lst = st;
            const std::string target = canonical_path(path);
            std::string rel;
            if (!root_canonical.empty() && target.size() > root_canonical.size() &&
                target.compare(0, root_canonical.size(), root_canonical) == 0 && target[root_canonical.size()] == '/') {
                rel = target.substr(root_canonical.size() + 1);
                link_from = path;
                real_path = root_display == "." ? rel : (root_display.back() == '/' ? root_display + rel : root_display + "/" + rel);
                real_abs = absolute_path(real_path);
            }
        }
        if (!S_ISREG(lst.st_mode)) continue;
        if (skipped(abs, false)) continue;
        files.emplace_back(real_path, real_abs, lst, link_from);
    }
    // Real files first: a symlink (sites-enabled/x) never takes the place of its target (sites-available/x).
    std::stable_partition(files.begin(), files.end(), [](const auto& f) { return std::get<3>(f).empty(); });
    for (const auto& [path, abs, st, link_from] : files) {
        if (!link_from.empty()) {
            if (seen.count({st.st_dev, st.st_ino})) {
                skip({link_from, "symlink", "symlink to " + path + ", checked there", false});
                continue;
            }
            if (skipped(abs, false)) {  // the target itself is excluded: so is its other name
                skip({link_from, "symlink", "symlink to " + path + ", which is excluded", false});
                continue;
            }
        }
        file(path, abs, st, tree, false, link_from);
    }
    for (const auto& [path, abs] : dirs) walk(path, abs, depth + 1, tree);
}

}  // namespace

std::optional<std::string> detect_dialect(const std::string& path, std::string_view head, bool require_confidence) {
    HeadReader reader(path, head);
    Classification c = classify_file(path, reader, tree_context_of_file(path), /*named=*/!require_confidence);
    if (!c.checked()) return std::nullopt;
    return c.dialect;
}

DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const DiscoverOptions& dopts) {
    DiscoverResult out;
    Walker walker{options, dopts, out, {}, {}, {}, {}};
    const std::string& stdin_filename = dopts.stdin_filename;
    for (const auto& p : paths) {
        if (p == "-") {
            InputFile f;
            f.path = stdin_filename.empty() ? "-" : stdin_filename;
            f.from_stdin = true;
            // Bounded like a file: `cat /dev/zero | cachelint check -` must stop, not fill memory.
            char chunk[65536];
            while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
                f.stdin_text.append(chunk, static_cast<size_t>(std::cin.gcount()));
                if (f.stdin_text.size() > options.max_file_size) break;
            }
            if (f.stdin_text.size() > options.max_file_size) {
                out.errors.push_back({f.path, "standard input is over the --max-file-size limit of " +
                                                  std::to_string(options.max_file_size) + " bytes"});
                continue;
            }
            std::optional<std::string> dialect = options.forced_dialect;
            if (!dialect && dopts.mapped_dialect && !stdin_filename.empty()) dialect = dopts.mapped_dialect(absolute_path(f.path));
            if (!dialect) dialect = detect_dialect(f.path, f.stdin_text.substr(0, 8192), false);
            if (!dialect) {
                out.errors.push_back({f.path, "cannot tell which dialect standard input is; pass --dialect or --stdin-filename"});
                continue;
            }
            f.dialect = *dialect;
            walker.emit(std::move(f));
            continue;
        }
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            out.errors.push_back({p, std::strerror(errno)});
            continue;
        }
        const std::string abs = absolute_path(p);
        if (S_ISDIR(st.st_mode) && dopts.only_configs) {
            struct stat lst {};
            if (::lstat(p.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) continue;  // a walk never follows it either
        }
        if (S_ISDIR(st.st_mode)) {
            if (dopts.respect_gitignore) walker.gitignore.load_ancestors(abs);
            // A directory named explicitly is walked, unless --force-exclude says its excludes win.
            if (dopts.force_exclude &&
                ((dopts.respect_gitignore && walker.gitignore.ignored_with_parents(abs, true)) ||
                 excluded_with_parents(dopts, abs, true)))
                continue;
            walker.root_display = p;
            walker.root_canonical = canonical_path(abs);
            // The layout above the walked folder counts too (`cachelint check etc/nginx/conf.d`).
            walker.walk(p, abs, 0, tree_context_of_file(abs + "/."));
            continue;
        }
        // A file named explicitly is always checked (pre-commit passes staged files by name), unless
        // --force-exclude asks for the project's excludes and .gitignore to apply to it as well.
        if (dopts.force_exclude) {
            bool skip = excluded_with_parents(dopts, abs, false);
            if (!skip && dopts.respect_gitignore) {
                walker.gitignore.load_ancestors(directory_of_abs(abs));
                skip = walker.gitignore.ignored_with_parents(abs, false);
            }
            if (skip) continue;
        }
        if (dopts.only_configs) {
            if (!S_ISREG(st.st_mode)) continue;
            // What `check .` from here would do with this file: a link to a file inside the working directory
            // is checked at the target's path; the layout and the content decide as in a walk; other kinds
            // of files pass silently.
            std::string path = p, link_from;
            struct stat lst {};
            if (::lstat(p.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
                const std::string target = canonical_path(p), cwd = canonical_path(".");
                if (target.size() > cwd.size() && target.compare(0, cwd.size(), cwd) == 0 && target[cwd.size()] == '/') {
                    path = target.substr(cwd.size() + 1);
                    link_from = p;
                }
            }
            walker.file(path, absolute_path(path), st, tree_context_of_file(path), /*named=*/false, link_from);
            continue;
        }
        // A file named explicitly: its name, the layout around it and its content decide, a little more
        // willingly than in a walk (a one-directive nginx snippet is accepted). When its kind cannot be told it
        // is skipped with one line on stderr (exit 0).
        walker.file(p, abs, st, S_ISREG(st.st_mode) ? tree_context_of_file(p) : TreeContext{}, /*named=*/true, "");
    }
    // --memcached-args: the command line is checked as a virtual file of the memcached dialect.
    if (!options.memcached_args.empty())
        walker.emit({"<memcached-args>", "memcached", true, options.memcached_args, nullptr, {}});
    return out;
}

}  // namespace cachelint
