// Shared include mechanics for every dialect with an include directive: glob expansion in sorted
// order, cycle detection, and limits (depth, total files) so crafted inputs cannot loop or explode.
#pragma once
#include <string>
#include <vector>

namespace cachelint {

bool has_glob_chars(std::string_view path);
// Sorted matches of a glob(3) pattern; empty when nothing matches. `limit` caps the result, and
// the directory entries scanned are capped too (a pattern like /*/*/*/*/* would walk the whole
// disk); `*truncated` tells whether either cap cut the result.
std::vector<std::string> expand_glob(const std::string& pattern, size_t limit = 10000, bool* truncated = nullptr);
std::string directory_of(const std::string& path);  // "a/b/c.conf" -> "a/b"; "c.conf" -> "."
std::string join_path(const std::string& dir, const std::string& rel);  // rel if absolute
std::string canonical_path(const std::string& path);  // realpath(), or the path itself when that fails

// Why an include must not be followed. The dialects turn each kind into their server's words.
enum class IncludeRefusal { none, cycle, too_deep, too_many };
// "include cycle: <path> includes itself", "includes nested deeper than 64 levels", ...
std::string describe(IncludeRefusal r, const std::string& path);

// Cycle, depth and count limits shared by every dialect's include procedure. enter() hands back a
// Scope that leaves the file when it goes out of scope, so no early return can forget it.
class IncludeGuard {
public:
    static constexpr size_t kMaxDepth = 64;
    static constexpr size_t kMaxFiles = 5000;

    class [[nodiscard]] Scope {
    public:
        Scope(Scope&& o) noexcept : guard_(o.guard_), refusal_(o.refusal_) { o.guard_ = nullptr; }
        Scope& operator=(Scope&&) = delete;
        Scope(const Scope&) = delete;
        ~Scope() {
            if (guard_) guard_->leave();
        }
        IncludeRefusal refusal() const { return refusal_; }
        bool entered() const { return refusal_ == IncludeRefusal::none; }
        explicit operator bool() const { return entered(); }

    private:
        friend class IncludeGuard;
        Scope(IncludeGuard* g, IncludeRefusal r) : guard_(r == IncludeRefusal::none ? g : nullptr), refusal_(r) {}
        IncludeGuard* guard_;
        IncludeRefusal refusal_;
    };

    // Enters `path` (the scope leaves it), or says why it must not be followed (cycle, depth, count).
    Scope enter(const std::string& path) { return Scope(this, enter_path(path)); }
    size_t depth() const { return stack_.size(); }
    // The file-count limit was hit: stop following includes altogether (the refusal was reported once).
    bool exhausted() const { return exhausted_; }

private:
    IncludeRefusal enter_path(const std::string& path);
    void leave();
    // Paths as entered; canonicalised (realpath) only once a second file is entered, since the
    // outermost file alone cannot be a cycle: a job without includes makes no realpath calls.
    std::vector<std::string> stack_;
    size_t canonical_ = 0;  // stack_[0, canonical_) hold canonical paths
    size_t total_ = 0, attempts_ = 0;
    bool exhausted_ = false;
};

}  // namespace cachelint
