// Shared questions the nginx cache rules ask of the model, each answered after inheritance.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/dialect.hpp"
#include "parse/nginx/config.hpp"
#include "parse/nginx/values.hpp"

namespace cachelint::nginx::rules {

bool has_var(const std::set<std::string>& vars, std::initializer_list<std::string_view> names);
bool has_var_prefix(const std::set<std::string>& vars, std::string_view prefix);

// `vars` and every variable they are derived from, following `deps` (variable -> the variables it is built
// from) transitively.
std::set<std::string> closure(const std::map<std::string, std::set<std::string>>& deps, std::set<std::string> vars);
// `vars` plus every variable they are computed from: `set $v ...` (its value and the conditions of the
// `if` blocks around it) and `map $src $v`, followed transitively. WordPress setups guard the cache with
// `if ($http_cookie ~* "logged_in") { set $skip_cache 1; }` and `fastcgi_no_cache $skip_cache;`.
std::set<std::string> with_sources(const Config& cfg, std::set<std::string> vars);
// `vars` plus every variable whose VALUE they carry (not merely depend on): `set $v "...$src..."`,
// `set $v $1` after `if ($src ~ (...))`, and map entries whose result is $src itself, a capture of its
// regex, or another variable. `map $http_authorization $token { "~^Bearer (.*)" $1; }` carries the
// credential; `map $http_cookie $logged_in { default 0; ~wordpress_logged_in 1; }` does not.
std::set<std::string> carried_sources(const Config& cfg, std::set<std::string> vars);
// Some node in the subtree of `block` (itself excluded) is named `name`, or an unresolved include
// there may hold one (`unknown` is then set).
bool in_subtree(const Config& cfg, int block, std::string_view name, bool* unknown = nullptr);
// Variables of the effective `<module><suffix>` directives at `block`, with their sources.
std::set<std::string> guard_vars(const Config& cfg, const CachedLocation& cl, std::initializer_list<std::string_view> suffixes);
// The variables that tell one user from another (a session cookie, credentials).
bool per_user(const std::set<std::string>& vars);
// The cached location only fetches a fixed external URL (proxy_pass https://fonts.googleapis.com/...)
// or is `internal` (reached by nginx's own subrequests and redirects): not the application's pages.
bool external_or_internal(const Config& cfg, const CachedLocation& cl);
// `block` proxies to a fixed public host by name (proxy_pass https://raw.githubusercontent.com) without
// forwarding the client's Host.
bool external_upstream(const Config& cfg, int block);

// The arguments of the effective occurrences of a bitmask directive (`X_cache_use_stale error timeout`),
// compared without case as nginx's bitmask parser does. `off` (no flag at all) is left out.
class Flags {
public:
    explicit Flags(std::vector<std::string_view> args) : args_(std::move(args)) {}
    bool has(std::string_view flag) const;
    bool empty() const { return args_.empty(); }

private:
    std::vector<std::string_view> args_;
};
Flags flags(const Config& cfg, int block, std::string_view name);
bool flag_on(const Config& cfg, int block, std::string_view name, bool dflt);
// nginx's regex match (pcre_exec, unanchored) of `subject` by RE2; nullopt when the regex uses PCRE
// syntax RE2 lacks (lookaround, backreferences, possessive or atomic groups): unknown.
std::optional<bool> regex_search(std::string_view re, bool icase, std::string_view subject);
// A regex location serves assets only: it matches none of a set of sample page URLs (account, admin,
// cart, API, blog pages) and at least one asset URL; false: it matches a page. nullopt: the regex is
// unknown to RE2, or matches neither kind.
std::optional<bool> location_regex_static(std::string_view re, bool icase);
// The top-level location of `server` nginx picks for `uri` (exact, longest prefix, ^~, then regexes in
// order by RE2); -1 none; nullopt when a regex RE2 cannot read is asked before the answer is known.
std::optional<int> select_location(const Config& cfg, int server, std::string_view uri);
// A path-based guard covers `uri`: an `if ($request_uri|$uri ~ re)` that sets one of `guard_names` to a
// non-zero value, or a `map $request_uri $guard` entry that matches it with a non-zero value (RE2).
// nullopt: a regex RE2 cannot read did not match.
// After an internal redirect only $request_uri still holds the requested path: `request_uri_only`.
std::optional<bool> path_guarded(const Config& cfg, const std::set<std::string>& guard_names, std::string_view uri,
                                 bool request_uri_only = false);
// select_location, then a try_files fallback (URI or @named) when the chosen location hands nothing to
// an upstream itself; `redirected` is set when the fallback was followed.
std::optional<int> serving_location(const Config& cfg, int server, std::string_view uri, bool* redirected);
// Account, cart and admin pages: the URLs an application renders per user.
inline constexpr std::string_view kPerUserPaths[] = {"/my-account/", "/account/", "/cart/", "/checkout/", "/wp-admin/",
                                                     "/dashboard/", "/profile/", "/api/user"};
// Location matches only asset-like URLs (§3.0 static(L)).
bool is_static(const Config& cfg, int block);
// Where to anchor a finding about a cached location: its effective X_cache directive.
Span anchor(const Config& cfg, const CachedLocation& cl);
std::string quote(std::string_view s);

}  // namespace cachelint::nginx::rules
