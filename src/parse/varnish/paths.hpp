// Control-flow paths through a VCL method, the way varnishd runs it: the user's definitions of the method
// concatenated in source order, `call`s inlined, and a path that ends without `return` falling through to
// the built-in VCL (end == nullptr). Every path records the conditions it took (with polarity) and the
// statements it executed, so rules can ask "on the way to this return(hash), was Cookie tested or unset?".
#pragma once
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

struct MethodPaths {
    std::vector<Path> paths;
    bool complete = true;  // false: too many paths; rules must not conclude "on every path"
};

// Computed once per program and method (memoised in Program::path_memo); the reference stays valid as
// long as the program does.
const MethodPaths& method_paths(const Program& program, std::string_view method /* "vcl_recv" */);

// Every statement of the method's definitions and the subs they call (each once), for "anywhere" checks.
std::vector<const Stmt*> method_statements(const Program& program, std::string_view method);

}  // namespace cachelint::varnish
