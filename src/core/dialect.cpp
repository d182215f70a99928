#include "core/dialect.hpp"

#include <algorithm>

namespace cachelint {
namespace {
std::vector<const DialectInfo*>& registry() {
    static std::vector<const DialectInfo*> r;
    return r;
}
}  // namespace

RegisterDialect::RegisterDialect(const DialectInfo& info) {
    auto& r = registry();
    r.push_back(&info);
    std::sort(r.begin(), r.end(), [](auto* a, auto* b) { return a->name < b->name; });
}

std::span<const DialectInfo* const> all_dialects() { return registry(); }

const DialectInfo* find_dialect(std::string_view name) {
    for (auto* d : registry())
        if (d->name == name) return d;
    return nullptr;
}

std::vector<std::string_view>& registered_rule_ids() {
    static std::vector<std::string_view> ids;
    return ids;
}

}  // namespace cachelint
