// RC4xx security (redis-memcached.md §4.5). EXPOSED, DEFAULT_USER_HAS_PASSWORD and
// PROTECTED_MODE_EFFECTIVE are computed in common.cpp, exactly as the server decides them.
#include <map>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "rules/redis/common.hpp"

namespace cachelint::redis::rules {
namespace {

bool open_to_network(const Config& c) {
    return exposed(c) && default_user_auth(c) == Auth::open && !protected_mode_effective(c);
}

// RC401 exposed-without-auth -------------------------------------------------------------------------
void exposed_without_auth(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"bind", "port", "protected-mode", "requirepass", "user"})) return;  // refused line: the effective value is unknown
    if (exposed(c) && !protected_mode_effective(c) && default_user_auth(c) != Auth::protected_) {
        const bool unknown = default_user_auth(c) == Auth::unknown;
        std::string pm = !c.boolean("protected-mode").value_or(true)
                             ? shown(c, "protected-mode")
                             : "protected mode is inactive on " + c.target.name() + " because a 'bind' line is set";
        std::string auth = unknown ? (c.live ? "requirepass is empty (ACL users are not part of CONFIG GET: check ACL LIST)"
                                             : "users come from the 'aclfile', which cachelint cannot see")
                                   : (default_user(c) ? "the 'user default' line has nopass"
                                                      : "there is no 'requirepass' and no 'user default' password");
        // Error only when the file shows it all: every interface or a public address, and no password.
        // A private address (RFC 1918, inside a VPC) or an include that is not in the checked tree (it may
        // set bind or a password) leaves facts the file does not show: a note that names them.
        const bool publicly = exposed_publicly(c);
        const bool include_unknown = !c.unresolved_includes.empty();
        const Severity sev = include_unknown || !publicly ? Severity::note
                             : unknown || exposure_private(c) ? Severity::warning
                                                              : Severity::error;
        std::string caveat = exposure_private(c) ? " (the project says the network is private)" : "";
        if (!publicly) caveat += "; it matters if untrusted hosts share that private network";
        if (include_unknown)
            caveat += "; the included '" + c.unresolved_includes.front()->args[0].value +
                      "' is not in the checked tree and may set bind, requirepass or users";
        Span where = !c.boolean("protected-mode").value_or(true) ? at(c, "protected-mode")
                     : c.is_set("bind")                           ? at(c, "bind")
                                                                  : file_start(c);
        sink.report(sev, where,
                    "anyone who reaches the port can read, flush or take over this server: " + exposure_phrase(c) + ", " +
                        auth + ", and " + pm + caveat)
            .fix_hint = "bind 127.0.0.1 -::1 (or the private address only) and set a strong requirepass or ACL users";
    }
    if (default_user_auth(c) == Auth::open) {
        const Directive* sock = c.find("unixsocket");
        if (sock && !sock->args.empty() && !sock->args[0].value.empty())
            if (c.is_set("unixsocketperm")) {
                const long v = std::strtol(c.value("unixsocketperm").c_str(), nullptr, 8);
                if (v & 02)
                    sink.report(Severity::warning, at(c, "unixsocketperm"),
                                shown(c, "unixsocketperm") + " lets every local user write to the socket '" +
                                    sock->args[0].value + "', and the default user has no password")
                        .fix_hint = "unixsocketperm 700 (or 770 with a dedicated group), or set a password";
            }
    }
}

// RC402 protected-mode-disabled -----------------------------------------------------------------------
void protected_mode_disabled(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"bind", "protected-mode", "requirepass", "user"})) return;  // refused line: the effective value is unknown
    if (open_to_network(c)) return;  // RC401 already reports the open server
    if (c.boolean("protected-mode").value_or(true)) {
        if (c.target.legacy_parser() && c.bind_set && exposed(c) && default_user_auth(c) == Auth::protected_)
            sink.report(Severity::note, at(c, "bind"),
                        "on " + c.target.name() + " any 'bind' line turns protected mode off, so nothing stops "
                        "unauthenticated clients the day the password is removed")
                .fix_hint = "keep the password; upgrade to 7.0+ where bind no longer disables protected mode";
        return;
    }
    // A note while a password or a loopback-only bind keeps remote clients out today: the risk is a later edit.
    const bool authenticated = default_user_auth(c) == Auth::protected_;
    sink.report(authenticated || !exposed(c) ? Severity::note : Severity::warning, at(c, "protected-mode"),
                shown(c, "protected-mode") + ": the safety net that refuses remote clients when the default user has "
                "no password is gone" + (authenticated ? "; today a password protects the server" : "; " + exposure_phrase(c)) +
                    ", and a lost bind or password line in a later edit exposes the data")
        .fix_hint = "protected-mode yes";
}

