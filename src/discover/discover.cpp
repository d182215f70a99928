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

#include "engine/dialect.hpp"

namespace cachelint {
namespace {

std::string base_name(const std::string& path) {
    auto pos = path.find_last_of('/');
    return pos == std::string::npos ? path : path.substr(pos + 1);
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

// Directories nobody wants linted: VCS metadata and dependency trees.
bool skip_directory(const std::string& name) {
    return name == ".git" || name == ".hg" || name == ".svn" || name == "node_modules" || name == ".cache";
}

bool config_like_name(const std::string& name) {
    for (const char* ext : {".conf", ".cfg", ".vcl", ".cnf", ".config", ".conf.template"})
        if (name.ends_with(ext)) return true;
    return false;
}

void walk(const std::string& dir, const LintOptions& options, DiscoverResult& out, int depth) {
    if (depth > 64) {
        out.errors.push_back({dir, "directory nesting deeper than 64 levels; not descending further"});
        return;
    }
    DIR* d = ::opendir(dir.c_str());
    if (!d) {
        out.errors.push_back({dir, std::string("cannot open directory: ") + std::strerror(errno)});
        return;
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        const std::string path = (dir == "." ? name : (dir.back() == '/' ? dir + name : dir + "/" + name));
        struct stat lst {};
        if (::lstat(path.c_str(), &lst) != 0) continue;  // vanished while walking
        if (S_ISLNK(lst.st_mode)) {
            // Follow links to files, never links to directories (loops, and trees outside the repo).
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
            lst = st;
        }
        if (S_ISDIR(lst.st_mode)) {
            if (!skip_directory(name)) walk(path, options, out, depth + 1);
            continue;
        }
        if (!S_ISREG(lst.st_mode)) continue;
        std::optional<std::string> dialect = detect_dialect(path, read_head(path), /*require_confidence=*/true);
        if (options.forced_dialect) {
            // In a walk, --dialect selects: files detected as that dialect, plus config-like files whose
            // dialect could not be told. Files detected as another dialect are left alone.
            if (dialect ? *dialect != *options.forced_dialect : !config_like_name(name)) continue;
            dialect = options.forced_dialect;
        }
        if (dialect) out.files.push_back({path, *dialect, false, {}});
    }
}

}  // namespace

std::optional<std::string> detect_dialect(const std::string& path, std::string_view head, bool require_confidence) {
    const std::string name = base_name(path);
    const DialectInfo* best = nullptr;
    int best_score = 0;
    for (const DialectInfo* d : all_dialects()) {
        int s = d->name_score ? d->name_score(name) : 0;
        if (s > best_score) best = d, best_score = s;
    }
    if (best_score >= 90) return std::string(best->name);
    // The name alone is not conclusive: let the content decide, weighted by the name hint.
    if (head.find('\0') != std::string_view::npos && best_score < 50) return std::nullopt;  // binary, not a config
    const DialectInfo* best_c = nullptr;
    int best_c_score = 0;
    for (const DialectInfo* d : all_dialects()) {
        int s = d->content_score ? d->content_score(head) : 0;
        if (d->name_score) s += d->name_score(name) / 2;
        if (s > best_c_score) best_c = d, best_c_score = s;
    }
    const int threshold = require_confidence ? 60 : 30;
    if (best_c && best_c_score >= threshold) return std::string(best_c->name);
    if (best && best_score >= 50) return std::string(best->name);
    return std::nullopt;
}

DiscoverResult discover(const std::vector<std::string>& paths, const LintOptions& options,
                        const std::string& stdin_filename) {
    DiscoverResult out;
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
            auto dialect = options.forced_dialect ? options.forced_dialect
                                                  : detect_dialect(f.path, f.stdin_text.substr(0, 8192), false);
            if (!dialect) {
                out.errors.push_back({f.path, "cannot tell which dialect standard input is; pass --dialect or --stdin-filename"});
                continue;
            }
            f.dialect = *dialect;
            out.files.push_back(std::move(f));
            continue;
        }
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            out.errors.push_back({p, std::strerror(errno)});
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            walk(p, options, out, 0);
            continue;
        }
        // A file named explicitly is always checked: be more willing to guess its dialect.
        auto dialect = options.forced_dialect ? options.forced_dialect : detect_dialect(p, read_head(p), false);
        if (!dialect) {
            out.errors.push_back({p, "cannot tell which kind of configuration this is; pass --dialect NAME"});
            continue;
        }
        out.files.push_back({p, *dialect, false, {}});
    }
    return out;
}

}  // namespace cachelint
