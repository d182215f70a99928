#include "discover/glob.hpp"

#include "core/paths.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace cachelint {
namespace {

// [...] at pattern[i] (pattern[i] == '['); sets `end` past the class. False if malformed.
bool match_class(std::string_view p, size_t i, char c, bool& matched, size_t& end) {
    size_t j = i + 1;
    bool negate = false;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) negate = true, ++j;
    bool any = false;
    bool first = true;
    while (j < p.size() && (p[j] != ']' || first)) {
        first = false;
        char lo = p[j];
        if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
        char hi = lo;
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            hi = p[j + 2];
            if (hi == '\\' && j + 3 < p.size()) hi = p[++j + 2];
            j += 2;
        }
        if (c >= lo && c <= hi) any = true;
        ++j;
    }
    if (j >= p.size()) return false;  // no closing ']'
    end = j + 1;
    matched = (any != negate) && c != '/';
    return true;
}

// Iterative in the number of '*' (each backtracks at most once per position), bounded by budget.
bool match_at(std::string_view p, size_t pi, std::string_view s, size_t si, int& budget) {
    while (pi < p.size()) {
        if (--budget < 0) return false;
        const char c = p[pi];
        if (c == '*') {
            const bool double_star = pi + 1 < p.size() && p[pi + 1] == '*' && (pi == 0 || p[pi - 1] == '/');
            if (double_star) {
                size_t after = pi + 2;
                if (after == p.size()) return true;  // "a/**": everything below
                if (p[after] == '/') {
                    // "**/": zero or more whole directories.
                    for (size_t k = si;; ) {
                        if (match_at(p, after + 1, s, k, budget)) return true;
                        size_t slash = s.find('/', k);
                        if (slash == std::string_view::npos) return false;
                        k = slash + 1;
                    }
                }
            }
            size_t next = pi + 1;
            while (next < p.size() && p[next] == '*') ++next;
            for (size_t k = si; k <= s.size(); ++k) {
                if (match_at(p, next, s, k, budget)) return true;
                if (k < s.size() && s[k] == '/') return false;
            }
            return false;
        }
        if (si >= s.size()) return false;
        if (c == '?') {
            if (s[si] == '/') return false;
            ++pi, ++si;
            continue;
        }
        if (c == '[') {
            bool matched = false;
            size_t end = 0;
            if (match_class(p, pi, s[si], matched, end)) {
                if (!matched) return false;
                pi = end, ++si;
                continue;
            }
            // A lone '[' is literal.
        }
        char lit = c;
        if (c == '\\' && pi + 1 < p.size()) lit = p[++pi];
        if (s[si] != lit) return false;
        ++pi, ++si;
    }
    return si == s.size();
}

bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
    int budget = 200000;
    return match_at(pattern, 0, path, 0, budget);
}

PathPattern parse_path_pattern(std::string_view text, bool allow_negation) {
    PathPattern p;
    p.text = std::string(text);
    if (allow_negation && !text.empty() && text[0] == '!') p.negate = true, text.remove_prefix(1);
    if (text.starts_with("./")) text.remove_prefix(2);
    if (text.size() > 1 && text.back() == '/') p.dir_only = true, text.remove_suffix(1);
    if (!text.empty() && text[0] == '/') p.anchored = true, text.remove_prefix(1);
    if (text.find('/') != std::string_view::npos) p.anchored = true;
    p.glob = std::string(text);
    return p;
}

bool pattern_matches(const PathPattern& p, std::string_view rel, bool is_dir) {
    if (p.dir_only && !is_dir) return false;
    if (p.anchored) return glob_match(p.glob, rel);
    auto slash = rel.find_last_of('/');
    return glob_match(p.glob, slash == std::string_view::npos ? rel : rel.substr(slash + 1));
}

std::string absolute_path(std::string_view path) {
    std::string full = (!path.empty() && path[0] == '/') ? std::string(path) : current_directory() + "/" + std::string(path);
    std::vector<std::string> parts;
    std::string seg;
    std::istringstream in(full);
    while (std::getline(in, seg, '/')) {
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!parts.empty()) parts.pop_back();
            continue;
        }
        parts.push_back(seg);
    }
    std::string out;
    for (const auto& p : parts) out += "/" + p;
    return out.empty() ? "/" : out;
}

