#include "parse/varnish/paths.hpp"

#include <string>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"

namespace cachelint::varnish {

bool Path::tested(std::string_view lower_prefix, size_t before) const {
    const size_t n = std::min(before, conds.size());
    for (size_t i = 0; i < n; ++i)
        if (conds[i].expr->mentions(lower_prefix)) return true;
    return false;
}

bool Path::assigned(std::string_view lower_name) const {
    for (const auto& s : steps)
        if ((s.stmt->kind == Stmt::Set || s.stmt->kind == Stmt::Unset) && iequals(s.stmt->target, lower_name)) return true;
    return false;
}

const Path& PathList::iterator::operator*() const {
    if (loaded_ != p_) {
        buf_.conds.resize(p_->n_conds);
        size_t i = p_->n_conds;
        for (const CondNode* c = p_->conds; c; c = c->prev) buf_.conds[--i] = c->cond;
        buf_.steps.resize(p_->n_steps);
        i = p_->n_steps;
        for (const StepNode* s = p_->steps; s; s = s->prev) buf_.steps[--i] = s->step;
        buf_.end = p_->end;
        loaded_ = p_;
    }
    return buf_;
}

namespace {

constexpr size_t kMaxCallDepth = 32;

struct Frame {
    const Block* block;
    size_t index;
    size_t call_depth;
};

// A path being walked: its conditions and steps so far (shared with the paths it forked from), and
// the statements still to run.
struct State {
    PathList::Compact path;
    std::vector<Frame> stack;
};

void push_sub(const Program& p, std::string_view name, std::vector<Frame>& stack, size_t depth) {
    const auto& defs = p.definitions(name);
    for (auto it = defs.rbegin(); it != defs.rend(); ++it) stack.push_back({&(*it)->body, 0, depth});
}

void add_cond(PathList::Store& store, PathList::Compact& path, const Expr* expr, bool positive) {
    store.conds.push_back({path.conds, {expr, positive}});
    path.conds = &store.conds.back();
    ++path.n_conds;
}

void add_step(PathList::Store& store, PathList::Compact& path, const Stmt* stmt) {
    store.steps.push_back({path.steps, {stmt, path.n_conds}});
    path.steps = &store.steps.back();
    ++path.n_steps;
}

MethodPaths enumerate_paths(const Program& program, std::string_view method) {
    MethodPaths out;
    PathList::Store& store = out.paths.store();
    std::vector<State> work;
    State init;
    push_sub(program, method, init.stack, 0);
    if (init.stack.empty()) return out;
    work.push_back(std::move(init));
    while (!work.empty()) {
        if (store.paths.size() + work.size() > kMaxPaths) {
            out.complete = false;
            return out;
        }
        State st = std::move(work.back());
        work.pop_back();
        bool forked = false;
        while (!st.stack.empty() && !forked) {
            Frame& f = st.stack.back();
            if (f.index >= f.block->size()) {
                st.stack.pop_back();
                continue;
            }
            const Stmt& s = (*f.block)[f.index++];
            const size_t depth = f.call_depth;
            switch (s.kind) {
                case Stmt::Return:
                    if (s.target.empty()) {  // bare `return;`: back to the caller of this user sub
                        while (!st.stack.empty() && st.stack.back().call_depth >= depth && depth > 0) st.stack.pop_back();
                        if (depth > 0) break;
                    }
                    st.path.end = &s;
                    st.stack.clear();
                    break;
                case Stmt::Compound: st.stack.push_back({&s.body, 0, depth}); break;
                case Stmt::Call:
                    add_step(store, st.path, &s);
                    if (depth < kMaxCallDepth) push_sub(program, s.target, st.stack, depth + 1);
                    else out.complete = false;
                    break;
                case Stmt::If: {
                    // One successor per branch, plus "no branch taken" when there is no final else; pushed
                    // in that order. Successors share the path so far; only the frame stack is copied.
                    const size_t nb = s.branches.size();
                    bool has_else = false;
                    for (const auto& br : s.branches) has_else |= !br.cond;
                    for (size_t b = 0; b < nb; ++b) {
                        State next{st.path, st.stack};
                        for (size_t k = 0; k < b; ++k) add_cond(store, next.path, &*s.branches[k].cond, false);
                        if (s.branches[b].cond) add_cond(store, next.path, &*s.branches[b].cond, true);
                        next.stack.push_back({&s.branches[b].body, 0, depth});
                        work.push_back(std::move(next));
                    }
                    if (!has_else) {
                        for (const auto& br : s.branches) add_cond(store, st.path, &*br.cond, false);
                        work.push_back(std::exchange(st, {}));  // taken whole: st is left empty, not moved-from
                    }
                    forked = true;
                    break;
                }
                default: add_step(store, st.path, &s); break;
            }
        }
        if (!forked) store.paths.push_back(st.path);
    }
    return out;
}

}  // namespace

const MethodPaths& method_paths(const Program& program, std::string_view method) {
    for (const auto& [name, paths] : program.path_memo)
        if (name == method) return *paths;
    auto paths = std::make_shared<const MethodPaths>(enumerate_paths(program, method));
    program.path_memo.emplace_back(std::string(method), paths);
    return *paths;
}

const std::vector<const Stmt*>& method_statements(const Program& program, std::string_view method) {
    for (const auto& [name, stmts] : program.statements_memo)
        if (name == method) return *stmts;
    auto memo = std::make_shared<std::vector<const Stmt*>>();
    program.statements_memo.emplace_back(std::string(method), memo);
    std::vector<const Stmt*>& out = *memo;
    // A sub is known by its definitions list (one per name, matched case-insensitively): no lower-cased copies.
    std::unordered_set<const std::vector<const Sub*>*> visited;
    std::vector<std::string_view> todo = {method};
    while (!todo.empty()) {
        const std::vector<const Sub*>& defs = program.definitions(todo.back());
        todo.pop_back();
        if (!visited.insert(&defs).second) continue;
        std::vector<const Block*> blocks;
        for (const Sub* s : defs) blocks.push_back(&s->body);
        while (!blocks.empty()) {
            const Block* b = blocks.back();
            blocks.pop_back();
            for (const auto& s : *b) {
                out.push_back(&s);
                if (s.kind == Stmt::Call) todo.push_back(s.target);
                for (const auto& br : s.branches) blocks.push_back(&br.body);
                if (s.kind == Stmt::Compound) blocks.push_back(&s.body);
            }
        }
    }
    return out;
}

namespace {
void collect_statements(const Block& b, std::vector<const Stmt*>& out) {
    for (const auto& s : b) {
        out.push_back(&s);
        for (const auto& br : s.branches) collect_statements(br.body, out);
        collect_statements(s.body, out);
    }
}
}  // namespace

const std::vector<const Stmt*>& program_statements(const Program& program) {
    if (!program.all_statements_memo) {
        auto memo = std::make_shared<std::vector<const Stmt*>>();
        for (const auto& sub : program.subs) collect_statements(sub.body, *memo);
        program.all_statements_memo = std::move(memo);
    }
    return *program.all_statements_memo;
}

}  // namespace cachelint::varnish