// RC403 weak-or-placeholder-password ------------------------------------------------------------------
enum class Placeholder { none, guessable, slot, templated };

// What kind of stand-in a password is: a real but well-known value (foobared, the stock example), a slot
// to fill in (CHANGE_ME, XXXXXXXX, <password>), or an unexpanded template (${REDIS_PASSWORD}).
Placeholder placeholder(std::string_view pw) {
    if (pw.find("${") != std::string_view::npos || pw.find("{{") != std::string_view::npos ||
        pw.find("<%") != std::string_view::npos || pw.find("%(ENV_") != std::string_view::npos ||
        (pw.size() > 1 && pw[0] == '$' && std::isupper(static_cast<unsigned char>(pw[1]))))
        return Placeholder::templated;
    std::string folded;  // "CHANGE_ME", "change-me", "Your Password" -> "changeme", "yourpassword"
    for (char ch : pw)
        if (std::isalnum(static_cast<unsigned char>(ch))) folded += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* k : {"foobared", "password", "redis", "secret", "123456", "12345678", "admin", "pass", "passw0rd",
                          "redispassword", "redispass"})
        if (folded == k) return Placeholder::guessable;
    for (const char* k : {"changeme", "changethis", "changeit", "replaceme", "yourpassword", "mypassword", "todo",
                          "example", "placeholder", "fixme"})
        if (folded == k) return Placeholder::slot;
    // XXXXXXXX, ********: a redacted slot.
    if (pw.size() >= 4 && pw.find_first_not_of(pw[0]) == std::string_view::npos && !std::isdigit(static_cast<unsigned char>(pw[0])))
        return Placeholder::slot;
    if (pw.size() > 2 && pw.front() == '<' && pw.back() == '>') return Placeholder::slot;
    return Placeholder::none;
}

void check_password(RuleSink& sink, std::string_view pw, Span where, const std::string& what) {
    if (pw.empty()) return;
    const Placeholder kind = placeholder(pw);
    if (kind == Placeholder::templated && template_file(where.file->path())) return;  // a template is filled in later
    if (kind == Placeholder::guessable) {
        // A value people really deploy, and the first one anyone tries.
        sink.report(Severity::warning, where,
                    what + " is '" + printable(pw, 40) + "', one of the first values anyone tries")
            .fix_hint = "generate a long random password (openssl rand -base64 32) and keep it out of the repository";
        return;
    }
    if (kind != Placeholder::none) {
        // Whether a deploy step replaces it is not in the file: a note that says what happens if nothing does.
        sink.report(Severity::note, where,
                    what + " is the placeholder '" + printable(pw, 40) + "'" +
                        (kind == Placeholder::templated
                             ? ": Redis does no variable expansion, so unless something renders the file first, this "
                               "literal text is the password"
                             : ": unless it is replaced before deployment, whoever reads this file knows the password"))
            .fix_hint = "fill it in at deployment (a secret store, or --requirepass on the command line); keep real "
                        "passwords out of the repository";
        return;
    }
    // Length alone says little about strength (10 random characters resist brute force): a note.
    if (pw.size() < 16)
        sink.report(Severity::note, where,
                    what + " is only " + std::to_string(pw.size()) + " characters; Redis answers a huge number of AUTH "
                    "attempts a second, so a short or guessable password falls to brute force")
            .fix_hint = "use at least 32 random characters";
}

void weak_password(const Config& c, RuleSink& sink) {
    for (const char* name : {"requirepass", "masterauth"})
        if (const Directive* d = c.find(name); d && !d->args.empty())
            check_password(sink, d->args[0].value, d->args[0].span, "'" + d->name + "'");
    for (const User& u : c.users)
        for (size_t i = 1; i < u.directive->args.size(); ++i) {
            const Arg& a = u.directive->args[i];
            if (!a.value.empty() && a.value[0] == '>')
                check_password(sink, std::string_view(a.value).substr(1), a.span, "the password of user '" + u.name + "'");
        }
}

// RC404 dangerous-commands-and-admin-features ------------------------------------------------------
const std::vector<std::string>& dangerous_commands() {
    static const std::vector<std::string> v = {"flushall", "flushdb", "keys", "config", "debug", "module",
                                               "shutdown", "replicaof", "slaveof", "monitor"};
    return v;
}
bool admin_command(std::string_view c) { return c != "flushall" && c != "flushdb" && c != "keys"; }