bool relative_to(const std::string& base, const std::string& path, std::string& rel) {
    if (base == "/") {
        rel = path.size() > 1 ? path.substr(1) : "";
        return true;
    }
    if (path == base) {
        rel.clear();
        return true;
    }
    if (path.size() > base.size() && path.compare(0, base.size(), base) == 0 && path[base.size()] == '/') {
        rel = path.substr(base.size() + 1);
        return true;
    }
    return false;
}

std::string find_repo_root(const std::string& abs_dir) {
    std::string d = abs_dir;
    for (int guard = 0; guard < 256; ++guard) {
        if (exists(d == "/" ? "/.git" : d + "/.git")) return d;
        if (d == "/") return "";
        auto slash = d.find_last_of('/');
        d = slash == 0 ? "/" : d.substr(0, slash);
    }
    return "";
}

void GitIgnore::load_file(const std::string& base, const std::string& file) {
    std::ifstream in(file);
    if (!in) return;
    RuleSet set;
    set.base = base;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        // Trailing spaces are dropped unless escaped with a backslash.
        while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\')) line.pop_back();
        if (line.empty()) continue;
        std::string_view text = line;
        if (text.starts_with("\\#") || text.starts_with("\\!")) {
            PathPattern p = parse_path_pattern(text.substr(1), false);
            set.rules.push_back(std::move(p));
            continue;
        }
        set.rules.push_back(parse_path_pattern(text, true));
    }
    if (set.rules.empty()) return;
    sets_.push_back(std::move(set));
    // Shallower rule sets first, so a deeper .gitignore has the last word (git's precedence).
    std::stable_sort(sets_.begin(), sets_.end(), [](const RuleSet& a, const RuleSet& b) {
        return std::count(a.base.begin(), a.base.end(), '/') < std::count(b.base.begin(), b.base.end(), '/');
    });
}

void GitIgnore::load_dir(const std::string& dir) {
    if (std::find(loaded_.begin(), loaded_.end(), dir) != loaded_.end()) return;
    loaded_.push_back(dir);
    load_file(dir, (dir == "/" ? "" : dir) + "/.gitignore");
}

void GitIgnore::load_ancestors(const std::string& dir) {
    root_ = find_repo_root(dir);
    if (root_.empty()) {
        load_dir(dir);
        return;
    }
    if (std::find(loaded_.begin(), loaded_.end(), root_ + "/.git/info/exclude") == loaded_.end()) {
        loaded_.push_back(root_ + "/.git/info/exclude");
        load_file(root_, (root_ == "/" ? "" : root_) + "/.git/info/exclude");
    }
    std::string rel;
    if (!relative_to(root_, dir, rel)) return;
    std::string cur = root_;
    load_dir(cur);
    std::istringstream in(rel);
    std::string seg;
    while (std::getline(in, seg, '/')) {
        if (seg.empty()) continue;
        cur = (cur == "/" ? "" : cur) + "/" + seg;
        load_dir(cur);
    }
}

bool GitIgnore::ignored(const std::string& abs_path, bool is_dir) const {
    bool result = false;
    std::string rel;
    for (const auto& set : sets_) {
        if (!relative_to(set.base, abs_path, rel) || rel.empty()) continue;
        for (const auto& r : set.rules)
            if (pattern_matches(r, rel, is_dir)) result = !r.negate;
    }
    return result;
}

bool GitIgnore::ignored_with_parents(const std::string& abs_path, bool is_dir) const {
    // Every ancestor directory below the repository root (or filesystem root), then the path itself.
    std::string cur;
    size_t pos = 1;
    while (true) {
        size_t slash = abs_path.find('/', pos);
        if (slash == std::string::npos) break;
        cur = abs_path.substr(0, slash);
        if (!root_.empty() && cur.size() <= root_.size()) {
            pos = slash + 1;
            continue;
        }
        if (ignored(cur, true)) return true;
        pos = slash + 1;
    }
    return ignored(abs_path, is_dir);
}

}  // namespace cachelint
