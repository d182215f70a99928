// The VCL program model: declarations and an AST of each sub, with spans into the source buffers.
// Good enough to ask "does this sub return unconditionally", "is Host hashed", "which TTL is set where".
#pragma once
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "core/text.hpp"
#include "parse/varnish/version.hpp"

namespace cachelint::varnish {

struct Expr {
    enum Kind { Name, String, Number, Duration, Bytes, Blob, Call, Unary, Binary, NamedArg };
    Kind kind = Name;
    Span span;
    std::string_view text;  // Name: dotted name as written; String: contents; op for Unary/Binary; arg name
    double number = 0;      // Number value; Duration in seconds
    std::vector<Expr> kids; // Call: callee-less args; Unary: 1; Binary: 2; NamedArg: 1
    std::string_view callee;  // Call: dotted callee name (may be a method on a name: req.http.host.lower)

    bool is_name(std::string_view lower_name) const;  // case-insensitive for the header part
    bool mentions(std::string_view lower_prefix) const;   // any Name in the tree starts with it (ci)
};

struct Stmt;
struct MethodPaths;  // parse/varnish/paths.hpp
using Block = std::vector<Stmt>;

struct Branch {
    std::optional<Expr> cond;  // none: the final `else`
    Block body;
    Span span;
};

struct Stmt {
    enum Kind { Set, Unset, Call, Return, If, New, FuncCall, Compound };
    Kind kind = Set;
    Span span;      // the keyword (or the first token)
    Span target_span;
    std::string_view target;  // Set/Unset: variable; Call: sub; Return: action ("" for a bare `return;`); New: object
    std::string_view op;      // Set: = += -= *= /=
    std::optional<Expr> value;  // Set rhs; FuncCall call; Return argument list as a Call; New constructor
    std::vector<Branch> branches;  // If
    Block body;                    // Compound
};

struct Sub {
    std::string name;  // lower-cased
    Span name_span;
    Block body;
};

struct AclEntry {
    std::string addr;  // the quoted address or host name, as written
    int mask = -1;     // -1: no `/len`
    bool negated = false;
    Span span;
};

struct Decl {
    std::string name;  // lower-cased
    Span name_span;
    bool none = false;  // `backend x none;`
    std::vector<AclEntry> entries;  // acl only
    std::vector<std::string> flags;  // acl only: "+log", "-pedantic" ...
};

struct Include {
    Span where;
    std::string path;
};

struct Program {
    const SourceFile* main = nullptr;
    VarnishTarget target;  // the release checked against (--varnish-version)
    bool has_version = false;
    std::string version;
    bool fragment = false;  // no `vcl` line and no complete program: an include file linted alone
    std::vector<Decl> backends, probes, acls, imports;
    std::vector<Sub> subs;        // in source order (after include expansion)
    std::vector<std::string> news;  // objects from `new x = ...`, lower-cased
    bool parse_failed = false;    // a fatal syntax error: rules must not reason about a partial AST
    bool includes_complete = true;  // false: an include could not be read here (VCL913); what it declares is unknown

    // Every definition of a sub (methods may be defined several times and are concatenated). The name is matched
    // case-insensitively.
    const std::vector<const Sub*>& definitions(std::string_view name) const;
    const Sub* find_sub(std::string_view lower_name) const;
    bool has_acl(std::string_view name) const;

    // definitions() index by name: path enumeration and the rules look a sub up at every `call`, and a long VCL
    // has hundreds of subs. Rebuilt when subs has changed size since (the parser appends while it reads).
    mutable std::unordered_map<std::string, std::vector<const Sub*>, IHash, IEqual> sub_index;
    mutable size_t sub_index_size = SIZE_MAX;
    // method_paths() memo: every rule of a job asks for the same few methods, and enumerating the paths
    // of a long vcl_recv (up to kMaxPaths) costs more than the rest of the job. One Program is only ever
    // used by the thread running its job, so the memo needs no lock.
    mutable std::vector<std::pair<std::string, std::shared_ptr<const MethodPaths>>> path_memo;
    // method_statements() memo, for the same reason: rules ask "anywhere in vcl_recv" again and again.
    mutable std::vector<std::pair<std::string, std::shared_ptr<const std::vector<const Stmt*>>>> statements_memo;
    // program_statements() memo: rules that look at every sub walk the whole program, some of them repeatedly.
    mutable std::shared_ptr<const std::vector<const Stmt*>> all_statements_memo;
};

}  // namespace cachelint::varnish
