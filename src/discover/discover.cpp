#include "discover/discover.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "core/template.hpp"
#include "core/text.hpp"
#include "discover/glob.hpp"
#include "engine/dialect.hpp"

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

std::string read_head(const std::string& path, size_t n = 8192) {
    // Non-blocking open and regular files only: a FIFO or device named on the command line (or
    // swapped in during the walk) must not block or stream forever; its name alone decides.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return {};
    struct stat st {};
    std::string buf;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        buf.resize(n);
        ssize_t got = ::read(fd, buf.data(), n);
        buf.resize(got > 0 ? static_cast<size_t>(got) : 0);
    }
    ::close(fd);
    return buf;
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

// The name a template renders to ("nginx.conf.j2" -> "nginx.conf", "default.vcl.tftpl" -> "default.vcl"):
// a template is classified as the file it renders (core/template.hpp); other names are themselves.
std::string rendered_name(const std::string& name) {
    if (auto t = template_name(name); t && !t->inner.empty()) return t->inner;
    return name;
}

// The dialect whose name hint scores highest for a base name, and its score (0: no dialect claims it).
std::pair<const DialectInfo*, int> best_by_name(const std::string& template_or_name) {
    const std::string name = rendered_name(template_or_name);
    const DialectInfo* best = nullptr;
    int best_score = 0;
    for (const DialectInfo* d : all_dialects()) {
        int s = d->name_score ? d->name_score(name) : 0;
        if (s > best_score) best = d, best_score = s;
    }
    return {best, best_score};
}

// A score from which the name alone decides the dialect: the content is not looked at.
constexpr int kConclusiveName = 90;

// The dialect when the base name alone decides it (detect_dialect returns before looking at the head).
std::optional<std::string> detect_dialect_by_name(const std::string& name) {
    auto [best, best_score] = best_by_name(name);
    if (best_score >= kConclusiveName) return std::string(best->name);
    return std::nullopt;
}

struct Walker {
    const LintOptions& options;
    const DiscoverOptions& dopts;
    DiscoverResult& out;
    GitIgnore gitignore;

    void emit(InputFile&& f) {
        if (dopts.on_file) dopts.on_file(std::move(f));
        else out.files.push_back(std::move(f));
    }
    bool skipped(const std::string& abs, bool is_dir) const {
        if (dopts.respect_gitignore && gitignore.ignored(abs, is_dir)) return true;
        return dopts.excluded && dopts.excluded(abs, is_dir);
    }
    void walk(const std::string& dir, const std::string& abs_dir, int depth);
};

void Walker::walk(const std::string& dir, const std::string& abs_dir, int depth) {
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
    for (const auto& [name, type] : names) {
        const std::string path = (dir == "." ? name : (dir.back() == '/' ? dir + name : dir + "/" + name));
        const std::string abs = (abs_dir == "/" ? "" : abs_dir) + "/" + name;
        struct stat lst {};
        if (type == DT_REG) lst.st_mode = S_IFREG;
        else if (type == DT_DIR) lst.st_mode = S_IFDIR;
        else if (::lstat(path.c_str(), &lst) != 0) continue;  // vanished while walking
        if (S_ISLNK(lst.st_mode)) {
            // Follow links to files, never links to directories (loops, and trees outside the repo).
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
            lst = st;
        }
        if (S_ISDIR(lst.st_mode)) {
            if (!skip_directory(name) && !skipped(abs, true)) walk(path, abs, depth + 1);
            continue;
        }
        if (!S_ISREG(lst.st_mode)) continue;
        if (skipped(abs, false)) continue;
        if (dopts.mapped_dialect)
            if (auto mapped = dopts.mapped_dialect(abs)) {
                emit({path, *mapped, false, {}, {}});
                continue;
            }
        // The head is read only when the name is not conclusive (redis.conf, nginx.conf, *.vcl ... are).
        std::optional<std::string> dialect = detect_dialect_by_name(name);
        if (!dialect) dialect = detect_dialect(path, read_head(path), /*require_confidence=*/true);
        if (options.forced_dialect) {
            // In a walk, --dialect selects: files detected as that dialect, plus config-like files whose
            // dialect could not be told. Files detected as another dialect are left alone.
            if (dialect ? *dialect != *options.forced_dialect : !config_like_name(name)) continue;
            dialect = options.forced_dialect;
        }
        if (dialect) emit({path, *dialect, false, {}, {}});
    }
}

