// Control-flow paths through a VCL method, the way varnishd runs it: the user's definitions of the method
// concatenated in source order, `call`s inlined, and a path that ends without `return` falling through to
// the built-in VCL (end == nullptr). Every path records the conditions it took (with polarity) and the
// statements it executed, so rules can ask "on the way to this return(hash), was Cookie tested or unset?".
#pragma once
#include <cstddef>
#include <deque>
#include <iterator>
#include <memory>
#include <string_view>
#include <vector>

#include "parse/varnish/ast.hpp"

namespace cachelint::varnish {

struct Cond {
    const Expr* expr;
    bool positive;  // false: the path went past this condition (an else / no branch)
};

struct Step {
    const Stmt* stmt;
    size_t conds_before;  // how many conditions the path had taken when it ran this statement
};

struct Path {
    std::vector<Cond> conds;
    std::vector<Step> steps;  // Set, Unset, FuncCall, New executed on the path, in order
    const Stmt* end = nullptr;  // the return statement; nullptr = fell through to the built-in VCL

    std::string_view action() const { return end ? end->target : std::string_view{}; }
    // Any condition (of either polarity) taken before step index `before` mentions the name prefix.
    bool tested(std::string_view lower_prefix, size_t before = SIZE_MAX) const;
    // A set or unset of the variable (case-insensitive) executed on the path.
    bool assigned(std::string_view lower_name) const;
};

constexpr size_t kMaxPaths = 4096;

// The paths of a method, stored compactly: paths share their common prefixes (a long vcl_recv has
// thousands of paths that differ only in their last branches; stored whole they took hundreds of MB
// for a 1 MB VCL), and each path is materialised into a Path owned by the iterator while it is visited.
// Iterate with `for (const Path& p : list)`; the reference is valid until the iterator moves on.
class PathList {
public:
    struct CondNode {
        const CondNode* prev;
        Cond cond;
    };
    struct StepNode {
        const StepNode* prev;
        Step step;
    };
    struct Compact {
        const CondNode* conds = nullptr;  // last condition taken (the chain runs back to the first)
        size_t n_conds = 0;
        const StepNode* steps = nullptr;
        size_t n_steps = 0;
        const Stmt* end = nullptr;
    };
    struct Store {
        std::deque<CondNode> conds;  // a deque: nodes never move while the store grows
        std::deque<StepNode> steps;
        std::vector<Compact> paths;
    };

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = Path;
        using difference_type = std::ptrdiff_t;
        using pointer = const Path*;
        using reference = const Path&;
        iterator() = default;
        explicit iterator(const Compact* p) : p_(p) {}
        const Path& operator*() const;
        const Path* operator->() const { return &**this; }
        iterator& operator++() {
            ++p_;
            return *this;
        }
        bool operator==(const iterator& o) const { return p_ == o.p_; }
        bool operator!=(const iterator& o) const { return p_ != o.p_; }

    private:
        const Compact* p_ = nullptr;
        mutable const Compact* loaded_ = nullptr;
        mutable Path buf_;
    };

    PathList() : store_(std::make_shared<Store>()) {}
    size_t size() const { return store_->paths.size(); }
    bool empty() const { return store_->paths.empty(); }
    iterator begin() const { return iterator(store_->paths.data()); }
    iterator end() const { return iterator(store_->paths.data() + store_->paths.size()); }
    Store& store() { return *store_; }

private:
    std::shared_ptr<Store> store_;  // shared: copies of a MethodPaths stay valid and cheap
};

struct MethodPaths {
    PathList paths;
    bool complete = true;  // false: too many paths; rules must not conclude "on every path"
};

// Computed once per program and method (memoised in Program::path_memo); the reference stays valid as
// long as the program does.
const MethodPaths& method_paths(const Program& program, std::string_view method /* "vcl_recv" */);

// Every statement of the method's definitions and the subs they call (each once), for "anywhere" checks.
// Memoised like method_paths().
const std::vector<const Stmt*>& method_statements(const Program& program, std::string_view method);

// Every statement of every sub, in source order, each before the statements nested in it (an if's branches, then a
// compound's body). Memoised like method_paths().
const std::vector<const Stmt*>& program_statements(const Program& program);

}  // namespace cachelint::varnish