// Which dangerous commands the default user can run, after rename-command and its ACL rules.
std::vector<std::string> runnable_dangerous(const Config& c) {
    std::map<std::string, bool> allowed;
    const User* u = default_user(c);
    for (const auto& cmd : dangerous_commands()) allowed[cmd] = u == nullptr;  // a `user default` line starts from reset
    if (u)
        for (const auto& rule : u->rules) {
            const std::string r = to_lower(rule);
            auto all = [&](bool v, bool admin_only) {
                for (auto& [cmd, a] : allowed)
                    if (!admin_only || admin_command(cmd)) a = v;
            };
            if (r == "+@all" || r == "allcommands" || r == "+@dangerous") all(true, false);
            else if (r == "-@all" || r == "nocommands" || r == "-@dangerous") all(false, false);
            else if (r == "+@admin") all(true, true);
            else if (r == "-@admin") all(false, true);
            else if ((r[0] == '+' || r[0] == '-') && allowed.count(r.substr(1, r.find('|') - 1)) && r.find('|') == std::string::npos)
                allowed[r.substr(1)] = r[0] == '+';
        }
    std::vector<std::string> out;
    for (const auto& cmd : dangerous_commands())
        if (allowed[cmd] && !c.renamed_commands.count(cmd)) out.push_back(cmd);
    return out;
}

void dangerous_commands_rule(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"bind", "rename-command", "user", "requirepass"})) return;  // refused line: the effective value is unknown
    const bool exp = exposed_publicly(c) && !exposure_private(c);
    // A password protects the server: the commands matter only if it leaks, which the file cannot show
    // (a note). Open servers are RC401's.
    if (exp && !c.live && default_user_auth(c) == Auth::protected_) {
        auto cmds = runnable_dangerous(c);
        if (cmds.size() >= 3) {
            std::string list;
            for (const auto& s : cmds) {
                std::string up = s;
                for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                list += (list.empty() ? "" : ", ") + up;
            }
            sink.report(Severity::note, c.is_set("bind") ? at(c, "bind") : file_start(c),
                        exposure_phrase(c) + ", and the default user can run " + list + ": if the application "
                        "password leaks, anyone can wipe the data or reconfigure the server")
                .fix_hint = "give applications an ACL user without them: user app on >... ~* +@all -@dangerous "
                            "(and keep an admin user for operators)";
        }
    }
    if (c.target.legacy_parser()) return;  // 6.2 and KeyDB have no such switches
    for (const char* name : {"enable-protected-configs", "enable-debug-command", "enable-module-command"})
        // On a private address (RFC 1918, inside a VPC) only hosts of that network reach it: a note.
        if (c.value(name) == "yes" && exposed(c))
            sink.report(exposed_publicly(c) ? Severity::warning : Severity::note, at(c, name),
                        shown(c, name) + " opens " +
                            (std::string_view(name) == "enable-protected-configs" ? "CONFIG SET dir/dbfilename (write files anywhere)"
                             : std::string_view(name) == "enable-debug-command"   ? "DEBUG (crash, sleep, reload the server)"
                                                                                  : "MODULE LOAD (run native code)") +
                            " to remote clients, and " + exposure_phrase(c))
                .fix_hint = std::string(name) + " local (or no)";
}

// RC405 acl-auth-inconsistency ------------------------------------------------------------------------
void acl_auth_inconsistency(const Config& c, RuleSink& sink) {
    if (c.any_rejected({"requirepass", "user", "masterauth", "masteruser"})) return;  // refused line: the effective value is unknown
    const User* u = default_user(c);
    const Directive* req = c.find("requirepass");
    if (u && req && !req->args.empty() && !req->args[0].value.empty()) {
        const bool nopass = user_nopass(*u);
        if (nopass) {
            auto& f = sink.report(Severity::error, u->directive->line_span,
                                  "'user default ... nopass' overrides 'requirepass' (whatever the order): the password "
                                  "is silently ignored and anyone can connect without one");
            f.related.push_back({req->args_span(), "this password is ignored"});
            f.fix_hint = "replace nopass with >password in the 'user default' line, or delete that line";
        }
    }
    for (const char* user : {"masteruser", "primaryuser"})
        if (const Directive* d = c.find(user); d && !d->args.empty() && !d->args[0].value.empty() &&
                                               c.value("masterauth").empty() && c.value("primaryauth").empty())
            sink.report(Severity::error, d->args_span(),
                        shown(c, d->canonical) + " without 'masterauth': the replica sends no password for that user, "
                        "so authentication to the master fails and replication never starts")
                .fix_hint = "add masterauth <password of " + d->args[0].value + ">";
}

CACHELINT_RULE(Config, ids::RC401, exposed_without_auth);
CACHELINT_RULE(Config, ids::RC402, protected_mode_disabled);
CACHELINT_RULE(Config, ids::RC403, weak_password);
CACHELINT_RULE(Config, ids::RC404, dangerous_commands_rule);
CACHELINT_RULE(Config, ids::RC405, acl_auth_inconsistency);

}  // namespace
}  // namespace cachelint::redis::rules
