#include "fix/fix.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <sys/stat.h>

#include "core/atomic_file.hpp"
#include "core/text.hpp"
#include "core/lint_job.hpp"

namespace cachelint {
namespace {

constexpr size_t kContext = 3;  // lines of context around each change, as diff -u

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    LineCursor cursor(text);
    for (std::string_view line; cursor.next(line);) lines.push_back(line);
    return lines;
}

// Edits never add or remove a line (neither the original nor the replacement holds a newline), so
// old and new have the same lines and each hunk has the same length on both sides.
void write_unified_diff(std::ostream& os, const std::string& path, std::string_view before, std::string_view after,
                        const std::vector<size_t>& changed) {  // 0-based changed lines, sorted, unique
    const auto old_lines = split_lines(before), new_lines = split_lines(after);
    const bool old_eol = before.ends_with('\n'), new_eol = after.ends_with('\n');
    auto emit = [&](char tag, const std::vector<std::string_view>& lines, size_t i, bool eol) {
        os << tag << lines[i] << '\n';
        if (i + 1 == lines.size() && !eol) os << "\\ No newline at end of file\n";
    };
    os << "--- " << path << "\n+++ " << path << "\n";
    for (size_t k = 0; k < changed.size();) {
        // One hunk: changes closer than 2 x context lines share it.
        size_t last = k;
        while (last + 1 < changed.size() && changed[last + 1] - changed[last] <= 2 * kContext) ++last;
        const size_t from = changed[k] >= kContext ? changed[k] - kContext : 0;
        const size_t to = std::min(old_lines.size(), changed[last] + kContext + 1);
        os << "@@ -" << from + 1 << "," << to - from << " +" << from + 1 << "," << to - from << " @@\n";
        size_t c = k;
        for (size_t i = from; i < to;) {
            if (c <= last && changed[c] == i) {
                size_t run_end = i;  // consecutive changed lines: all removals, then all additions
                while (c <= last && changed[c] == run_end) ++c, ++run_end;
                for (size_t j = i; j < run_end; ++j) emit('-', old_lines, j, old_eol);
                for (size_t j = i; j < run_end; ++j) emit('+', new_lines, j, new_eol);
                i = run_end;
            } else {
                emit(' ', old_lines, i, old_eol);
                ++i;
            }
        }
        k = last + 1;
    }
}

// Rewrites the file a path names: through a symlink to its target, keeping the permission bits.
std::string write_preserving(const std::string& path, std::string_view content) {
    std::error_code ec;
    std::string target = std::filesystem::canonical(path, ec).string();
    if (ec) return ec.message();
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) return std::strerror(errno);
    return write_file_atomically(target, content, st.st_mode & 07777);
}

}  // namespace

FixOutcome apply_fixes(LintResult& result, const LintOptions& options, bool write, std::ostream* diff, bool unsafe) {
    FixOutcome out;
    std::map<std::string, std::vector<size_t>> by_file;  // path -> diagnostics with a fix, in report order
    for (size_t i = 0; i < result.diagnostics.size(); ++i) {
        const Diagnostic& d = result.diagnostics[i];
        if (d.suppression || d.fix.empty()) continue;
        if (d.fix_unsafe && !unsafe) {
            ++out.unsafe_left;
            continue;
        }
        by_file[d.fix.front().location.path].push_back(i);
    }
    std::vector<bool> fixed(result.diagnostics.size(), false);
    for (const auto& [path, indices] : by_file) {
        // Read again the way the check read it (regular files only, non-blocking, --max-file-size).
        SourceLoader loader(options);
        const SourceLoader::Loaded loaded = loader.load(path);
        if (!loaded.file) {
            out.errors.push_back({path, "cannot read the file again to fix it: " + loaded.error});
            continue;
        }
        const std::string_view before = loaded.file->text();
        std::vector<std::pair<uint32_t, uint32_t>> taken;  // byte ranges of accepted edits
        std::vector<const ResolvedEdit*> edits;
        std::vector<size_t> accepted;
        bool stale = false;
        for (size_t i : indices) {
            const auto& fix = result.diagnostics[i].fix;
            bool overlaps = false;
            for (const ResolvedEdit& e : fix) {
                if (e.end > before.size() || before.substr(e.begin, e.end - e.begin) != e.original) stale = true;
                for (auto [b, en] : taken) overlaps = overlaps || (e.begin < en && b < e.end);
            }
            if (stale) break;
            if (overlaps) continue;
            for (const ResolvedEdit& e : fix) {
                taken.push_back({e.begin, e.end});
                edits.push_back(&e);
            }
            accepted.push_back(i);
        }
        if (stale) {
            out.errors.push_back({path, "changed since it was checked; not fixed (run cachelint again)"});
            continue;
        }
        std::sort(edits.begin(), edits.end(), [](const ResolvedEdit* a, const ResolvedEdit* b) { return a->begin > b->begin; });
        std::string after(before);
        std::vector<size_t> changed_lines;
        for (const ResolvedEdit* e : edits) {
            after.replace(e->begin, e->end - e->begin, e->replacement);
            changed_lines.push_back(e->location.line - 1);
        }
        if (after == before) continue;
        std::sort(changed_lines.begin(), changed_lines.end());
        changed_lines.erase(std::unique(changed_lines.begin(), changed_lines.end()), changed_lines.end());
        if (write) {
            if (auto err = write_preserving(path, after); !err.empty()) {
                out.errors.push_back({path, "cannot write the fix: " + err});
                continue;
            }
        }
        if (diff) write_unified_diff(*diff, path, before, after, changed_lines);
        ++out.files;
        out.findings += accepted.size();
        for (size_t i : accepted) fixed[i] = true;
    }
    if (write) {
        std::vector<Diagnostic> remaining;
        for (size_t i = 0; i < result.diagnostics.size(); ++i)
            if (!fixed[i]) remaining.push_back(std::move(result.diagnostics[i]));
        result.diagnostics = std::move(remaining);
    }
    return out;
}

}  // namespace cachelint
