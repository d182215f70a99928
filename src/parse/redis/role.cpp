#include "parse/redis/role.hpp"

#include <cctype>
#include <vector>

#include "core/text.hpp"

namespace cachelint::redis {
namespace {
std::optional<Role> parse_role(std::string_view s) {
    if (s == "cache") return Role::cache;
    if (s == "store") return Role::store;
    if (s == "queue") return Role::queue;
    if (s == "session") return Role::session;
    if (s == "unknown") return Role::unknown;
    return std::nullopt;
}

// Words of the file name and of its parent folder, split on anything not alphanumeric.
std::vector<std::string> path_words(std::string_view path) {
    std::vector<std::string> words;
    size_t end = path.size();
    for (int component = 0; component < 2 && end > 0; ++component) {
        size_t slash = path.find_last_of('/', end - 1);
        const size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
        std::string word;
        for (size_t i = begin; i <= end; ++i) {
            const char ch = i < end ? path[i] : '/';
            if (std::isalnum(static_cast<unsigned char>(ch))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            else if (!word.empty()) words.push_back(std::move(word)), word.clear();
        }
        if (slash == std::string_view::npos) break;
        end = slash;
    }
    return words;
}

bool word_is(std::string_view w, std::string_view stem) {
    // "cache", "caches", "rediscache", "cache01"; not "cachelint" or "cachet".
    const size_t at = w.find(stem);
    if (at == std::string_view::npos) return false;
    std::string_view rest = w.substr(at + stem.size());
    if (rest == "s") return true;
    for (char ch : rest)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    return true;
}

}  // namespace

std::optional<Role> role_from_path(std::string_view path) {
    const auto words = path_words(path);
    for (const auto& w : words)
        if (word_is(w, "cache") || word_is(w, "lru")) return Role::cache;
    for (const auto& w : words)
        if (word_is(w, "session")) return Role::session;
    for (const auto& w : words)
        if (word_is(w, "sidekiq") || word_is(w, "queue") || word_is(w, "celery") || word_is(w, "bull") ||
            word_is(w, "resque") || word_is(w, "jobs") || word_is(w, "broker"))
            return Role::queue;
    return std::nullopt;
}

void assign_role(Config& c, const LintOptions& options) {
    // Context the rules read besides the role: whether the network is known to be private, and
    // whether this is a replicated master (neither can be seen in the file).
    for (const char* key : {"exposure", "replication"})
        if (auto it = options.settings.find(std::string("redis.") + key); it != options.settings.end())
            c.pragmas[key] = it->second;
    if (auto r = parse_role(options.role); r && !options.role.empty()) {
        c.role = *r;
        c.role_reason = "--role " + options.role;
        return;
    }
    if (auto it = options.settings.find("redis.role"); it != options.settings.end())
        if (auto r = parse_role(it->second)) {
            c.role = *r;
            c.role_reason = "role = \"" + it->second + "\" in the project configuration";
            return;
        }
    if (auto it = c.pragmas.find("role"); it != c.pragmas.end())
        if (auto r = parse_role(it->second)) {
            c.role = *r;
            c.role_reason = "'# cachelint: role=" + it->second + "' in the file";
            return;
        }
    const std::string policy = c.value("maxmemory-policy");
    const uint64_t maxmemory = c.memory("maxmemory").value_or(0);
    const bool persistence_off = c.save_explicit && c.save.empty() && !c.boolean("appendonly").value_or(false);
    if (maxmemory > 0 && policy.rfind("allkeys-", 0) == 0) {
        c.role = Role::cache;
        c.role_reason = "inferred from 'maxmemory-policy " + policy + "' with a memory limit";
        return;
    }
    if (maxmemory > 0 && persistence_off) {
        c.role = Role::cache;
        c.role_reason = "inferred from a memory limit with persistence turned off";
        return;
    }
    // The file's own name and its folder (not the whole path: a checkout under ~/cachelint/ or
    // ~/.cache/ says nothing about the instance).
    const std::string path = c.main ? c.main->path() : "";
    if (auto r = role_from_path(path)) {
        c.role = *r;
        c.role_reason = "inferred from the file path '" + path + "'";
        return;
    }
    c.role = Role::unknown;
    c.role_reason = "not declared: pass --role or add '# cachelint: role=cache|store|queue|session'";
}

}  // namespace cachelint::redis
