#include "parse/redis/role.hpp"

#include <cctype>
#include <set>
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

// The role one word names, if any. "store" must be the whole word ("restore", "keystore" are not).
std::optional<Role> role_of_word(std::string_view w) {
    if (word_is(w, "cache") || w == "caching") return Role::cache;
    if (word_is(w, "session")) return Role::session;
    for (std::string_view q : {"sidekiq", "queue", "celery", "bull", "bullmq", "resque", "jobs", "broker", "rq"})
        if (q == "rq" ? w == "rq" : word_is(w, q)) return Role::queue;
    // A shopping cart is user data the application keeps (microservices-demo's redis-cart, the OpenTelemetry
    // demo's valkey-cart): a store, not a cache.
    if (w == "store" || w == "stores" || w == "datastore" || w == "cart" || w == "carts") return Role::store;
    // Locks (Redlock, a mutex service): an evicted lock key is a lock two clients then hold at once.
    if (w == "lock" || w == "locks" || w == "redlock" || w == "mutex" || w == "mutexes") return Role::store;
    return std::nullopt;
}

// The single role a list of words names; nullopt when none does or when they disagree (cache + queue).
struct Named {
    std::optional<Role> role;
    std::string words;  // the words that named roles, for the reason
    bool mixed = false;
};
Named role_of_words(const std::vector<std::string>& words) {
    Named n;
    for (const auto& w : words)
        if (auto r = role_of_word(w)) {
            if (n.role && *n.role != *r) n.mixed = true;
            if (!n.role) n.role = r;
            if (n.words.find("'" + w + "'") == std::string::npos) n.words += (n.words.empty() ? "'" : ", '") + w + "'";
        }
    if (n.mixed) n.role.reset();
    return n;
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (size_t i = 0; i <= text.size(); ++i) {
        const char ch = i < text.size() ? text[i] : ' ';
        if (std::isalnum(static_cast<unsigned char>(ch))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        else if (!word.empty()) words.push_back(std::move(word)), word.clear();
    }
    return words;
}

// The comment block at the top of the file, before the first directive: where an author says what the
// instance is for ("# Redis cache for the web app"). The stock redis.conf header says nothing about
// that, and the stock comments further down talk about caches in general, so only the header counts.
std::string header_comment(std::string_view text) {
    std::string out;
    LineCursor lines(text);
    int n = 0;
    for (std::string_view line; lines.next(line) && n < 30; ++n) {
        const size_t b = line.find_first_not_of(" \t\r");
        if (b == std::string_view::npos) continue;
        if (line[b] != '#') break;
        out += line.substr(b + 1);
        out += '\n';
    }
    const std::string lower = to_lower(out);
    for (std::string_view stock : {"configuration file example", "configuration for testing", "note on units"})
        if (lower.find(stock) != std::string::npos) return {};
    return out;
}

// The words of a comment that say what the instance is. Framework names (sidekiq, celery, broker...) say it
// anywhere; generic words only next to a word that makes them describe the instance ("a cache instance",
// "Redis cache for ...", "as a session store"), so "# cache size" above maxmemory decides nothing.
std::vector<std::string> instance_words(const std::vector<std::string>& words) {
    static const std::set<std::string_view> generic = {"cache", "caches", "caching", "session", "sessions", "queue",
                                                       "queues", "store", "jobs", "lock", "locks"};
    static const std::set<std::string_view> before = {"a", "an", "the", "as", "for", "redis", "valkey", "keydb", "this", "our",
                                                      "distributed"};
    static const std::set<std::string_view> after = {"instance", "server", "node", "only", "db", "database", "backend", "service"};
    std::vector<std::string> out;
    for (size_t i = 0; i < words.size(); ++i) {
        if (!generic.count(words[i])) {
            out.push_back(words[i]);
            continue;
        }
        // "Role: hot lookup cache", "Purpose: session store": a label a few words before says it outright.
        bool labelled = false;
        for (size_t back = 1; back <= 3 && back <= i; ++back) labelled = labelled || words[i - back] == "role" || words[i - back] == "purpose";
        if (labelled || (i > 0 && before.count(words[i - 1])) || (i + 1 < words.size() && after.count(words[i + 1])))
            out.push_back(words[i]);
    }
    return out;
}

}  // namespace

std::optional<Role> role_from_name(std::string_view name) {
    // Only names that say the data is kept: a service called "cache" is often the Celery broker as well.
    const Named n = role_of_words(words_of(name));
    if (n.role && *n.role != Role::cache) return n.role;
    return std::nullopt;
}

std::optional<Role> role_named(std::string_view name) { return role_of_words(words_of(name)).role; }

std::optional<Role> role_from_path(std::string_view path) {
    // The file name first, then its folder; a name that mixes roles ("cache-and-queue") decides nothing.
    const auto words = path_words(path);
    return role_of_words(words).role;
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
    // Then what the instance is called and what its author wrote about it. Never the eviction policy or
    // the persistence settings: those are what the rules judge, and they are often the mistake itself.
    // The file's own name and its folder only (a checkout under ~/cachelint/ or ~/.cache/ says nothing).
    const std::string path = c.main ? c.main->path() : "";
    const std::string mixed_note = "not declared: pass --role or add '# cachelint: role=cache|store|queue|session'";
    std::string mixed;
    if (!c.live) {
        std::string_view p = path;
        const size_t slash = p.find_last_of('/');
        const std::string_view file = slash == std::string_view::npos ? p : p.substr(slash + 1);
        const std::string_view folder = slash == std::string_view::npos ? std::string_view{} : p.substr(0, slash);
        for (auto [part, what] : {std::pair{file, "file name"}, std::pair{folder, "folder name"}}) {
            if (part.empty()) continue;
            const std::string_view last = part.substr(part.find_last_of('/') == std::string_view::npos ? 0 : part.find_last_of('/') + 1);
            Named n = role_of_words(words_of(last));
            if (n.role) {
                c.role = *n.role;
                c.role_reason = std::string("inferred from the ") + what + " '" + std::string(last) + "'";
                return;
            }
            if (n.mixed && mixed.empty()) mixed = std::string("the ") + what + " names several roles (" + n.words + ")";
        }
        if (c.main) {
            Named n = role_of_words(instance_words(words_of(header_comment(c.main->text()))));
            if (n.role) {
                c.role = *n.role;
                c.role_reason = "inferred from the file's header comment (" + n.words + ")";
                return;
            }
            if (n.mixed && mixed.empty()) mixed = "the header comment names several roles (" + n.words + ")";
        }
    }
    c.role = Role::unknown;
    c.role_reason = mixed.empty() ? mixed_note : mixed + "; " + mixed_note.substr(std::string_view("not declared: ").size());
}

}  // namespace cachelint::redis