// `# cachelint: dialect=NAME` (or `// cachelint: ...`) on a comment line of the head: the file says what it is,
// like ShellCheck's `shell=`. Only consulted when the name is not conclusive, so telling names cost no read.
const DialectInfo* dialect_pragma(std::string_view head) {
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        size_t i = line.find_first_not_of(" \t");
        if (i == std::string_view::npos) continue;
        line.remove_prefix(i);
        if (line.starts_with("//")) line.remove_prefix(2);
        else if (line.starts_with("#")) line.remove_prefix(1);
        else continue;
        line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
        if (!line.starts_with("cachelint:")) continue;
        line.remove_prefix(10);
        line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
        if (!line.starts_with("dialect=")) continue;
        line.remove_prefix(8);
        line = line.substr(0, line.find_first_of(" \t\r"));
        return find_dialect(line);
    }
    return nullptr;
}

}  // namespace

std::optional<std::string> detect_dialect(const std::string& path, std::string_view head, bool require_confidence) {
    const std::string name = base_name(path);
    auto [best, best_score] = best_by_name(name);
    if (best_score >= kConclusiveName) return std::string(best->name);
    if (const DialectInfo* declared = dialect_pragma(head)) return std::string(declared->name);
    // The name alone is not conclusive: let the content decide, weighted by the name hint.
    if (head.find('\0') != std::string_view::npos && best_score < 50) return std::nullopt;  // binary, not a config
    const DialectInfo* best_c = nullptr;
    int best_c_score = 0;
    for (const DialectInfo* d : all_dialects()) {
        int s = d->content_score ? d->content_score(head) : 0;
        if (d->name_score) s += d->name_score(rendered_name(name)) / 2;
        if (s > best_c_score) best_c = d, best_c_score = s;
    }
    const int threshold = require_confidence ? 60 : 30;
    if (best_c && best_c_score >= threshold) return std::string(best_c->name);
    if (best && best_score >= 50) return std::string(best->name);
    return std::nullopt;
}

DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const DiscoverOptions& dopts) {
    DiscoverResult out;
    Walker walker{options, dopts, out, {}};
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
        if (S_ISDIR(st.st_mode)) {
            if (dopts.respect_gitignore) walker.gitignore.load_ancestors(abs);
            // A directory named explicitly is walked, unless --force-exclude says its excludes win.
            if (dopts.force_exclude &&
                ((dopts.respect_gitignore && walker.gitignore.ignored_with_parents(abs, true)) ||
                 excluded_with_parents(dopts, abs, true)))
                continue;
            walker.walk(p, abs, 0);
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
        // Be more willing to guess the dialect of a file named explicitly.
        std::optional<std::string> dialect = options.forced_dialect;
        if (!dialect && dopts.mapped_dialect) dialect = dopts.mapped_dialect(abs);
        if (!dialect) dialect = detect_dialect_by_name(base_name(p));
        if (!dialect) dialect = detect_dialect(p, read_head(p), false);
        if (!dialect) {
            out.errors.push_back({p, "cannot tell which kind of configuration this is; pass --dialect NAME"});
            continue;
        }
        walker.emit({p, *dialect, false, {}, {}});
    }
    // --memcached-args: the command line is checked as a virtual file of the memcached dialect.
    if (!options.memcached_args.empty())
        walker.emit({"<memcached-args>", "memcached", true, options.memcached_args, nullptr});
    return out;
}

}  // namespace cachelint
