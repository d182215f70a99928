// memcached rules (redis-memcached.md §4.7): MC001-MC007 on the parsed argument vector.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "parse/memcached/config.hpp"
#include "parse/memcached/parser.hpp"

namespace cachelint::memcached {
namespace {

std::string quote(std::string_view s) {
    std::string r(1, '\'');  // appended piecewise: "'" + std::string trips GCC 12's -Wrestrict false positive
    r += printable(s, 60);
    r += '\'';
    return r;
}
bool digits_only(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// `named`: a host name, whose addresses the file does not show (a container or service name, usually).
enum class Exposure { none, loopback, private_net, named, everywhere };

// Where memcached listens over the network: no -l = every interface; -s = unix socket only.
struct Listen {
    Exposure exposure = Exposure::everywhere;
    std::string shown;  // the address that decides it
    Span span;
};

Exposure classify(std::string addr) {
    if (addr.starts_with("notls:")) addr = addr.substr(6);
    if (addr.starts_with("[")) addr = addr.substr(1, addr.find(']') == std::string::npos ? std::string::npos : addr.find(']') - 1);
    else if (std::count(addr.begin(), addr.end(), ':') == 1) addr = addr.substr(0, addr.find(':'));
    if (addr.empty() || addr == "0.0.0.0" || addr == "::" || addr == "*") return Exposure::everywhere;
    if (addr.starts_with("127.") || addr == "::1" || addr == "localhost") return Exposure::loopback;
    if (addr.starts_with("10.") || addr.starts_with("192.168.") || addr.starts_with("fd") || addr.starts_with("fc"))
        return Exposure::private_net;
    if (addr.starts_with("172.")) {
        const int second = std::atoi(addr.c_str() + 4);
        if (second >= 16 && second <= 31) return Exposure::private_net;
    }
    if (addr.find_first_not_of("0123456789.:abcdefABCDEF") != std::string::npos) return Exposure::named;
    return Exposure::everywhere;
}

Listen listen_of(const Config& c) {
    Listen l;
    if (c.last('s')) return {Exposure::none, "", c.last('s')->span};
    bool any = false;
    Exposure worst = Exposure::none;
    for (const auto& o : c.options) {
        if (o.short_name != 'l' || !o.value) continue;
        any = true;
        std::string_view rest = *o.value;
        while (true) {
            const size_t comma = rest.find(',');
            const std::string a(rest.substr(0, comma));
            const Exposure e = classify(a);
            if (static_cast<int>(e) > static_cast<int>(worst)) worst = e, l.shown = a, l.span = o.span;
            if (comma == std::string_view::npos) break;
            rest = rest.substr(comma + 1);
        }
    }
    if (!any) return {Exposure::everywhere, "", Span{}};
    l.exposure = worst;
    return l;
}

Span anchor(const Config& c) {
    if (!c.options.empty()) return c.options.front().span;
    return {c.main, 0, 0};
}

// ---- MC001 memory limit ---------------------------------------------------------------------
void check_memory(const Config& c, RuleSink& sink) {
    const Option* m = c.last('m');
    if (!m || !m->value) return;
    const std::string v = *m->value;
    const long long mb = c_atoi(v);
    if (!digits_only(v)) {
        if (mb < 2) return;  // 0 and 1 MB are refused at startup: MC008 says so
        // atoi() stops at the suffix: "256M" or "256mb" is 256 MB, exactly what it says.
        const size_t unit = v.find_first_not_of(" \t+-0123456789");
        if (unit != std::string::npos && (v[unit] == 'm' || v[unit] == 'M')) return;
        sink.report(Severity::error, m->value_span,
                    "memory limit " + quote(v) + " is read by atoi() as " + std::to_string(mb) +
                        " MB: -m takes plain megabytes and ignores any unit, so the cache is far smaller than intended and "
                        "evicts constantly")
            .fix_hint = "write the size in megabytes, e.g. -m " +
                        std::to_string(v.find_first_of("gG") != std::string::npos ? mb * 1024 : mb);
        return;
    }
    if (c.memory_bytes && static_cast<unsigned long long>(mb) * 1024 * 1024 > *c.memory_bytes) {
        sink.report(Severity::warning, m->value_span,
                    "memory limit " + std::to_string(mb) + " MB is more than the host memory given with --memory (" +
                        format_bytes(*c.memory_bytes) + "): memcached allocates lazily, starts fine and is OOM-killed once full")
            .fix_hint = "leave headroom for the OS and connections, e.g. 75% of the host memory";
    } else if (mb >= 2 && mb < 64) {
        sink.report(Severity::note, m->value_span,
                    "memory limit " + std::to_string(mb) + " MB is below memcached's 64 MB default: a busy cache this small "
                    "evicts constantly and its hit rate collapses")
            .fix_hint = "size -m for the working set (megabytes)";
    }
}
CACHELINT_RULE(Config, ids::MC001, check_memory);

// ---- MC002 item size silently truncated --------------------------------------------------------
void check_item_size(const Config& c, RuleSink& sink) {
    const Option* o = c.last('I');
    if (!o || !o->value) return;
    std::string v = *o->value;
    std::string num = v;
    if (!num.empty() && std::string_view("kKmM").find(num.back()) != std::string_view::npos) num.pop_back();
    if (digits_only(num)) return;
    const long long n = c_atoi(num);
    const long long mult = v.back() == 'k' || v.back() == 'K' ? 1024 : (v.back() == 'm' || v.back() == 'M') ? 1024 * 1024 : 1;
    if (n * mult < 1024) return;  // refused at startup: MC008
    sink.report(o->value_span,
                "max item size " + quote(v) + " is read as " + std::to_string(n) + (mult == 1024 ? "k" : mult > 1 ? "m" : " bytes") +
                    " (atoi() stops at the first non-digit): items larger than that are silently refused with SERVER_ERROR")
        .fix_hint = "use a whole number with a single k or m suffix, e.g. -I 2m";
}
CACHELINT_RULE(Config, ids::MC002, check_item_size);

// ---- MC003 UDP enabled --------------------------------------------------------------------------
void check_udp(const Config& c, RuleSink& sink) {
    const Option* u = c.last('U');
    if (!u || !u->value || c_atoi(*u->value) == 0) return;
    const Listen l = listen_of(c);
    if (l.exposure == Exposure::none || l.exposure == Exposure::loopback) return;
    sink.report(u->span,
                "UDP is enabled (-U " + *u->value + ") on " + (l.shown.empty() ? std::string("every interface (no -l)") : quote(l.shown)) +
                    ": memcached's UDP protocol is the 50,000x amplification vector of the 2018 'memcrashed' DDoS attacks "
                    "(CVE-2018-1000115), and a source of remote crashes")
        .fix_hint = "disable UDP with -U 0 (the default since 1.5.6) unless a client really needs it";
}
CACHELINT_RULE(Config, ids::MC003, check_udp);

// ---- MC004 listening on all interfaces without authentication -----------------------------------
void check_exposed(const Config& c, RuleSink& sink) {
    if (c.last('S') || c.last('Y')) return;
    for (const auto& o : c.options)
        if (o.short_name == 'o' && o.value &&
            (o.value->find("ssl_verify_mode=2") != std::string::npos || o.value->find("ssl_verify_mode=3") != std::string::npos) && c.last('Z'))
            return;
    if (const Option* p = c.last('p'); p && p->value && c_atoi(*p->value) == 0 && !c.last('U')) return;
    const Listen l = listen_of(c);
    if (l.exposure == Exposure::none || l.exposure == Exposure::loopback) return;
    // All interfaces or a public address: the file itself shows the exposure. A private network or a host
    // name depends on who else can reach that network, which the file does not show: a note.
    const bool shown_exposed = l.exposure == Exposure::everywhere;
    const Span where = l.span.valid() ? l.span : anchor(c);
    std::string what = l.shown.empty() ? "no -l option: memcached listens on every interface"
                       : l.exposure == Exposure::private_net ? "memcached listens on " + quote(l.shown) + " (a private network)"
                       : l.exposure == Exposure::named       ? "memcached listens on the addresses of host name " + quote(l.shown)
                                                             : "memcached listens on " + quote(l.shown);
    what += " with no authentication (-S SASL, -Y auth file or TLS client certificates): anyone who can reach the port "
            "can read every cached value (sessions, tokens), overwrite them or flush the cache";
    if (!shown_exposed) what += "; whether that is only your own services depends on the network, which the file does not show";
    sink.report(shown_exposed ? Severity::warning : Severity::note, where, std::move(what)).fix_hint =
        c.format == Format::sysconfig ? "add -l 127.0.0.1 (or the addresses that need it) to OPTIONS, firewall the port, or enable -S / -Y"
                                      : "bind to the addresses that need it (e.g. -l 127.0.0.1), firewall the port, or enable -S / -Y";
}
CACHELINT_RULE(Config, ids::MC004, check_exposed);

// ---- MC005 evictions disabled ---------------------------------------------------------------------
void check_evictions(const Config& c, RuleSink& sink) {
    const Option* m = c.last('M');
    if (!m) return;
    sink.report(m->span,
                quote(m->spelled) + " disables evictions: once memory is full every store fails with 'SERVER_ERROR out of memory "
                "storing object' instead of evicting the least recently used items, so the cache stops accepting writes")
        .fix_hint = "remove -M and size -m for the working set";
}
CACHELINT_RULE(Config, ids::MC005, check_evictions);

// ---- MC006 connection limit -----------------------------------------------------------------------
// Calls f(key, value) for every item of every -o list, in the order memcached applies them.
template <class F>
void for_each_suboption(const Config& c, F f) {
    for (const auto& o : c.options) {
        if (o.short_name != 'o' || !o.value) continue;
        std::string_view rest = *o.value;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            const std::string_view item = rest.substr(0, comma);
            const size_t eq = item.find('=');
            f(item.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
            if (comma == std::string_view::npos) break;
            rest = rest.substr(comma + 1);
        }
    }
}

// The last -o suboption `key`, with its value.
std::optional<std::string> suboption(const Config& c, std::string_view key) {
    std::optional<std::string> found;
    for_each_suboption(c, [&](std::string_view k, std::string_view v) {
        if (k == key) found = std::string(v);
    });
    return found;
}

constexpr int kDefaultConns = 1024;
constexpr int kLargeConns = 65535;
constexpr int kNrOpen = 1048576;  // Linux fs.nr_open default: setrlimit(NOFILE) above it fails even for root

void check_connections(const Config& c, RuleSink& sink) {
    const Option* o = c.last('c');
    if (!o || !o->value) return;
    const int n = c_atoi_int(*o->value);  // as the parser's MC008 check reads it
    if (n <= 0) return;                   // refused at startup: MC008
    std::string shown = std::to_string(n);
    if (*o->value != shown) shown = quote(*o->value).append(" (read by atoi() as ").append(shown).append(")");
    if (n < kDefaultConns) {
        // maxconns_fast is on by default; no_maxconns_fast turns it off (last one wins).
        bool fast = true;
        for_each_suboption(c, [&](std::string_view k, std::string_view) {
            if (k == "maxconns_fast") fast = true;
            if (k == "no_maxconns_fast") fast = false;
        });
        sink.report(Severity::note, o->value_span,
                    "connection limit " + shown + " is below memcached's default of 1024 (and listening sockets count against it): " +
                        (fast ? "with maxconns_fast (the default) connections beyond it are closed at once (stats: rejected_connections), "
                                "so application servers lose the cache and fall back to the database"
                              : "with no_maxconns_fast memcached stops accepting at the limit and new connections wait in the listen "
                                "backlog, so clients time out"))
            .fix_hint = "size -c for every client process and its connection pool (the default 1024, or more)";
        return;
    }
    if (n <= kLargeConns) return;
    const auto idle = suboption(c, "idle_timeout");
    const bool no_idle = !idle || c_atoi_int(*idle) <= 0;
    std::string msg = "connection limit " + shown + ": memcached raises its open-files limit to it at startup, and exits with "
                      "'failed to set rlimit for open files' ";
    if (n > kNrOpen)
        msg += "because it is above the kernel's default fs.nr_open (1048576), which even root cannot exceed unless that sysctl was raised";
    else
        msg += "if " + std::to_string(n) + " is above the hard limit it starts with (ulimit -Hn, systemd LimitNOFILE=) and it lacks CAP_SYS_RESOURCE";
    if (no_idle)
        msg += std::string("; and ") + (idle ? "-o idle_timeout=" + *idle + " disables the idle timeout" : "-o idle_timeout is unset (0 = never)") +
               ", so idle and abandoned client connections are never closed and can pile up "
               "to that limit, each holding a descriptor and buffers";
    sink.report(Severity::note, o->value_span, msg).fix_hint =
        std::string(n > kNrOpen ? "lower -c (or raise fs.nr_open and the service's LimitNOFILE)" : "make sure the service's LimitNOFILE is at least -c, or lower -c") +
        (no_idle ? "; add -o idle_timeout=<seconds> (e.g. 600) so dead connections are reclaimed" : "");
}
CACHELINT_RULE(Config, ids::MC006, check_connections);

// ---- MC007 privileged or administrative options ---------------------------------------------------
void check_admin(const Config& c, RuleSink& sink) {
    if (const Option* a = c.last('A'))
        sink.report(a->span, quote(a->spelled) + " enables the 'shutdown' command: any client that can connect can stop the cache")
            .fix_hint = "remove -A";
    if (const Option* u = c.last('u'); u && u->value && *u->value == "root")
        sink.report(u->span, "memcached keeps running as root (-u root): a memory-safety bug in it becomes a root compromise")
            .fix_hint = "run as an unprivileged user, e.g. -u memcache";
    if (const Option* a = c.last('a'); a && a->value && c.last('s')) {
        const long mode = std::strtol(a->value->c_str(), nullptr, 8);
        if (mode & 02)
            // Only a risk where other, untrusted local users exist: a note, since the host is not in the file.
            sink.report(Severity::note, a->span, "unix socket mask " + quote(*a->value) + " lets every local user write to the "
                        "cache socket (read sessions, overwrite or flush data); it matters if the host has local users or "
                        "services you do not trust, which the file does not show")
                .fix_hint = "use 0700 (the default) or 0770 with a dedicated group";
    }
    int verbose = 0;
    const Option* last_v = nullptr;
    for (const auto& o : c.options)
        if (o.short_name == 'v') ++verbose, last_v = &o;
    if (verbose >= 2)
        sink.report(last_v->span, "verbosity level " + std::to_string(verbose) + " (-" + std::string(static_cast<size_t>(verbose), 'v') + ") logs every client command, "
                    "including keys, which floods the logs and leaks data into them")
            .fix_hint = "use at most -v in production";
}
CACHELINT_RULE(Config, ids::MC007, check_admin);

}  // namespace
}  // namespace cachelint::memcached
