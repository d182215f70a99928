#include "rules/redis/common.hpp"

#include <cstdio>

#include "core/text.hpp"

namespace cachelint::redis::rules {

Span file_start(const Config& c) { return Span{c.main, 0, 0}; }

Span at(const Config& c, std::string_view canonical) {
    if (const Directive* d = c.find(canonical)) return d->args_span();
    return file_start(c);
}

Span at_first(const Config& c, std::initializer_list<std::string_view> canonical) {
    for (auto name : canonical)
        if (const Directive* d = c.find(name)) return d->args_span();
    return file_start(c);
}

// Secrets are never quoted in messages.
bool secret(std::string_view canonical) {
    return canonical == "requirepass" || canonical == "masterauth" || canonical == "primaryauth";
}

std::string shown(const Config& c, std::string_view canonical) {
    if (const Directive* d = c.find(canonical)) {
        if (secret(canonical)) return "'" + d->name + " <hidden>'";
        std::string out = "'" + d->name;
        for (const auto& a : d->args) {
            out += ' ';
            out += a.value.empty() ? std::string("\"\"") : printable(a.value, 40);
        }
        out += '\'';
        return out;
    }
    const std::string def = c.value(canonical);
    return "no '" + std::string(canonical) + "' line (default " + (def.empty() ? "\"\"" : def) + ")";
}

std::string role_phrase(const Config& c) {
    return "role " + std::string(to_string(c.role)) + " (" + c.role_reason + ")";
}

bool role_declared(const Config& c) { return c.role_reason.rfind("inferred", 0) != 0 && c.role != Role::unknown; }

bool persistence_on(const Config& c) { return !c.save.empty() || c.boolean("appendonly").value_or(false); }

bool is_replica(const Config& c) {
    const Directive* d = c.find("replicaof");
    if (!d || d->args.empty()) return false;
    if (d->args.size() == 1) {  // live: "host port" in one value, "" when not a replica
        const std::string& v = d->args[0].value;
        return !v.empty() && !iequals(v, "no one");
    }
    return !(iequals(d->args[0].value, "no") && iequals(d->args[1].value, "one"));
}

bool replication_on(const Config& c) {
    if (is_replica(c) || c.integer("min-replicas-to-write").value_or(0) > 0) return true;
    auto it = c.pragmas.find("replication");
    return it != c.pragmas.end() && (it->second == "master" || it->second == "primary");
}

bool listens_tcp(const Config& c) {
    return c.integer("port").value_or(6379) != 0 || c.integer("tls-port").value_or(0) != 0;
}

bool loopback_address(std::string_view a) {
    if (!a.empty() && a[0] == '-') a.remove_prefix(1);
    return a.rfind("127.", 0) == 0 || a == "::1" || iequals(a, "localhost");
}

bool exposed(const Config& c) {
    if (!listens_tcp(c)) return false;
    if (!c.bind_set || c.bind.empty()) return true;
    for (const auto& b : c.bind)
        if (!loopback_address(b)) return true;
    return false;
}

bool private_address(std::string_view a) {
    if (!a.empty() && a[0] == '-') a.remove_prefix(1);
    if (a.find(':') != std::string_view::npos) {  // IPv6: fc00::/7, fe80::/10
        const std::string l = to_lower(a);
        return (l.size() > 2 && (l.rfind("fc", 0) == 0 || l.rfind("fd", 0) == 0) && l.find(':') <= 4) ||
               l.rfind("fe8", 0) == 0 || l.rfind("fe9", 0) == 0 || l.rfind("fea", 0) == 0 || l.rfind("feb", 0) == 0;
    }
    int o[4];
    char tail;
    if (std::sscanf(std::string(a).c_str(), "%d.%d.%d.%d%c", &o[0], &o[1], &o[2], &o[3], &tail) != 4) return false;
    for (int x : o)
        if (x < 0 || x > 255) return false;
    return o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168) ||
           (o[0] == 100 && o[1] >= 64 && o[1] <= 127) || (o[0] == 169 && o[1] == 254);
}

bool exposed_publicly(const Config& c) {
    if (!listens_tcp(c)) return false;
    if (!c.bind_set || c.bind.empty()) return true;
    for (const auto& b : c.bind)
        if (!loopback_address(b) && !private_address(b)) return true;
    return false;
}

std::string exposure_phrase(const Config& c) {
    if (!c.bind_set || c.bind.empty())
        return c.live ? "the live server listens on all interfaces (bind is empty)"
                      : "there is no 'bind' line, so it listens on all interfaces";
    for (const auto& b : c.bind)
        if (!loopback_address(b) && !private_address(b)) return "it binds to '" + b + "', which is not a loopback address";
    for (const auto& b : c.bind)
        if (!loopback_address(b)) return "it binds to the private address '" + b + "'";
    return "it listens on loopback only";
}

const User* default_user(const Config& c) {
    const User* found = nullptr;
    for (const auto& u : c.users)
        if (u.name == "default") found = &u;
    return found;
}

bool user_nopass(const User& u) {
    bool nopass = false;
    for (const auto& r : u.rules) {
        const std::string l = to_lower(r);
        if (l == "nopass") nopass = true;
        else if (l == "resetpass" || l == "reset" || (!r.empty() && (r[0] == '>' || r[0] == '#'))) nopass = false;
    }
    return nopass;
}

Auth default_user_auth(const Config& c) {
    if (!c.value("aclfile").empty()) return Auth::unknown;  // users live in another file
    if (const User* u = default_user(c)) {
        // A `user default` line resets the user and wins over requirepass, whatever the order.
        bool on = false;
        for (const auto& r : u->rules) {
            const std::string l = to_lower(r);
            if (l == "on") on = true;
            else if (l == "off" || l == "reset") on = false;
        }
        const bool nopass = user_nopass(*u);
        if (!on) return Auth::protected_;          // disabled: nobody logs in as default
        if (nopass) return Auth::open;
        return Auth::protected_;                   // a password, or none at all (then nobody can log in)
    }
    if (!c.value("requirepass").empty()) return Auth::protected_;
    // CONFIG GET does not show ACL users: an empty requirepass proves nothing on a live server.
    return c.live ? Auth::unknown : Auth::open;
}

bool protected_mode_effective(const Config& c) {
    if (!c.boolean("protected-mode").value_or(true)) return false;
    // Redis 6.2 and KeyDB turn protected mode off as soon as any bind line exists.
    return !(c.target.legacy_parser() && c.bind_set);
}

bool exposure_private(const Config& c) {
    auto it = c.pragmas.find("exposure");
    return it != c.pragmas.end() && it->second == "private";
}

}  // namespace cachelint::redis::rules
