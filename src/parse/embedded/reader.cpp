// Cache settings kept where modern repositories keep them: docker-compose services, Kubernetes workloads and
// ConfigMaps, systemd units and Dockerfiles. Each server found is checked by its own dialect at the exact
// line and column of the file that holds it: an embedded configuration through a parse view (the file with
// everything but the block blanked), a command line through the server's own argv reading.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/text.hpp"
#include "core/dialect.hpp"
#include "core/template.hpp"
#include "parse/embedded/container.hpp"
#include "parse/embedded/words.hpp"
#include "parse/embedded/yaml.hpp"
#include "parse/memcached/parser.hpp"
#include "parse/redis/argv.hpp"
#include "parse/redis/loader.hpp"
#include "parse/redis/role.hpp"

namespace cachelint::embedded {
namespace {

std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string base_of(std::string_view path) {
    const size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// ---- recognising the files ------------------------------------------------------------------------
int compose_name(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "compose.yaml" || n == "compose.yml") return 95;
    if (n.starts_with("docker-compose") && (n.ends_with(".yml") || n.ends_with(".yaml"))) return 95;
    if (n.ends_with(".compose.yaml") || n.ends_with(".compose.yml")) return 95;
    return 0;
}
bool top_key(std::string_view head, std::string_view key) {
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);)
        if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') return true;
    return false;
}
// Go templates (Helm charts' templates/) are not YAML until rendered: left to the template readers.
bool templated(std::string_view head) { return head.find("{{") != std::string_view::npos || head.find("{%") != std::string_view::npos; }
int compose_content(std::string_view head) { return top_key(head, "services") && !templated(head) ? 75 : 0; }

int k8s_name(std::string_view) { return 0; }
int k8s_content(std::string_view head) {
    // apiVersion and kind at the start of a line (top level, or the first key of a list item).
    bool api = false, kind = false;
    LineCursor lines(head);
    for (std::string_view line; lines.next(line);) {
        std::string_view l = line;
        while (!l.empty() && (l[0] == ' ' || l[0] == '-')) l.remove_prefix(1);
        api = api || l.starts_with("apiVersion:");
        kind = kind || l.starts_with("kind:");
    }
    // A Helm chart's templates/*.yaml too: read through its parse view, where {{ }} placeholders are
    // unknown values and control tags blanks (core/template.hpp).
    return api && kind ? 85 : 0;
}

int systemd_name(std::string_view name) {
    const std::string n = to_lower(name);
    if (n.ends_with(".service")) return 95;
    // Unit templates of configuration management: their tags are unknown values.
    for (const char* ext : {".service.j2", ".service.jinja", ".service.erb", ".service.epp", ".service.tmpl", ".service.tpl"})
        if (n.ends_with(ext)) return 95;
    return 0;
}

// Template tags ({{ }}, {% %}, <% %>) in a unit template: unknown values.
void mark_template_tags(Mapped& m) {
    const std::string& t = m.text;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        const char* close = t.compare(i, 2, "{{") == 0 ? "}}" : t.compare(i, 2, "{%") == 0 ? "%}" : t.compare(i, 2, "<%") == 0 ? "%>" : nullptr;
        if (!close) continue;
        size_t e = t.find(close, i + 2);
        e = e == std::string::npos ? t.size() : e + 2;
        for (size_t k = i; k < e; ++k) m.opaque[k] = true;
        i = e - 1;
    }
}
int dockerfile_name(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "dockerfile" || n.starts_with("dockerfile.") || n.ends_with(".dockerfile") || n == "containerfile") return 95;
    return 0;
}

// ---- servers ---------------------------------------------------------------------------------------
enum class Server { none, redis, memcached, varnish };

Server server_of_program(std::string_view word) {
    std::string b = base_of(word);
    if (b == "redis-server" || b == "valkey-server" || b == "keydb-server" || b == "redis-stack-server") return Server::redis;
    if (b == "memcached") return Server::memcached;
    if (b == "varnishd") return Server::varnish;
    return Server::none;
}

// The official images, whose entrypoint runs the server with the arguments when they start with '-'.
Server server_of_image(std::string image, std::string* flavor = nullptr) {
    // ${IMAGE:-redis:7}: the default
    if (auto p = image.find(":-"); image.starts_with("${") && p != std::string::npos) image = image.substr(p + 2, image.find('}') - p - 2);
    // ${VALKEY_IMAGE} with no default (set in an .env file): the variable's name says which server it is; the image
    // is taken to run it the way the official one does (a configuration of its own would be unseen either way).
    if (image.starts_with("${") && image.ends_with("}") && image.find(":-") == std::string::npos) {
        const std::string var = to_lower(image.substr(2, image.size() - 3));
        if (flavor) *flavor = "variable " + var;
        if (var.ends_with("image") || var.ends_with("image_name")) {
            if (var.find("valkey") != std::string::npos || var.find("redis") != std::string::npos || var.find("keydb") != std::string::npos)
                return Server::redis;
            if (var.find("memcached") != std::string::npos) return Server::memcached;
            if (var.find("varnish") != std::string::npos) return Server::varnish;
        }
        return Server::none;
    }
    if (auto at = image.find('@'); at != std::string::npos) image.resize(at);
    if (auto colon = image.find_last_of(':'); colon != std::string::npos && image.find('/', colon) == std::string::npos) image.resize(colon);
    for (const char* prefix : {"docker.io/library/", "docker.io/", "library/"})
        if (image.starts_with(prefix)) image = image.substr(std::string_view(prefix).size());
    if (flavor) *flavor = image;
    if (image == "redis" || image == "valkey/valkey" || image == "valkey" || image == "eqalpha/keydb") return Server::redis;
    if (image == "memcached") return Server::memcached;
    if (image == "varnish") return Server::varnish;
    // Other images of the servers (bitnami/redis, rhel8/memcached, ...): their entrypoints pass option arguments on
    // to the server too, but may load a configuration of their own, which is not in this file.
    const std::string last = image.substr(image.find_last_of('/') == std::string::npos ? 0 : image.find_last_of('/') + 1);
    if (flavor) *flavor = "other:" + image;
    if (last == "redis" || last == "valkey" || last == "keydb") return Server::redis;
    if (last == "memcached") return Server::memcached;
    if (last == "varnish") return Server::varnish;
    return Server::none;
}

struct Launch {
    std::string name;
    Server server = Server::none;
    std::string image_flavor;
    std::vector<Word> argv;  // after the program name
    Span program;
    bool config_unseen = false;
    bool published = true;   // reachable from outside its own network (compose ports:, host network)
    std::optional<uint64_t> limit;
    Span limit_span;
    std::string limit_text;
    std::string queue_client;  // a worker service that uses this Redis (compose): the instance holds queues
    // Compose: what the other services' environment says this Redis is for (a key that names the use and points at it:
    // CELERY_BROKER_URL=redis://redis, REDIS_CACHE: redis-cache:6379, QUEUE_CONNECTION=redis with one Redis in the file).
    std::optional<redis::Role> kept_role;  // queue, session or store
    std::string kept_reason, cache_use;
    std::string cache_reason;  // the instance's own name says cache, and the file corroborates it
    // Compose: a port mapping that publishes the server's port on every interface of the host (or network_mode: host).
    Span published_all;
    std::string published_text;
    std::vector<std::string> role_names;  // service, container_name, workload names: what the instance is called
    std::vector<std::pair<std::string, Span>> ignored_env;  // settings in variables the image never reads
    // The official varnish image's entrypoint adds `-s malloc,$VARNISH_SIZE` (its Dockerfile: ENV VARNISH_SIZE 100M).
    bool varnish_image_storage = false;
    std::optional<Word> varnish_size;  // VARNISH_SIZE from the environment
};

bool is_shell(std::string_view w) {
    const std::string b = base_of(w);
    return b == "sh" || b == "bash" || b == "ash" || b == "dash";
}

// Finds the server in an argv: through wrappers (exec, tini, docker-entrypoint.sh) and `sh -c "..."`.
bool find_server(std::vector<Word> argv, Launch& l, int depth = 0) {
    while (!argv.empty() && !argv[0].separator) {
        const std::string b = base_of(argv[0].value());
        if (b == "exec" || b == "tini" || b == "--" || b == "docker-entrypoint.sh" || b == "dumb-init" || b == "gosu" || b == "su-exec") {
            argv.erase(argv.begin());
            if ((b == "gosu" || b == "su-exec") && !argv.empty()) argv.erase(argv.begin());  // the user
            continue;
        }
        break;
    }
    if (argv.empty()) return false;
    if (is_shell(argv[0].value()) && depth < 3) {
        size_t i = 1;
        while (i < argv.size() && argv[i].value().starts_with("-") && argv[i].value() != "-c") ++i;
        if (i + 1 < argv.size() && argv[i].value() == "-c") {
            const std::vector<Word> script = split_words(argv[i + 1].m, true);
            // Each command of the script; the server's is the one that starts it.
            std::vector<Word> cmd;
            for (size_t k = 0; k <= script.size(); ++k) {
                if (k == script.size() || script[k].separator) {
                    if (!cmd.empty() && find_server(cmd, l, depth + 1)) return true;
                    cmd.clear();
                } else {
                    cmd.push_back(script[k]);
                }
            }
        }
        return false;
    }
    const Server s = server_of_program(argv[0].value());
    if (s == Server::none || argv[0].opaque()) return false;
    l.server = s;
    l.program = Span{nullptr, argv[0].begin(), argv[0].end()};
    l.argv.assign(argv.begin() + 1, argv.end());
    // A script's command ends at its separator.
    for (size_t k = 0; k < l.argv.size(); ++k)
        if (l.argv[k].separator) {
            l.argv.resize(k);
            break;
        }
    return true;
}

// The image's own entrypoint: docker-library redis/memcached run the server with arguments that start with
// '-' (redis also with a first argument ending in .conf), and run the server alone without arguments.
bool image_default(const std::vector<Word>& args, Server image, Launch& l, Span image_span) {
    if (image == Server::none) return false;
    if (args.empty() || args[0].value().starts_with("-") || (image == Server::redis && args[0].value().ends_with(".conf"))) {
        l.server = image;
        if (l.image_flavor.starts_with("other:")) l.config_unseen = true;
        if (image == Server::varnish && l.image_flavor == "varnish") l.varnish_image_storage = true;
        l.program = image_span;
        l.argv = args;
        return true;
    }
    return false;
}

std::vector<Word> words_of(const YNode* n, std::string_view file, Interp how) {
    std::vector<Word> out;
    if (!n) return out;
    if (n->is_scalar()) return split_words(expand(map_scalar(*n, file), how), false);
    if (n->is_seq())
        for (const auto& item : n->items)
            if (item.is_scalar()) out.push_back(scalar_word(item, file, how));
    return out;
}

// ---- running a server's checks ---------------------------------------------------------------------
const std::set<std::string_view>& exposure_rules() {
    static const std::set<std::string_view> s{ids::RC401.id, ids::RC402.id, ids::RC404.id, ids::MC004.id};
    return s;
}

class Runner {
public:
    explicit Runner(LintJob& job) : job_(job) {}

    // A parse view of the main file with the unknown values of these words marked.
    const SourceFile* view_for(const std::vector<Word>& words) {
        std::vector<SourceFile::Range> opaque;
        for (const auto& w : words)
            for (size_t i = 0; i < w.m.at.size() && i < w.m.opaque.size(); ++i)
                if (w.m.opaque[i]) opaque.push_back({w.m.at[i], w.m.at[i] + 1});
        const SourceFile* v = job_.loader->adopt(job_.main->path(), std::string(job_.main->text()));
        // Adopted just now and owned by this job's loader: turning it into a view is safe.
        const_cast<SourceFile*>(v)->mask(std::string(job_.main->text()), std::move(opaque));
        return v;
    }

    void run(Launch& l) {
        if (l.server == Server::none) return;
        const SourceFile* view = view_for(l.argv);
        l.program.file = view;
        if (l.limit) l.limit_span.file = view;
        Container ctr;
        ctr.name = l.name;
        ctr.program = l.program;
        ctr.limit = l.limit;
        ctr.limit_span = l.limit_span;
        ctr.limit_text = l.limit_text;
        ctr.image = l.image_flavor;
        ctr.published_all = l.published_all;
        if (ctr.published_all.end > 0 || ctr.published_all.begin > 0) ctr.published_all.file = view;
        ctr.published_text = l.published_text;
        for (auto& [name, span] : l.ignored_env) ctr.ignored_env.push_back({name, Span{view, span.begin, span.end}});
        const size_t before = job_.sink.findings().size();
        LintOptions opts = *job_.options;
        if (l.limit) opts.memory_bytes = l.limit;
        std::optional<uint64_t> maxmemory;
        redis::Config rc;
        memcached::Config mc;
        if (l.server == Server::varnish) {
            varnish_storages(ctr, l, view);
        } else if (l.server == Server::redis) {
            rc.main = view;
            rc.memory_bytes = opts.memory_bytes;
            redis::choose_target(rc, *view, opts);
            if (opts.redis_version.empty() && l.image_flavor.find("valkey") != std::string::npos)
                if (auto t = redis::parse_target("valkey-8.0")) rc.target = *t, rc.target_reason = "inferred from the image " + l.image_flavor;
            std::vector<redis::ArgvItem> items;
            for (const auto& w : l.argv) items.push_back({w.value(), Span{view, w.begin(), std::max(w.end(), w.begin())}});
            const redis::ArgvLoad load = redis::load_argv(rc, items, *view, job_);
            ctr.config_unseen = load.config_file.has_value() || load.from_stdin;
            redis::assign_role(rc, opts);
            // No role from the service name: a service called "cache" is often the Celery broker too (saleor, weblate),
            // which the compose file alone does not show. Worker services that use it do show queues.
            if (!l.queue_client.empty() && (rc.role_reason.rfind("inferred", 0) == 0 || rc.role == redis::Role::unknown)) {
                if (rc.role == redis::Role::cache) {
                    rc.role = redis::Role::unknown;
                    rc.role_reason = "mixed: " + rc.role_reason + ", but the worker service '" + l.queue_client +
                                     "' uses it too (queues)";
                } else if (rc.role == redis::Role::unknown) {
                    rc.role = redis::Role::queue;
                    rc.role_reason = "inferred from the worker service '" + l.queue_client + "' that uses it";
                }
            }
            // What the services that use it call it: a key naming kept data (CELERY_BROKER_URL, REDIS_QUEUE, SESSION_DRIVER)
            // that points at this Redis. With a key naming a cache pointing at it too, the instance is both (mixed).
            const bool inferred = rc.role_reason.rfind("inferred", 0) == 0 || rc.role == redis::Role::unknown;
            // A worker service that uses it has decided already (above).
            if (l.kept_role && l.queue_client.empty() && inferred && rc.role_reason.rfind("mixed", 0) != 0) {
                if (rc.role == redis::Role::cache || !l.cache_use.empty()) {
                    rc.role = redis::Role::unknown;
                    rc.role_reason = "mixed: " + (l.cache_use.empty() ? rc.role_reason : l.cache_use) + ", but " + l.kept_reason + " too";
                } else if (rc.role == redis::Role::unknown) {
                    rc.role = *l.kept_role;
                    rc.role_reason = "inferred from the environment: " + l.kept_reason;
                }
            }
            // What the service or workload is called, when it names kept data (redis-queue, sessions, redis-cart).
            if (rc.role == redis::Role::unknown && rc.role_reason.rfind("mixed", 0) != 0)
                for (const auto& n : l.role_names)
                    if (auto r = redis::role_from_name(n)) {
                        rc.role = *r;
                        rc.role_reason = "inferred from the name '" + n + "'";
                        break;
                    }
            // A cache name alone may hide a broker on the same instance; corroborated by the file (the queues on a Redis
            // of their own, or a key naming a cache that points here) and with no queue use seen, it says cache.
            if (rc.role == redis::Role::unknown && rc.role_reason.rfind("mixed", 0) != 0 && !l.cache_reason.empty()) {
                rc.role = redis::Role::cache;
                rc.role_reason = "inferred from " + l.cache_reason;
            }
            if (!l.published) rc.pragmas["exposure"] = "private";
            RuleSet<redis::Config>::run(rc, job_.sink);
            if (!rc.any_rejected({"maxmemory"})) maxmemory = rc.memory("maxmemory");
            ctr.redis = &rc;
        } else {
            build_memcached(mc, l, view);
            mc.memory_bytes = opts.memory_bytes;
            RuleSet<memcached::Config>::run(mc, job_.sink);
            ctr.memcached = &mc;
        }
        // A variable standing where an option could be ($OPTIONS, ${EXTRA_FLAGS}) may add any setting: what the
        // command does not show is then unknown.
        for (size_t i = 0; i < l.argv.size(); ++i) {
            const Word& w = l.argv[i];
            if (!w.opaque() || !w.m.opaque.front()) continue;
            const bool value_of_prev = i > 0 && l.argv[i - 1].value().starts_with("-") && !l.argv[i - 1].opaque();
            if (!value_of_prev) ctr.config_unseen = true;
        }
        ctr.config_unseen = ctr.config_unseen || l.config_unseen;
        RuleSet<Container>::run(ctr, job_.sink);
        auto& fs = job_.sink.findings();
        for (size_t i = before; i < fs.size();) {
            Finding& f = fs[i];
            const bool absent = (f.primary.file == view && f.primary.begin == 0 && f.primary.end == 0) ||
                                (f.primary.file == l.program.file && f.primary.begin == l.program.begin && f.primary.end == l.program.end);
            // About a setting the command does not give: unknown when a configuration file is loaded too.
            // MC004 is about an option that is not there (-l, -S): a variable may hold it.
            if ((absent || f.rule_id == ids::MC004) && ctr.config_unseen) {
                fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            if (absent) f.primary = l.program;
            // CTR001 says it when the limit is above the container's memory: one root cause, one finding.
            if (l.limit && ((f.rule_id == ids::RC105 && maxmemory && *maxmemory > *l.limit) ||
                            (f.rule_id == ids::MC001 && f.severity == Severity::warning && f.message.find("--memory") != std::string::npos))) {
                fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            if (l.limit)
                for (const char* phrase : {"the host memory given with --memory", "given with --memory"})
                    if (auto p = f.message.find(phrase); p != std::string::npos) {
                        f.message.replace(p, std::string_view(phrase).size(), "memory limit of the container ('" + l.limit_text + "')");
                        break;
                    }
            if (!l.published && exposure_rules().count(f.rule_id) && f.severity != Severity::note) {
                f.severity = Severity::note;
                f.message += " (in a container this is how the other containers reach it; no port is published on the host, "
                             "so who can connect depends on the container network, which the file does not show)";
            }
            ++i;
        }
    }

private:
    LintJob& job_;

    // varnishd's -s options ([name=]kind[,options]), as mgt_main.c reads them; none given: `-s default,100m`.
    static void varnish_storages(Container& ctr, const Launch& l, const SourceFile* view) {
        ctr.varnish = true;
        auto add = [&](const Mapped& m, Span whole) {
            Container::Storage st;
            st.text = m.text;
            st.span = whole;
            for (bool o : m.opaque) st.unknown = st.unknown || o;
            std::string arg = m.text;
            size_t off = 0;
            const size_t comma = arg.find(',');
            if (const size_t eq = arg.find('='); eq != std::string::npos && eq < comma) st.name = arg.substr(0, eq), off = eq + 1;
            if (st.name.empty()) st.name = "s" + std::to_string(ctr.storages.size());
            st.kind = arg.substr(off, comma == std::string::npos ? std::string::npos : comma - off);
            // The size: malloc/default/umem take it first, file and persistent after the path.
            size_t field = st.kind == "file" || st.kind == "persistent" ? 2 : 1;
            size_t b = comma;
            for (size_t k = 1; k < field && b != std::string::npos; ++k) b = arg.find(',', b + 1);
            if (b != std::string::npos) {
                ++b;
                const size_t e = std::min(arg.find(',', b), arg.size());
                if (e > b) {
                    bool opaque = false;
                    for (size_t i = b; i < e && i < m.opaque.size(); ++i) opaque = opaque || m.opaque[i];
                    st.unknown = opaque;
                    if (!opaque) st.size = varnish_bytes(arg.substr(b, e - b));
                    if (!opaque && !st.size) st.unknown = true;  // a size varnishd refuses: not this rule's
                    if (m.at.size() == arg.size()) st.span = Span{view, m.at[b], m.at[e - 1] + 1};
                }
            }
            ctr.storages.push_back(std::move(st));
        };
        if (l.varnish_image_storage) {  // the entrypoint's own -s malloc,$VARNISH_SIZE comes first
            Mapped m;
            for (char c : std::string("malloc,")) m.push(c, l.program.begin);
            const Word* w = l.varnish_size ? &*l.varnish_size : nullptr;
            if (w && w->value().empty()) w = nullptr;
            if (w) {
                for (size_t i = 0; i < w->m.text.size(); ++i) m.push(w->m.text[i], w->m.at[i], w->m.opaque[i]);
            } else {
                for (char c : std::string("100M")) m.push(c, l.program.begin);
            }
            Span whole = w ? Span{view, w->begin(), w->end()} : l.program;
            add(m, whole);
            ctr.storages.back().text = w ? "VARNISH_SIZE=" + w->value() : "the image's -s malloc,$VARNISH_SIZE (VARNISH_SIZE 100M)";
            if (!w) ctr.storages.back().span = l.program;
        }
        for (size_t i = 0; i < l.argv.size(); ++i) {
            const std::string& v = l.argv[i].value();
            if (v == "-s" && i + 1 < l.argv.size()) {
                const Word& a = l.argv[i + 1];
                add(a.m, Span{view, a.begin(), a.end()});
                ++i;
            } else if (v.size() > 2 && v.starts_with("-s") && l.argv[i].m.at.size() == v.size()) {
                Mapped m;
                for (size_t k = 2; k < v.size(); ++k) m.push(v[k], l.argv[i].m.at[k], l.argv[i].m.opaque[k]);
                add(m, Span{view, m.at.front(), m.at.back() + 1});
            }
        }
        if (ctr.storages.empty()) {  // varnishd(1): "If no -s options are given, the default is: -s default,100m"
            Container::Storage st{"s0", "default", 100ull << 20, false, l.program, "no -s option (varnishd's default: -s default,100m)"};
            ctr.storages.push_back(std::move(st));
        }
    }

    // VNUM_2bytes: a number (fractions allowed) and an optional unit b, k, m, g, t, p (1024-based, any case,
    // optionally followed by b); no unit: bytes.
    static std::optional<uint64_t> varnish_bytes(std::string_view s) {
        size_t i = 0;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
        if (i == 0) return std::nullopt;
        double n = 0;
        try {
            n = std::stod(std::string(s.substr(0, i)));
        } catch (...) {
            return std::nullopt;
        }
        while (i < s.size() && s[i] == ' ') ++i;
        std::string unit = to_lower(s.substr(i));
        double mul = 1;
        if (!unit.empty() && std::string_view("kmgtp").find(unit[0]) != std::string_view::npos) {
            mul = std::pow(1024.0, 1 + static_cast<int>(std::string_view("kmgtp").find(unit[0])));
            unit.erase(0, 1);
        }
        if (unit == "b") unit.clear();
        if (!unit.empty()) return std::nullopt;
        return static_cast<uint64_t>(n * mul);
    }

    // memcached's argv as a command line the memcached dialect reads, every span moved back to the argument.
    void build_memcached(memcached::Config& mc, const Launch& l, const SourceFile* view) {
        std::string text = "memcached";
        struct Piece {
            uint32_t b, e;
            uint32_t to_b, to_e;
        };
        std::vector<Piece> pieces;
        auto add = [&](std::string_view v, uint32_t to_b, uint32_t to_e) {
            text += ' ';
            const auto b = static_cast<uint32_t>(text.size());
            text += '\'';
            for (char c : v) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
            text += '\'';
            pieces.push_back({b, static_cast<uint32_t>(text.size()), to_b, std::max(to_b, to_e)});
        };
        for (const auto& w : l.argv) {
            // One argv item "-m 2048": getopt hands memcached " 2048", and the numbers are read with atoi() or
            // strtol(), which skip the leading white space: exactly "-m" "2048".
            const std::string& v = w.value();
            if (v.size() > 3 && v[0] == '-' && std::isalpha(static_cast<unsigned char>(v[1])) && v[2] == ' ' &&
                w.m.at.size() == v.size()) {
                size_t k = 2;
                while (k < v.size() && v[k] == ' ') ++k;
                if (k < v.size() && std::isdigit(static_cast<unsigned char>(v[k]))) {
                    add(v.substr(0, 2), w.m.at[0], w.m.at[1] + 1);
                    add(v.substr(k), w.m.at[k], w.m.at.back() + 1);
                    continue;
                }
            }
            add(v, w.begin(), w.end());
        }
        text += '\n';
        const SourceFile* built = job_.loader->adopt(job_.main->path(), text);
        FindingSink sub;
        memcached::parse_config(mc, *built, sub);
        auto remap = [&](Span& s) {
            if (s.file != built) return;
            if (pieces.empty()) {
                s = l.program;
                return;
            }
            auto first = std::find_if(pieces.begin(), pieces.end(), [&](const Piece& p) { return p.e > s.begin; });
            if (first == pieces.end()) first = pieces.end() - 1;
            if (s.begin < pieces.front().b && s.end <= pieces.front().b) {  // the program word
                s = l.program;
                return;
            }
            auto last = first;
            for (auto it = first; it != pieces.end() && it->b < std::max(s.end, s.begin + 1); ++it) last = it;
            s = Span{view, first->to_b, std::max(first->to_b, last->to_e)};
        };
        for (auto& a : mc.argv) remap(a.span);
        for (auto& a : mc.ignored) remap(a.span);
        for (auto& o : mc.options) remap(o.span), remap(o.value_span);
        for (Finding& f : sub.findings()) {
            remap(f.primary);
            for (auto& r : f.related) remap(r.span);
            f.fix.clear();
            job_.sink.findings().push_back(std::move(f));
        }
        mc.main = view;
    }
};

// ---- settings passed in environment variables ------------------------------------------------------
struct EnvVar {
    std::string name;
    Mapped value;  // expanded, with the file offsets of its characters
    Span name_span;
};

// `environment:` (compose) or `env:` (Kubernetes) as name/value pairs, each value at its place in the file.
std::vector<EnvVar> env_of(const YNode* env, std::string_view file, Interp how) {
    std::vector<EnvVar> out;
    if (!env) return out;
    if (env->is_map()) {
        for (const auto& [k, v] : env->pairs)
            if (k.is_scalar()) {
                EnvVar e{k.value, v.is_scalar() ? expand(map_scalar(v, file), how) : Mapped{}, Span{nullptr, k.begin, k.end}};
                out.push_back(std::move(e));
            }
    } else if (env->is_seq()) {
        for (const auto& item : env->items) {
            if (item.is_scalar()) {  // compose: NAME=value
                const Mapped m = map_scalar(item, file);
                const size_t eq = m.text.find('=');
                EnvVar e;
                e.name = m.text.substr(0, eq);
                if (eq != std::string::npos) {
                    Mapped v;
                    for (size_t i = eq + 1; i < m.text.size(); ++i) v.push(m.text[i], m.at[i], m.opaque[i]);
                    e.value = expand(v, how);
                }
                e.name_span = Span{nullptr, item.begin, item.begin + static_cast<uint32_t>(std::min(eq, m.text.size()))};
                out.push_back(std::move(e));
            } else if (item.is_map() && !item.str("name").empty()) {  // Kubernetes: {name, value}
                const YNode* v = item.get("value");
                const YNode* k = item.get("name");
                out.push_back({item.str("name"), v && v->is_scalar() ? expand(map_scalar(*v, file), how) : Mapped{},
                               Span{nullptr, k->begin, k->end}});
            }
        }
    }
    return out;
}

Word synthetic_word(std::string_view text, uint32_t at) {
    Word w;
    for (char c : text) w.m.push(c, at);
    return w;
}

// Bitnami's images build the server's command line from variables (their documented REDIS_EXTRA_FLAGS /
// VALKEY_EXTRA_FLAGS, MEMCACHED_CACHE_SIZE, ...): those settings are arguments like any other. The official images
// read none of these: a setting put there is silently not applied (CTR002).
// `own_entrypoint`: the image's entrypoint runs (compose `entrypoint:` / Kubernetes `command:` not overridden).
void apply_env(Launch& l, const std::vector<EnvVar>& env, const std::string& uses, bool own_entrypoint) {
    const bool bitnami = l.image_flavor.starts_with("other:") && l.image_flavor.find("bitnami/") != std::string::npos;
    const bool official = !l.image_flavor.starts_with("other:") && !l.image_flavor.starts_with("variable ") && !l.image_flavor.empty();
    static const std::set<std::string> redis_vars = {"EXTRA_FLAGS", "PASSWORD", "AOF_ENABLED", "DISABLE_COMMANDS", "MAXMEMORY",
                                                     "MAXMEMORY_POLICY", "RDB_POLICY", "RDB_POLICY_DISABLED", "IO_THREADS",
                                                     "PORT_NUMBER", "ACLFILE", "TLS_ENABLED"};
    static const std::set<std::string> memcached_vars = {"CACHE_SIZE", "MAX_CONNECTIONS", "THREADS", "MAX_ITEM_SIZE",
                                                         "EXTRA_FLAGS", "USERNAME", "PASSWORD", "LISTEN_ADDRESS"};
    for (const EnvVar& e : env) {
        if (l.server == Server::varnish && l.varnish_image_storage && e.name == "VARNISH_SIZE") {
            auto words = split_words(e.value, false);
            l.varnish_size = words.size() == 1 ? words[0] : Word{};
            continue;
        }
        const bool redis_prefix = e.name.starts_with("REDIS_") || e.name.starts_with("VALKEY_");
        const std::string rest = redis_prefix ? e.name.substr(e.name.find('_') + 1)
                                 : e.name.starts_with("MEMCACHED_") ? e.name.substr(10) : std::string();
        if (l.server == Server::redis && redis_prefix && redis_vars.count(rest)) {
            // The official Valkey image appends VALKEY_EXTRA_FLAGS too (docker-entrypoint.sh: exec "$@" $VALKEY_EXTRA_FLAGS).
            const bool valkey_official = official && own_entrypoint && l.image_flavor.find("valkey") != std::string::npos &&
                                         e.name == "VALKEY_EXTRA_FLAGS";
            if (((bitnami && own_entrypoint) || valkey_official) && rest == "EXTRA_FLAGS") {
                for (Word& w : split_words(e.value, false)) l.argv.push_back(std::move(w));
            } else if (official && uses.find(e.name) == std::string::npos) {
                l.ignored_env.push_back({e.name, e.name_span});
            }
        } else if (l.server == Server::memcached && !rest.empty() && e.name.starts_with("MEMCACHED_") && memcached_vars.count(rest)) {
            if (bitnami && own_entrypoint) {
                // libmemcached.sh: -m CACHE_SIZE, -c MAX_CONNECTIONS, -t THREADS, -I MAX_ITEM_SIZE, -l LISTEN_ADDRESS.
                static const std::map<std::string, std::string> flag = {{"CACHE_SIZE", "-m"}, {"MAX_CONNECTIONS", "-c"},
                                                                        {"THREADS", "-t"}, {"MAX_ITEM_SIZE", "-I"},
                                                                        {"LISTEN_ADDRESS", "-l"}};
                auto words = split_words(e.value, false);
                if (rest == "EXTRA_FLAGS") {
                    for (Word& w : words) l.argv.push_back(std::move(w));
                } else if (auto f = flag.find(rest); f != flag.end() && words.size() == 1) {
                    l.argv.push_back(synthetic_word(f->second, words[0].begin()));
                    l.argv.push_back(std::move(words[0]));
                }
            } else if (official && uses.find(e.name) == std::string::npos) {
                l.ignored_env.push_back({e.name, e.name_span});
            }
        }
    }
}

// The text of the keys through which the server may read a variable (command, entrypoint, args); a healthcheck
// that passes it to redis-cli does not make the server read it.
std::string uses_of(const YNode& svc) {
    std::string out;
    for (const char* key : {"command", "entrypoint", "args"})
        if (const YNode* n = svc.get(key)) {
            if (n->is_scalar()) out += n->value + " ";
            for (const auto& i : n->items) out += i.value + " ";
        }
    return out;
}

// ---- ConfigMaps mounted by a workload --------------------------------------------------------------
// A ConfigMap holding redis.conf is what the Redis container that mounts it (volumes[].configMap.name) loads: that
// container's memory limit and names apply to the configuration, in this file or in a manifest beside it.
struct Mount {
    std::string workload, container;
    std::optional<uint64_t> limit;
    uint32_t limit_begin = 0, limit_end = 0;
    std::string limit_text;
    std::string path;  // the manifest that holds the workload; empty: this file
    std::shared_ptr<std::string> text;  // that manifest's text (siblings only)
    std::string whose;  // how messages name where the limit comes from, when not a mounting workload (Helm values)
    Server server = Server::redis;  // what the mounting container runs
};
using Mounts = std::map<std::string, Mount>;  // ConfigMap name -> the first Redis container that mounts it

bool runs_redis(const YNode& c) {
    if (const YNode* image = c.get("image"); image && image->is_scalar() && server_of_image(image->value) == Server::redis) return true;
    for (const char* key : {"command", "args"})
        if (const YNode* n = c.get(key)) {
            std::vector<const YNode*> items;
            if (n->is_scalar()) items.push_back(n);
            for (const auto& i : n->items) items.push_back(&i);
            for (const YNode* i : items)
                for (const char* prog : {"redis-server", "valkey-server", "keydb-server"})
                    if (i->is_scalar() && i->value.find(prog) != std::string::npos) return true;
        }
    return false;
}

// memcached reads no configuration file: a ConfigMap of its options (memcached.conf, one option a line as Debian's
// start-memcached reads it) is turned into arguments by the container's command.
bool runs_memcached(const YNode& c) {
    if (const YNode* image = c.get("image"); image && image->is_scalar() && server_of_image(image->value) == Server::memcached) return true;
    for (const char* key : {"command", "args"})
        if (const YNode* n = c.get(key)) {
            if (n->is_scalar() && n->value.find("memcached") != std::string::npos) return true;
            for (const auto& i : n->items)
                if (i.is_scalar() && i.value.find("memcached") != std::string::npos) return true;
        }
    return false;
}
// A memory size on memcached's own command line besides the ConfigMap's options: the ConfigMap's -m is not the one in force.
bool memcached_size_on_command_line(const YNode& c) {
    for (const char* key : {"command", "args"})
        if (const YNode* n = c.get(key)) {
            std::vector<std::string> words;
            if (n->is_scalar()) words.push_back(n->value);
            for (const auto& i : n->items)
                if (i.is_scalar()) words.push_back(i.value);
            for (const std::string& w : words)
                if (w.starts_with("-m") || w.find(" -m") != std::string::npos || w.starts_with("--memory-limit") ||
                    w.find(" --memory-limit") != std::string::npos)
                    return true;
        }
    return false;
}

// Options given on the command line besides the file (`redis-server /etc/redis.conf --maxmemory 1gb`) change what the
// file says: the ConfigMap alone is then not the whole configuration, and no container facts are tied to it.
bool options_on_command_line(const YNode& c) {
    for (const char* key : {"command", "args"})
        if (const YNode* n = c.get(key)) {
            std::string text = n->is_scalar() ? n->value : "";
            for (const auto& i : n->items)
                if (i.is_scalar()) text += " " + i.value;
            if (text.find(" --") != std::string::npos || text.starts_with("--") || text.find('$') != std::string::npos) return true;
        }
    return false;
}

void collect_mounts(const YNode& n, std::string owner, Mounts& out, int depth) {
    if (depth > 40) return;
    if (n.is_seq()) {
        for (const auto& i : n.items) collect_mounts(i, owner, out, depth + 1);
        return;
    }
    if (!n.is_map()) return;
    if (const YNode* meta = n.get("metadata"); meta && meta->is_map() && !meta->str("name").empty() && !n.str("kind").empty())
        owner = meta->str("name");
    const YNode* containers = n.get("containers");
    const YNode* volumes = n.get("volumes");
    if (containers && containers->is_seq() && volumes && volumes->is_seq()) {
        std::map<std::string, std::string> volume_cm;  // volume name -> ConfigMap name
        for (const auto& v : volumes->items)
            if (const YNode* cm = v.get("configMap"); cm && !v.str("name").empty() && !cm->str("name").empty())
                volume_cm[v.str("name")] = cm->str("name");
        for (const auto& c : containers->items) {
            if (!c.is_map()) continue;
            Server server = Server::none;
            if (runs_redis(c) && !options_on_command_line(c)) server = Server::redis;
            else if (runs_memcached(c) && !memcached_size_on_command_line(c)) server = Server::memcached;
            if (server == Server::none) continue;
            const YNode* mounts = c.get("volumeMounts");
            if (!mounts || !mounts->is_seq()) continue;
            for (const auto& m : mounts->items) {
                auto it = volume_cm.find(m.str("name"));
                if (it == volume_cm.end() || out.count(it->second)) continue;
                Mount mt;
                mt.server = server;
                mt.workload = owner;
                mt.container = c.str("name");
                if (const YNode* res = c.get("resources"))
                    if (const YNode* lim = res->get("limits"))
                        if (const YNode* mem = lim->get("memory"); mem && mem->is_scalar())
                            if (auto b = k8s_bytes(mem->value)) {
                                mt.limit = b;
                                mt.limit_begin = mem->begin, mt.limit_end = mem->end;
                                mt.limit_text = "resources.limits.memory: " + mem->value;
                            }
                out.emplace(it->second, std::move(mt));
            }
        }
    }
    for (const auto& [k, v] : n.pairs) collect_mounts(v, owner, out, depth + 1);
}

// The workloads of this file, then (when asked for a name this file does not mount) of the manifests beside it.
struct K8sContext {
    Mounts local;
    std::optional<Mounts> siblings;
    const Mount* find(const LintJob& job, const std::string& cm) {
        if (auto it = local.find(cm); it != local.end()) return &it->second;
        if (!siblings) {
            siblings.emplace();
            namespace fs = std::filesystem;
            std::error_code ec;
            const fs::path self(job.path);
            const fs::path dir = self.has_parent_path() ? self.parent_path() : fs::path(".");
            int files = 0;
            if (!fs::is_regular_file(self, ec)) return nullptr;  // standard input: no folder to look in
            for (fs::directory_iterator it(dir, ec), end; !ec && it != end && files < 64; it.increment(ec)) {
                const fs::path p = it->path();
                const std::string ext = to_lower(p.extension().string());
                if ((ext != ".yaml" && ext != ".yml") || p.filename() == self.filename() || !it->is_regular_file(ec) ||
                    it->file_size(ec) > (1u << 20))
                    continue;
                ++files;
                std::ifstream in(p, std::ios::binary);
                std::ostringstream ss;
                ss << in.rdbuf();
                auto text = std::make_shared<std::string>(ss.str());
                if (templated(*text)) continue;
                const YamlStream ys = parse_yaml(*text);
                if (ys.error) continue;
                Mounts found;
                for (const YNode& doc : ys.documents) collect_mounts(doc, {}, found, 0);
                for (auto& [name, m] : found) {
                    m.path = p.string();
                    m.text = text;
                    siblings->emplace(name, std::move(m));
                }
            }
        }
        if (auto it = siblings->find(cm); it != siblings->end()) return &it->second;
        return nullptr;
    }
};

// ---- embedded configuration files (ConfigMap data) ------------------------------------------------
std::string dialect_of_key(std::string_view key) {
    const std::string k = to_lower(key);
    if (k == "redis.conf" || k == "valkey.conf" || k == "keydb.conf" || k == "redis-config" || k == "master.conf" || k == "replica.conf")
        return k == "redis-config" || k == "master.conf" || k == "replica.conf" ? "" : "redis";
    if (k == "nginx.conf") return "nginx";
    if (k.ends_with(".vcl")) return "varnish";
    if (k == "haproxy.cfg") return "haproxy";
    if (k == "memcached.conf") return "memcached";
    return "";
}

// Blanks everything in `view` but the value's own bytes; false when the value is not line for line what the file
// shows (a folded block that joins lines, escapes, a quoted value over several lines).
bool keep_value(std::string& view, std::string_view file, const YNode& value) {
    if (value.style == ScalarStyle::literal || value.style == ScalarStyle::folded) {
        auto bl = block_lines(value, file);
        if (!bl || bl->folds) return false;
        for (const auto& [b, e] : bl->lines)
            for (uint32_t i = b; i < e; ++i) view[i] = file[i];
        return true;
    }
    if (value.value.find('\n') != std::string::npos) return false;
    if (value.end - value.begin != value.value.size()) return false;
    for (uint32_t i = value.begin; i < value.end; ++i) view[i] = file[i];
    return true;
}

// redis.conf from a ConfigMap, read with the memory limit and the names of the container that mounts it, then checked
// by the container rules too (CTR001 and friends).
void lint_mounted_redis(LintJob& job, LintJob& sub, const SourceFile* v, const YNode& key, const Mount& m, const std::string& configmap,
                        bool partial) {
    LintOptions opts = *job.options;
    if (m.limit) opts.memory_bytes = m.limit;
    redis::Config rc;
    rc.main = v;
    rc.memory_bytes = opts.memory_bytes;
    redis::choose_target(rc, *v, opts);
    redis::load_config(rc, *v, sub);
    redis::assign_role(rc, opts);
    if (rc.role == redis::Role::unknown && rc.role_reason.rfind("mixed", 0) != 0)
        for (const std::string& n : {configmap, m.workload, m.container})
            if (auto r = redis::role_from_name(n)) {
                rc.role = *r;
                rc.role_reason = "inferred from the name '" + n + "'";
                break;
            }
    const size_t before = sub.sink.findings().size();
    RuleSet<redis::Config>::run(rc, sub.sink);
    if (!m.limit) return;
    const SourceFile* limit_file = m.path.empty() ? job.main : job.loader->adopt(m.path, *m.text);
    Container ctr;
    ctr.name = m.container;
    ctr.program = Span{v, key.begin, key.end};
    ctr.limit = m.limit;
    ctr.limit_span = Span{limit_file, m.limit_begin, m.limit_end};
    ctr.limit_elsewhere = !m.path.empty();
    ctr.config_unseen = partial;  // a chart adds settings of its own: a missing maxmemory is unknown
    ctr.limit_text = m.limit_text;
    ctr.redis = &rc;
    RuleSet<Container>::run(ctr, sub.sink);
    const std::string whose = !m.whose.empty() ? " (" + m.whose + ")"
                              : " (the limit of the container '" + m.container + "' of '" + m.workload + "'" +
                                    (m.path.empty() ? "" : " in " + std::filesystem::path(m.path).filename().string()) +
                                    ", which mounts this ConfigMap)";
    const std::optional<uint64_t> maxmemory = rc.any_rejected({"maxmemory"}) ? std::nullopt : rc.memory("maxmemory");
    auto& fs = sub.sink.findings();
    for (size_t i = before; i < fs.size();) {
        Finding& f = fs[i];
        // CTR001 says it when maxmemory is above the container's limit: one root cause, one finding.
        if (f.rule_id == ids::RC105 && maxmemory && *maxmemory > *m.limit) {
            fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        for (const char* phrase : {"the host memory given with --memory", "given with --memory"})
            if (auto p = f.message.find(phrase); p != std::string::npos) {
                f.message.replace(p, std::string_view(phrase).size(), "memory limit of the container ('" + ctr.limit_text + "')");
                f.message += whose;
                break;
            }
        if (f.rule_id == ids::CTR001) f.message += whose;
        ++i;
    }
}

// `partial`: fragments the chart completes with settings of its own (Helm values): what they do not say is
// unknown. Several values are read as one configuration, in file order (commonConfiguration + configuration).
void lint_embedded_config(LintJob& job, const YNode& key, const std::vector<const YNode*>& values, const std::string& dialect_name,
                          bool partial = false, const Mount* mount = nullptr, const std::string& configmap = {},
                          const std::vector<const YNode*>& flags = {}, bool inner_template = false) {
    const DialectInfo* d = find_dialect(dialect_name);
    if (!d) return;
    const std::string_view file = job.main->text();
    std::string view(file.size(), ' ');
    for (size_t i = 0; i < file.size(); ++i)
        if (file[i] == '\n') view[i] = '\n';
    uint32_t last_end = 0;
    for (const YNode* value : values) {
        if (!value->is_scalar() || !keep_value(view, file, *value)) return;
        last_end = std::max(last_end, value->end);
    }
    // Command-line flags the chart passes after the configuration file (Bitnami's master.extraFlags: "--maxmemory
    // 400mb"): each is a configuration line without its "--", and wins over the file because it comes later. Kept
    // only when every flag is one plain line after the configuration blocks, so the view's order is the server's.
    std::vector<std::pair<uint32_t, uint32_t>> flag_lines;
    for (const YNode* f : flags) {
        if (!f->is_scalar() || f->value.find('\n') != std::string::npos || f->begin < last_end) {
            flag_lines.clear();
            break;
        }
        uint32_t b = f->begin, e = f->end;
        const bool quoted = f->style == ScalarStyle::single_quoted || f->style == ScalarStyle::double_quoted;
        if (quoted && e - b == f->value.size() + 2 && (file[b] == '"' || file[b] == '\'')) ++b, --e;
        if (e < b || e - b != f->value.size() || !f->value.starts_with("--") || f->value.size() < 3) {
            flag_lines.clear();
            break;
        }
        flag_lines.push_back({b + 2, e});
    }
    for (auto [b, e] : flag_lines)
        for (uint32_t i = b; i < e; ++i) view[i] = file[i];
    // The file as it is (reports quote it); in a template, its placeholders stay unknown values in the view.
    std::vector<SourceFile::Range> opaque = job.main->opaque();
    std::vector<SourceFile::Range> conditional;
    // `inner_template`: the value is itself a template its program renders (kube-httpcache's vclTemplate, Go
    // text/template): its {{ }} placeholders are unknown values too, its control tags blanks.
    if (inner_template && view.find("{{") != std::string::npos) {
        TemplateView tv = mask_template(view, view.find("{%") != std::string::npos ? TemplateLanguage::jinja : TemplateLanguage::go,
                                        dialect_name);
        view = std::move(tv.text);
        opaque.insert(opaque.end(), tv.opaque.begin(), tv.opaque.end());
        SourceFile::sort_and_merge(opaque);
        conditional = std::move(tv.conditional);
    }
    const SourceFile* v = job.loader->adopt(job.main->path(), std::string(job.main->shown_text()));
    const_cast<SourceFile*>(v)->mask(std::move(view), std::move(opaque));
    if (!conditional.empty()) const_cast<SourceFile*>(v)->set_conditional(std::move(conditional));
    LintJob sub;
    sub.path = job.path;
    sub.dialect = dialect_name;
    sub.main = v;
    sub.options = job.options;
    sub.loader = job.loader;
    if (mount && dialect_name == "redis") {
        lint_mounted_redis(job, sub, v, key, *mount, configmap, partial);
    } else if (mount && dialect_name == "memcached" && mount->limit) {
        // The options of the memcached container that mounts this ConfigMap: -m against that container's limit is
        // CTR001's (as for a command line), so MC001's comparison with --memory is not made.
        memcached::Config mc;
        memcached::parse_config(mc, *v, sub.sink);
        RuleSet<memcached::Config>::run(mc, sub.sink);
        const SourceFile* limit_file = mount->path.empty() ? job.main : job.loader->adopt(mount->path, *mount->text);
        Container ctr;
        ctr.name = mount->container;
        ctr.program = Span{v, key.begin, key.end};
        ctr.limit = mount->limit;
        ctr.limit_span = Span{limit_file, mount->limit_begin, mount->limit_end};
        ctr.limit_elsewhere = !mount->path.empty();
        ctr.limit_text = mount->limit_text;
        ctr.memcached = &mc;
        const size_t before = sub.sink.findings().size();
        RuleSet<Container>::run(ctr, sub.sink);
        for (size_t i = before; i < sub.sink.findings().size(); ++i)
            sub.sink.findings()[i].message += " (the limit of the container '" + mount->container + "' of '" + mount->workload + "'" +
                                              (mount->path.empty() ? "" : " in " + std::filesystem::path(mount->path).filename().string()) +
                                              ", which mounts this ConfigMap)";
    } else {
        d->lint(sub);
    }
    for (Finding& f : sub.sink.findings()) {
        if (f.primary.file == v && f.primary.begin == 0 && f.primary.end == 0) {
            if (partial) continue;
            f.primary = Span{v, key.begin, key.end};
        }
        // A pod listens for the other pods of its cluster; who else reaches it (Service type, network policies)
        // is not in the ConfigMap.
        if (exposure_rules().count(f.rule_id) && f.severity != Severity::note) {
            f.severity = Severity::note;
            f.message += " (a configuration in a Kubernetes ConfigMap: the pod is reached through the cluster network, "
                         "and who can connect depends on its Service and network policies, which this file does not show)";
        }
        job.sink.findings().push_back(std::move(f));
    }
    for (auto& e : sub.errors) job.errors.push_back(std::move(e));
}

// ---- ingress-nginx snippets ------------------------------------------------------------------------
// nginx text the ingress-nginx controller pastes into its nginx.conf: an Ingress's configuration-snippet
// annotation into the location of each path, its server-snippet into the server block, and the controller
// ConfigMap's http-snippet, server-snippet and location-snippet into http, every server and every location.
// The snippet is read as nginx reads a file included in that context (the controller runs nginx -t on the
// result). Every scalar style: the decoded value is linted on its own and each finding moved back to the
// bytes of the YAML that produced it.
const char* snippet_context(std::string_view key, bool annotation) {
    if (annotation) {
        if (key == "nginx.ingress.kubernetes.io/configuration-snippet") return "location";
        if (key == "nginx.ingress.kubernetes.io/server-snippet") return "server";
        return nullptr;
    }
    if (key == "http-snippet") return "http";
    if (key == "server-snippet") return "server";
    if (key == "location-snippet") return "location";
    return nullptr;
}

void lint_nginx_snippet(LintJob& job, const YNode& key, const YNode& value, const char* context) {
    if (!value.is_scalar() || value.value.find_first_not_of(" \t\r\n") == std::string::npos) return;
    const DialectInfo* d = find_dialect("nginx");
    if (!d) return;
    Mapped m = map_scalar(value, job.main->text());
    if (m.text.empty() || m.at.size() != m.text.size()) return;
    mark_template_tags(m);  // {{ .Values.x }} in a value the chart passes through tpl
    // Placeholders stay unknown values: in the parse view each is one neutral word of its own length.
    std::vector<SourceFile::Range> opaque;
    std::string parse = m.text;
    for (size_t i = 0; i < m.text.size(); ++i)
        if ((i < m.opaque.size() && m.opaque[i]) || job.main->touches_opaque(m.at[i], m.at[i] + 1)) {
            opaque.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)});
            if (parse[i] != '\n') parse[i] = 'x';
        }
    const SourceFile* built = job.loader->adopt(job.main->path(), m.text);
    const_cast<SourceFile*>(built)->mask(std::move(parse), std::move(opaque));
    LintOptions opts = *job.options;
    opts.settings["nginx.context"] = context;
    LintJob sub;
    sub.path = job.path;
    sub.dialect = "nginx";
    sub.main = built;
    sub.options = &opts;
    sub.loader = job.loader;
    d->lint(sub);
    const auto size = static_cast<uint32_t>(m.text.size());
    auto remap = [&](Span& s) {
        if (s.file != built) return;
        if (s.begin == 0 && s.end == 0) {  // about the snippet as a whole
            s = Span{job.main, key.begin, key.end};
            return;
        }
        const uint32_t b = std::min(s.begin, size - 1);
        const uint32_t e = s.end > s.begin ? std::min(s.end, size) : b + 1;
        s = Span{job.main, m.at[b], std::max(m.at[b] + (s.end > s.begin ? 1u : 0u), m.at[e - 1] + 1)};
    };
    // The controller's nginx is built with third-party modules (headers-more, lua, set-misc, brotli, geoip2,
    // opentelemetry): their directives are known there.
    auto controller_module = [](const Finding& f) {
        if (f.rule_id != ids::NGX902) return false;
        const size_t a = f.message.find('"'), b = a == std::string::npos ? a : f.message.find('"', a + 1);
        if (b == std::string::npos) return false;
        const std::string name = f.message.substr(a + 1, b - a - 1);
        for (const char* prefix : {"more_", "lua_", "set_", "brotli", "geoip2", "opentelemetry"})
            if (name.starts_with(prefix)) return true;
        return name.find("_by_lua") != std::string::npos;
    };
    for (Finding& f : sub.sink.findings()) {
        if (controller_module(f)) continue;
        remap(f.primary);
        for (auto& r : f.related) remap(r.span);
        f.fix.clear();  // an edit of the decoded text is not an edit of the YAML
        f.message += std::string(" (in the ") + context + " context where ingress-nginx pastes this snippet)";
        job.sink.findings().push_back(std::move(f));
    }
    for (auto& e : sub.errors) job.errors.push_back(std::move(e));
}

// ---- Kubernetes -----------------------------------------------------------------------------------
// `resources.limits.memory` of a container spec (or of a chart's values block shaped like one): the limit it runs under.
void memory_limit(const YNode& holder, Launch& l) {
    const YNode* res = holder.get("resources");
    const YNode* lim = res ? res->get("limits") : nullptr;
    const YNode* mem = lim ? lim->get("memory") : nullptr;
    if (!mem || !mem->is_scalar()) return;
    if (auto b = k8s_bytes(mem->value)) {
        l.limit = b;
        l.limit_span = Span{nullptr, mem->begin, mem->end};
        l.limit_text = "resources.limits.memory: " + mem->value;
    }
}

void k8s_container(LintJob& job, Runner& runner, const YNode& c, const std::string& owner) {
    if (!c.is_map()) return;
    const std::string_view file = job.main->text();
    Launch l;
    l.name = c.str("name");
    l.role_names = {owner, l.name};
    l.published = false;
    std::vector<Word> command = words_of(c.get("command"), file, Interp::kubernetes);
    std::vector<Word> args = words_of(c.get("args"), file, Interp::kubernetes);
    const YNode* image = c.get("image");
    const Server image_server = image && image->is_scalar() ? server_of_image(image->value, &l.image_flavor) : Server::none;
    if (!command.empty()) {
        command.insert(command.end(), args.begin(), args.end());
        if (!find_server(command, l)) return;
    } else if (!find_server(args, l) && !image_default(args, image_server, l, image ? Span{nullptr, image->begin, image->end} : Span{})) {
        return;
    }
    memory_limit(c, l);
    apply_env(l, env_of(c.get("env"), file, Interp::kubernetes), uses_of(c), c.get("command") == nullptr);
    runner.run(l);
}

// `owner`: the metadata.name of the nearest enclosing object (the workload of a pod template).
void k8s_walk(LintJob& job, Runner& runner, K8sContext& ctx, const YNode& n, int depth, std::string owner = {}) {
    if (depth > 40) return;
    if (n.is_map()) {
        const std::string kind = n.str("kind");
        if (const YNode* meta = n.get("metadata"); meta && meta->is_map() && !meta->str("name").empty() && kind != "")
            owner = meta->str("name");
        if (kind == "Ingress")
            if (const YNode* meta = n.get("metadata"))
                if (const YNode* ann = meta->get("annotations"); ann && ann->is_map())
                    for (const auto& [k, v] : ann->pairs)
                        if (const char* where = k.is_scalar() ? snippet_context(k.value, true) : nullptr) lint_nginx_snippet(job, k, v, where);
        if (kind == "ConfigMap")
            if (const YNode* data = n.get("data"); data && data->is_map())
                for (const auto& [k, v] : data->pairs)
                    if (const char* where = k.is_scalar() ? snippet_context(k.value, false) : nullptr) lint_nginx_snippet(job, k, v, where);
        if (kind == "ConfigMap" || kind == "Secret") {
            if (const YNode* data = n.get(kind == "ConfigMap" ? "data" : "stringData"); data && data->is_map())
                for (const auto& [k, v] : data->pairs)
                    if (k.is_scalar())
                        if (std::string d = dialect_of_key(k.value); !d.empty()) {
                            const std::string cm = kind == "ConfigMap" ? owner : std::string();
                            const Mount* m = (d == "redis" || d == "memcached") && !cm.empty() ? ctx.find(job, cm) : nullptr;
                            if (m && m->server != (d == "redis" ? Server::redis : Server::memcached)) m = nullptr;
                            lint_embedded_config(job, k, {&v}, d, false, m, cm);
                        }
        }
        for (const auto& [k, v] : n.pairs) {
            if (k.is_scalar() && (k.value == "containers" || k.value == "initContainers") && v.is_seq()) {
                if (k.value == "containers")
                    for (const auto& c : v.items) k8s_container(job, runner, c, owner);
                continue;
            }
            k8s_walk(job, runner, ctx, v, depth + 1, owner);
        }
    } else if (n.is_seq()) {
        for (const auto& i : n.items) k8s_walk(job, runner, ctx, i, depth + 1, owner);
    }
}

// ---- docker-compose -------------------------------------------------------------------------------
// How the other services of the file use one Redis service, read from their environment.
struct Consumers {
    std::string queue_client;  // a worker service (by its name or command) whose Redis settings name this Redis
    std::optional<redis::Role> kept_role;  // a key naming queues, a broker, sessions or a store points at it
    std::string kept_reason;   // "the service 'app' reaches it as CELERY_BROKER_URL"
    std::string cache_use;     // "the service 'app' reaches it as REDIS_CACHE"
};

// A worker service (worker, celery, sidekiq, rq, bull, queue) whose environment names a Redis setting (REDIS/BROKER keys,
// or redis://<service> values) holds its queues there, unless the key says the worker uses it as a cache
// (FRAPPE_REDIS_CACHE). Any service whose key names the use and whose value names this service says what it is for:
// CELERY_BROKER_URL=redis://redis:6379/0, REDIS_QUEUE: redis-queue:6379; Laravel's QUEUE_CONNECTION=redis,
// SESSION_DRIVER=redis, CACHE_STORE=redis when the file has one Redis.
Consumers consumers_of(const YNode& services, const std::string& redis_name, int redis_services) {
    Consumers out;
    auto worker_word = [](std::string w) {
        w = to_lower(w);
        for (const char* k : {"worker", "celery", "sidekiq", "queue", "bull", "rq"})
            if (w.find(k) != std::string::npos && (std::string_view(k) != "rq" || w == "rq" || w.find("rq ") != std::string::npos))
                return true;
        return false;
    };
    for (const auto& [k, svc] : services.pairs) {
        if (!k.is_scalar() || k.value == redis_name || !svc.is_map()) continue;
        const YNode* env = svc.get("environment");
        if (!env) continue;
        const YNode* cmd = svc.get("command");
        std::string cmd_text = cmd && cmd->is_scalar() ? cmd->value : "";
        if (cmd && cmd->is_seq())
            for (const auto& i : cmd->items) cmd_text += " " + i.value;
        const bool worker = worker_word(k.value) || worker_word(cmd_text);
        const auto& service_name = k.value;  // clang before 16 cannot capture a structured binding in a lambda
        auto look = [&](const std::string& key, const std::string& value) {
            const std::string K = to_lower(key);
            const bool names_it = value.find("//" + redis_name + ":") != std::string::npos ||
                                  value.find("//" + redis_name + "/") != std::string::npos || value.ends_with("//" + redis_name) ||
                                  value.find("@" + redis_name + ":") != std::string::npos || value == redis_name ||
                                  value.starts_with(redis_name + ":");
            const std::optional<redis::Role> said = redis::role_named(key);
            // Values kept in an .env file: a REDIS/BROKER key is enough when there is one Redis in the file.
            const bool redis_key = redis_services == 1 && (K.find("redis") != std::string::npos || K.find("broker") != std::string::npos);
            if (worker && out.queue_client.empty() && (names_it || redis_key) && said != redis::Role::cache) out.queue_client = service_name;
            // A driver set to redis (Laravel) names the file's only Redis.
            const bool driver = redis_services == 1 && to_lower(value) == "redis" && said;
            if (!said || !(names_it || driver)) return;
            const std::string how = "the service '" + service_name + "' reaches it as " + key;
            if (*said == redis::Role::cache) {
                if (out.cache_use.empty()) out.cache_use = how;
            } else if (!out.kept_role) {
                out.kept_role = said;
                out.kept_reason = how + (driver ? "=redis" : "");
            }
        };
        if (env->is_map()) {
            for (const auto& [ek, ev] : env->pairs)
                if (ek.is_scalar()) look(ek.value, ev.is_scalar() ? ev.value : "");
        } else if (env->is_seq()) {
            for (const auto& item : env->items) {
                if (!item.is_scalar()) continue;
                const size_t eq = item.value.find('=');
                look(item.value.substr(0, eq), eq == std::string::npos ? "" : item.value.substr(eq + 1));
            }
        }
    }
    return out;
}

// The other Redis services of the file named for kept data (redis-queue beside redis-cache): the queues have an
// instance of their own. "" when there is none.
std::string kept_sibling(const YNode& services, const std::string& redis_name) {
    for (const auto& [k, svc] : services.pairs) {
        if (!k.is_scalar() || k.value == redis_name || !svc.is_map() || server_of_image(svc.str("image")) != Server::redis) continue;
        for (const std::string& n : {k.value, svc.str("container_name")})
            if (auto r = redis::role_named(n); r && *r != redis::Role::cache) return n;
    }
    return {};
}

// The port Redis listens on, from its arguments (--port N); 6379 by default. "" when a variable gives it.
std::string redis_port(const std::vector<Word>& argv) {
    std::string port = "6379";
    for (size_t i = 0; i + 1 < argv.size(); ++i)
        if (argv[i].value() == "--port") port = argv[i + 1].opaque() ? "" : argv[i + 1].value();
    return port;
}

// A compose port mapping that publishes `port` of the container on every interface of the host: "6379:6379", "6379",
// "0.0.0.0:6379:6379", "[::]:6379:6379", a range holding it, or the long syntax with no host_ip (or 0.0.0.0).
bool publishes_on_all(const YNode& p, const std::string& port) {
    if (port.empty()) return false;
    std::string host_ip, target;
    if (p.is_scalar()) {
        std::string v = p.value;
        if (v.find('$') != std::string::npos) return false;  // a variable may hold a host address
        if (auto slash = v.find('/'); slash != std::string::npos) {
            if (v.substr(slash + 1) != "tcp") return false;
            v.resize(slash);
        }
        if (v.starts_with("[")) {  // [::]:6379:6379
            const size_t close = v.find(']');
            if (close == std::string::npos) return false;
            host_ip = v.substr(1, close - 1);
            v = v.substr(std::min(v.size(), close + 2));
        }
        std::vector<std::string> parts;
        for (size_t b = 0;;) {
            const size_t c = v.find(':', b);
            parts.push_back(v.substr(b, c == std::string::npos ? std::string::npos : c - b));
            if (c == std::string::npos) break;
            b = c + 1;
        }
        if (parts.size() == 3) host_ip = parts[0];
        else if (parts.size() > 3) return false;
        target = parts.back();
    } else if (p.is_map()) {
        host_ip = p.str("host_ip");
        target = p.get("target") && p.get("target")->is_scalar() ? p.get("target")->value : "";
        if (!p.str("protocol").empty() && p.str("protocol") != "tcp") return false;
    } else {
        return false;
    }
    if (!host_ip.empty() && host_ip != "0.0.0.0" && host_ip != "::") return false;
    if (target == port) return true;
    // A range: 6379-6380
    const size_t dash = target.find('-');
    if (dash == std::string::npos) return false;
    auto num = [](const std::string& t) { return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos && t.size() < 6 ? std::stoi(t) : -1; };
    const int lo = num(target.substr(0, dash)), hi = num(target.substr(dash + 1)), want = num(port);
    return lo >= 0 && want >= lo && want <= hi;
}

// A volume that mounts a configuration file (./redis.conf:/usr/local/etc/redis/redis.conf): settings may live there.
bool mounts_config_file(const YNode& svc) {
    const YNode* volumes = svc.get("volumes");
    if (!volumes || !volumes->is_seq()) return false;
    for (const auto& v : volumes->items) {
        const std::string text = v.is_scalar() ? v.value : v.str("source") + ":" + v.str("target");
        if (text.find(".conf") != std::string::npos) return true;
    }
    return false;
}

void compose_service(LintJob& job, Runner& runner, const std::string& name, const YNode& svc, const Consumers& uses,
                     const std::string& sibling) {
    if (!svc.is_map()) return;
    const std::string_view file = job.main->text();
    Launch l;
    l.name = name;
    l.role_names = {name, svc.str("container_name")};
    const YNode* image = svc.get("image");
    const Server image_server = image && image->is_scalar() ? server_of_image(image->value, &l.image_flavor) : Server::none;
    std::vector<Word> entry = words_of(svc.get("entrypoint"), file, Interp::compose);
    std::vector<Word> command = words_of(svc.get("command"), file, Interp::compose);
    if (!entry.empty()) {
        entry.insert(entry.end(), command.begin(), command.end());
        if (!find_server(entry, l)) return;
    } else if (!find_server(command, l) &&
               !image_default(command, image_server, l, image ? Span{nullptr, image->begin, image->end} : Span{})) {
        return;
    }
    // Published ports: reachable from outside the compose network (127.0.0.1:... only from the host).
    l.published = false;
    if (const YNode* ports = svc.get("ports"); ports && ports->is_seq())
        for (const auto& p : ports->items) {
            const std::string v = p.is_scalar() ? p.value : p.str("host_ip");
            if (!(v.starts_with("127.0.0.1:") || v == "127.0.0.1")) l.published = true;
            if (l.server == Server::redis && l.published_all.end == 0 && publishes_on_all(p, redis_port(l.argv))) {
                // A long-syntax entry has no bytes of its own: its target says which port.
                const YNode* at = p.is_scalar() ? &p : p.get("target");
                l.published_all = Span{nullptr, at->begin, at->end};
                l.published_text = p.is_scalar() ? "'ports: " + p.value + "'" : "the ports entry with target " + at->value + " and no host_ip";
            }
        }
    if (const YNode* nm = svc.get("network_mode"); nm && nm->is_scalar() && nm->value == "host") {
        l.published = true;
        if (l.server == Server::redis && l.published_all.end == 0) {
            l.published_all = Span{nullptr, nm->begin, nm->end};
            l.published_text = "'network_mode: host'";
        }
    }
    l.queue_client = uses.queue_client;
    l.kept_role = uses.kept_role;
    l.kept_reason = uses.kept_reason;
    l.cache_use = uses.cache_use;
    // What the service is called, when it says cache: the file must corroborate it (a Redis of their own for the
    // queues, or a key naming a cache that points here), and show no queue use and no configuration file.
    if (l.server == Server::redis && uses.queue_client.empty() && !uses.kept_role && !mounts_config_file(svc) &&
        (!sibling.empty() || !uses.cache_use.empty()))
        for (const std::string& n : l.role_names)
            if (redis::role_named(n) == redis::Role::cache) {
                l.cache_reason = "the name '" + n + "' (" +
                                 (!uses.cache_use.empty() ? uses.cache_use
                                                          : "the queues have a Redis of their own, '" + sibling + "'") + ")";
                break;
            }
    auto limit_from = [&](const YNode* mem, const std::string& what) {
        if (!mem || !mem->is_scalar()) return;
        if (auto b = docker_bytes(mem->value)) {
            l.limit = b;
            l.limit_span = Span{nullptr, mem->begin, mem->end};
            l.limit_text = what + ": " + mem->value;
        }
    };
    limit_from(svc.get("mem_limit"), "mem_limit");
    if (const YNode* deploy = svc.get("deploy"))
        if (const YNode* res = deploy->get("resources"))
            if (const YNode* lim = res->get("limits")) limit_from(lim->get("memory"), "deploy.resources.limits.memory");
    apply_env(l, env_of(svc.get("environment"), file, Interp::compose), uses_of(svc), svc.get("entrypoint") == nullptr);
    runner.run(l);
}

void lint_yaml(LintJob& job) {
    const YamlStream ys = parse_yaml(job.main->text());
    if (ys.error) {
        // A template is YAML only once rendered: when its parse view is not, nothing can be said of it.
        if (job.main->masked()) return;
        // Not YAML (or not loadable): skipped with the reason, never a crash.
        job.errors.push_back({job.path, "skipped: " + *ys.error});
        return;
    }
    Runner runner(job);
    K8sContext ctx;
    if (job.dialect != "compose")
        for (const YNode& doc : ys.documents) collect_mounts(doc, {}, ctx.local, 0);
    for (const YNode& doc : ys.documents) {
        if (!doc.is_map()) continue;
        if (job.dialect == "compose") {
            if (const YNode* services = doc.get("services"); services && services->is_map()) {
                int redis_services = 0;
                for (const auto& [k, v] : services->pairs)
                    if (v.is_map() && server_of_image(v.str("image")) == Server::redis) ++redis_services;
                for (const auto& [k, v] : services->pairs)
                    if (k.is_scalar())
                        compose_service(job, runner, k.value, v, consumers_of(*services, k.value, redis_services),
                                        kept_sibling(*services, k.value));
            }
        } else {
            k8s_walk(job, runner, ctx, doc, 0);
        }
    }
}

// ---- systemd units and Dockerfiles ----------------------------------------------------------------
// Logical lines with their continuation lines (a trailing backslash) joined, as Mapped text.
std::vector<Mapped> logical_lines(std::string_view text) {
    std::vector<Mapped> out;
    Mapped cur;
    LineCursor lines(text);
    for (std::string_view line; lines.next(line);) {
        const auto base = static_cast<uint32_t>(lines.line_start());
        std::string_view l = line;
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        const bool cont = !l.empty() && l.back() == '\\';
        if (cont) l.remove_suffix(1);
        for (size_t i = 0; i < l.size(); ++i) cur.push(l[i], base + static_cast<uint32_t>(i));
        if (cont) {
            cur.push(' ', base + static_cast<uint32_t>(l.size()));
            continue;
        }
        out.push_back(std::move(cur));
        cur = Mapped{};
    }
    if (!cur.text.empty()) out.push_back(std::move(cur));
    return out;
}

Mapped tail(const Mapped& m, size_t from) {
    Mapped out;
    for (size_t i = from; i < m.text.size(); ++i) out.push(m.text[i], m.at[i], m.opaque[i]);
    return out;
}

void lint_systemd(LintJob& job) {
    Runner runner(job);
    Launch l;
    l.name = base_of(job.path);
    l.published = true;
    std::optional<Mapped> exec;
    for (Mapped m : logical_lines(job.main->text())) {
        mark_template_tags(m);
        const std::string& t = m.text;
        const size_t b = t.find_first_not_of(" \t");
        if (b == std::string::npos || t[b] == '#' || t[b] == ';') continue;
        const size_t eq = t.find('=', b);
        if (eq == std::string::npos) continue;
        std::string key = t.substr(b, eq - b);
        while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
        size_t v = eq + 1;
        while (v < t.size() && (t[v] == ' ' || t[v] == '\t')) ++v;
        if (key == "ExecStart") exec = v < t.size() ? std::optional<Mapped>(tail(m, v)) : std::nullopt;
        if ((key == "MemoryMax" || key == "MemoryLimit") && v < t.size())
            if (auto bytes = systemd_bytes(t.substr(v))) {
                l.limit = bytes;
                l.limit_span = Span{nullptr, m.at[v], m.at.back() + 1};
                l.limit_text = key + "=" + t.substr(v);
            }
    }
    if (!exec) return;
    std::vector<Word> words = split_words(expand(*exec, Interp::systemd), true);
    if (!words.empty()) {  // ExecStart= prefixes: @ - : + !
        Word& w = words[0];
        size_t k = 0;
        while (k < w.m.text.size() && std::string_view("@-:+!").find(w.m.text[k]) != std::string_view::npos) ++k;
        if (k) w.m = tail(w.m, k);
    }
    if (!find_server(words, l)) return;
    runner.run(l);
}

// A JSON array of strings (the exec form), each string with its offsets; nullopt when it is not one.
std::optional<std::vector<Word>> exec_form(const Mapped& m, size_t from) {
    std::vector<Word> out;
    size_t i = from;
    auto ws = [&] { while (i < m.text.size() && std::isspace(static_cast<unsigned char>(m.text[i]))) ++i; };
    ws();
    if (i >= m.text.size() || m.text[i] != '[') return std::nullopt;
    ++i;
    while (true) {
        ws();
        if (i < m.text.size() && m.text[i] == ']') return out;
        if (i >= m.text.size() || m.text[i] != '"') return std::nullopt;
        Word w;
        ++i;
        const uint32_t open = m.at[i - 1];
        while (i < m.text.size() && m.text[i] != '"') {
            if (m.text[i] == '\\' && i + 1 < m.text.size()) {
                const char c = m.text[i + 1];
                w.m.push(c == 'n' ? '\n' : c == 't' ? '\t' : c, m.at[i], c == 'u');
                i += 2;
                continue;
            }
            w.m.push(m.text[i], m.at[i], m.opaque[i]);
            ++i;
        }
        if (i >= m.text.size()) return std::nullopt;
        if (w.m.at.empty()) w.m.at.push_back(open), w.m.opaque.push_back(false);
        ++i;
        out.push_back(std::move(w));
        ws();
        if (i < m.text.size() && m.text[i] == ',') ++i;
    }
}

void lint_dockerfile(LintJob& job) {
    Runner runner(job);
    Launch l;
    l.name = base_of(job.path);
    l.published = false;  // how the image is run (published ports, network) is not in the Dockerfile
    Server image = Server::none;
    Span image_span;
    std::optional<std::vector<Word>> cmd, entry;
    for (const Mapped& m : logical_lines(job.main->text())) {
        const std::string& t = m.text;
        const size_t b = t.find_first_not_of(" \t");
        if (b == std::string::npos || t[b] == '#') continue;
        size_t e = t.find_first_of(" \t", b);
        if (e == std::string::npos) continue;
        const std::string ins = to_upper(t.substr(b, e - b));
        size_t v = t.find_first_not_of(" \t", e);
        if (v == std::string::npos) continue;
        if (ins == "FROM") {  // a new stage: the last stage's CMD/ENTRYPOINT are what runs
            std::string img = t.substr(v, t.find_first_of(" \t", v) - v);
            if (img.starts_with("--")) img.clear();
            image = server_of_image(img, &l.image_flavor);
            image_span = Span{nullptr, m.at[v], m.at[v] + static_cast<uint32_t>(img.size())};
            cmd.reset(), entry.reset();
            continue;
        }
        if (ins != "CMD" && ins != "ENTRYPOINT") continue;
        std::vector<Word> words;
        if (auto ef = exec_form(m, v)) {
            words = std::move(*ef);
        } else {  // shell form: /bin/sh -c "<rest>"
            words = split_words(tail(m, v), true);
            words.insert(words.begin(), Word{});
            words[0].m.push('s', m.at[b]);
            words[0].m.text = "sh";
            words[0].m.push('c', m.at[b]);
            words[0].m.text = "sh";
            words[0].m.at.resize(1), words[0].m.opaque.resize(1);
            Word dash_c;
            dash_c.m.push('-', m.at[b]);
            dash_c.m.push('c', m.at[b]);
            Word script;
            script.m = tail(m, v);
            words = {words[0], dash_c, script};
        }
        (ins == "CMD" ? cmd : entry) = std::move(words);
    }
    std::vector<Word> argv;
    if (entry) {
        argv = *entry;
        if (cmd && !(entry->size() == 3 && (*entry)[1].value() == "-c")) argv.insert(argv.end(), cmd->begin(), cmd->end());
        if (!find_server(argv, l)) return;
    } else if (cmd) {
        if (!find_server(*cmd, l) && !image_default(*cmd, image, l, image_span)) return;
    } else {
        return;
    }
    runner.run(l);
}

// ---- Helm values ----------------------------------------------------------------------------------
// Bitnami's redis/valkey charts (commonConfiguration, master.configuration, replica.configuration) and valkey-helm
// (valkeyConfig) take redis.conf text; each block is read as a Redis configuration the chart completes.
// `keys`: the values keys leading here (a subchart's alias: `queue:`, `sessions:`), which may name the instance's role.
// A values block for a memcached container, in the shape charts give it: the image (`image.repository: memcached`
// or `image: memcached:1.6`), its arguments (`args`, `arguments` or `extraArgs`, which the chart's template hands to
// the container) and `resources.limits.memory`. Read like the container it becomes.
bool helm_memcached(LintJob& job, const YNode& n, const std::string& keys) {
    const YNode* image = n.get("image");
    const YNode* repo = image && image->is_map() ? image->get("repository") : image;
    if (!repo || !repo->is_scalar()) return false;
    Launch l;
    const Server server = server_of_image(repo->value, &l.image_flavor);
    if (server != Server::memcached) return false;
    const YNode* args = nullptr;
    for (const char* key : {"args", "arguments", "extraArgs"})
        if (const YNode* a = n.get(key); a && a->is_seq() && !a->items.empty()) args = a;
    if (!args) return false;  // nothing of the server's own settings here
    l.name = keys;
    l.role_names = {keys};
    l.published = false;
    const std::vector<Word> argv = words_of(args, job.main->text(), Interp::kubernetes);
    if (!image_default(argv, server, l, Span{nullptr, repo->begin, repo->end})) return false;
    memory_limit(n, l);
    Runner runner(job);
    runner.run(l);
    return true;
}

void helm_walk(LintJob& job, const YNode& n, const std::string& path, int depth, const std::string& keys = {}) {
    if (depth > 20 || !n.is_map()) return;
    const bool redis_context = path.find("redis") != std::string::npos || path.find("valkey") != std::string::npos;
    // The chart renders commonConfiguration followed by master.configuration (and again with replica.configuration):
    // read together, in file order.
    std::vector<const YNode*> blocks;
    const YNode* first_key = nullptr;
    auto take = [&](const YNode* holder, const char* name) {
        if (!holder) return;
        const YNode* v = holder->get(name);
        if (v && v->is_scalar() && !v->value.empty()) {
            blocks.push_back(v);
            if (!first_key) first_key = holder->key_of(name);
        }
    };
    if (redis_context) {
        take(&n, "commonConfiguration");
        take(&n, "configuration");
        take(&n, "valkeyConfig");
        take(n.get("master"), "configuration");
        take(n.get("primary"), "configuration");
        take(n.get("replica"), "configuration");
    }
    std::vector<const YNode*> flags;
    if (redis_context)
        for (const char* holder : {"master", "primary"})
            if (const YNode* h = n.get(holder))
                if (const YNode* ef = h->get("extraFlags"); ef && ef->is_seq() && !ef->items.empty()) {
                    for (const auto& i : ef->items) flags.push_back(&i);
                    if (!first_key) first_key = h->key_of("extraFlags");
                    break;
                }
    // The replicas run commonConfiguration + replica.configuration with replica.extraFlags, under their own limit: read
    // apart, and only what the flags say is reported from that reading (the blocks are the master reading's).
    auto replica_pass = [&](bool after_master) {
        const YNode* r = redis_context ? n.get("replica") : nullptr;
        const YNode* ef = r ? r->get("extraFlags") : nullptr;
        if (!ef || !ef->is_seq() || ef->items.empty()) return;
        std::vector<const YNode*> rblocks, rflags;
        for (const YNode* h : {&n, r})
            if (const YNode* v = h->get(h == r ? "configuration" : "commonConfiguration"); v && v->is_scalar() && !v->value.empty())
                rblocks.push_back(v);
        std::sort(rblocks.begin(), rblocks.end(), [](const YNode* a, const YNode* b) { return a->begin < b->begin; });
        for (const auto& i : ef->items) rflags.push_back(&i);
        Mount rm;
        rm.workload = (keys.empty() ? std::string("redis") : keys) + " replicas";
        const YNode* res = r->get("resources");
        const YNode* lim = res ? res->get("limits") : nullptr;
        if (const YNode* mem = lim ? lim->get("memory") : nullptr; mem && mem->is_scalar())
            if (auto b = k8s_bytes(mem->value)) {
                rm.limit = b;
                rm.limit_begin = mem->begin, rm.limit_end = mem->end;
                rm.limit_text = "replica.resources.limits.memory: " + mem->value;
                rm.whose = "the memory limit the chart gives the replica containers";
            }
        const size_t before = job.sink.findings().size();
        lint_embedded_config(job, *r->key_of("extraFlags"), rblocks, "redis", true, &rm, keys, rflags);
        if (!after_master) return;
        auto& fs = job.sink.findings();
        for (size_t i = before; i < fs.size();) {
            const Span& sp = fs[i].primary;
            bool in_flags = false;
            for (const YNode* f : rflags) in_flags = in_flags || (sp.begin >= f->begin && sp.end <= f->end);
            if (in_flags) ++i;
            else fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(i));
        }
    };
    if (!blocks.empty() || !flags.empty()) {
        std::sort(blocks.begin(), blocks.end(), [](const YNode* a, const YNode* b) { return a->begin < b->begin; });
        // The charts put the master's memory limit at master.resources.limits.memory (Bitnami; `primary` for Valkey)
        // or resources.limits.memory (valkey-helm): the limit the configuration runs under.
        Mount m;
        m.workload = keys.empty() ? "redis" : keys;
        for (const char* holder : {"master", "primary", ""}) {
            const YNode* h = *holder ? n.get(holder) : &n;
            const YNode* res = h ? h->get("resources") : nullptr;
            const YNode* lim = res ? res->get("limits") : nullptr;
            const YNode* mem = lim ? lim->get("memory") : nullptr;
            if (mem && mem->is_scalar())
                if (auto b = k8s_bytes(mem->value)) {
                    m.limit = b;
                    m.limit_begin = mem->begin, m.limit_end = mem->end;
                    m.limit_text = std::string(*holder ? std::string(holder) + "." : "") + "resources.limits.memory: " + mem->value;
                    m.whose = "the memory limit the chart gives the " + std::string(*holder ? holder : "server") + " container";
                    break;
                }
        }
        lint_embedded_config(job, *first_key, blocks, "redis", true, &m, keys, flags);
        replica_pass(true);
        return;
    }
    if (redis_context && n.get("replica") && n.get("replica")->get("extraFlags")) {
        replica_pass(false);
        return;
    }
    if (helm_memcached(job, n, keys)) return;
    for (const auto& [k, v] : n.pairs)
        if (k.is_scalar() && v.is_map())
            helm_walk(job, v, path + "/" + to_lower(k.value), depth + 1, keys.empty() ? k.value : keys + "." + k.value);
}

// ingress-nginx snippets in Helm values: Ingress annotations a chart copies onto its Ingress (`ingress.annotations`),
// and the ingress-nginx chart's controller ConfigMap (`controller.config`).
void helm_snippets(LintJob& job, const YNode& n, int depth) {
    if (depth > 20 || !n.is_map()) return;
    for (const auto& [k, v] : n.pairs) {
        if (!k.is_scalar()) continue;
        if (k.value == "annotations" && v.is_map()) {
            for (const auto& [ak, av] : v.pairs)
                if (const char* ctx = ak.is_scalar() ? snippet_context(ak.value, true) : nullptr) lint_nginx_snippet(job, ak, av, ctx);
        } else if (k.value == "controller" && v.is_map()) {
            if (const YNode* config = v.get("config"); config && config->is_map())
                for (const auto& [ck, cv] : config->pairs)
                    if (const char* ctx = ck.is_scalar() ? snippet_context(ck.value, false) : nullptr) lint_nginx_snippet(job, ck, cv, ctx);
        }
        if (v.is_map()) helm_snippets(job, v, depth + 1);
    }
}

// A whole VCL in a values key (kube-httpcache's vclTemplate, the VCL a varnish chart writes into its
// ConfigMap): recognised by its content, a block scalar whose first statement (after comments) is
// `vcl 4.x;`, whatever the key is called.
bool holds_vcl(const YNode& v) {
    if (!v.is_scalar() || (v.style != ScalarStyle::literal && v.style != ScalarStyle::folded)) return false;
    std::string_view s = v.value;
    for (;;) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        if (s.starts_with("#") || s.starts_with("//")) {
            const size_t nl = s.find('\n');
            s = nl == std::string_view::npos ? std::string_view{} : s.substr(nl + 1);
        } else if (s.starts_with("/*")) {
            const size_t e = s.find("*/");
            s = e == std::string_view::npos ? std::string_view{} : s.substr(e + 2);
        } else {
            break;
        }
    }
    if (!s.starts_with("vcl")) return false;
    s.remove_prefix(3);
    if (s.empty() || !std::isspace(static_cast<unsigned char>(s.front()))) return false;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    return s.starts_with("4.");
}

// Each VCL held by a values key is checked as Varnish at the lines of the values file. Its {{ }} parts are
// placeholders the chart's program (or Helm's tpl) fills in: unknown values.
void helm_vcl(LintJob& job, const YNode& n, int depth) {
    if (depth > 20) return;
    if (n.is_map()) {
        for (const auto& [k, v] : n.pairs) {
            if (k.is_scalar() && holds_vcl(v)) lint_embedded_config(job, k, {&v}, "varnish", false, nullptr, {}, {}, true);
            else helm_vcl(job, v, depth + 1);
        }
    } else if (n.is_seq()) {
        for (const auto& i : n.items) helm_vcl(job, i, depth + 1);
    }
}

void lint_helm(LintJob& job) {
    const YamlStream ys = parse_yaml(job.main->text());
    if (ys.error) {
        job.errors.push_back({job.path, "skipped: " + *ys.error});
        return;
    }
    for (const YNode& doc : ys.documents) helm_snippets(job, doc, 0);
    for (const YNode& doc : ys.documents) helm_vcl(job, doc, 0);
    // The chart's own folder names count as context (bitnami/redis/values.yaml).
    std::string dir = to_lower(job.path);
    dir = dir.substr(0, dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/'));
    // Subcharts under an alias (Chart.yaml dependencies: `name: redis, alias: queue`): their values sit under the
    // alias, which names the instance rather than the server. The path then carries the server's name too.
    std::map<std::string, std::string> aliases;  // values key -> the dependency's chart name
    {
        const std::filesystem::path self(job.path);
        std::error_code ec;
        const std::filesystem::path chart = (self.has_parent_path() ? self.parent_path() : std::filesystem::path(".")) / "Chart.yaml";
        if (std::filesystem::is_regular_file(self, ec) && std::filesystem::is_regular_file(chart, ec)) {
            std::ifstream in(chart, std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            const YamlStream cy = parse_yaml(ss.str());
            for (const YNode& doc : cy.documents)
                if (const YNode* deps = doc.get("dependencies"); deps && deps->is_seq())
                    for (const auto& d : deps->items)
                        if (!d.str("alias").empty()) aliases[d.str("alias")] = to_lower(d.str("name"));
        }
    }
    for (const YNode& doc : ys.documents) {
        if (!doc.is_map() || aliases.empty()) {
            helm_walk(job, doc, dir, 0);
            continue;
        }
        for (const auto& [k, v] : doc.pairs)
            if (k.is_scalar() && v.is_map()) {
                auto a = aliases.find(k.value);
                const std::string step = to_lower(k.value) + (a == aliases.end() ? "" : "(" + a->second + ")");
                helm_walk(job, v, dir + "/" + step, 1, k.value);
            }
    }
}

int helm_name(std::string_view name) {
    const std::string n = to_lower(name);
    if (n == "values.yaml" || n == "values.yml") return 90;
    if (n.starts_with("values-") && (n.ends_with(".yaml") || n.ends_with(".yml"))) return 60;
    return 0;
}

void lint(LintJob& job) {
    if (job.dialect == "helm") return lint_helm(job);
    if (job.dialect == "systemd") return lint_systemd(job);
    if (job.dialect == "dockerfile") return lint_dockerfile(job);
    lint_yaml(job);
}

const DialectInfo kCompose{"compose", "docker-compose files: Redis/Valkey/KeyDB, memcached and varnishd services (command, entrypoint, memory limits)",
                           compose_name, compose_content, lint};
const DialectInfo kKubernetes{"kubernetes", "Kubernetes manifests: workloads' command/args and memory limits, ConfigMaps holding redis.conf, nginx.conf, VCL, haproxy.cfg, ingress-nginx snippets",
                              k8s_name, k8s_content, lint};
const DialectInfo kSystemd{"systemd", "systemd units whose ExecStart= runs redis-server, memcached or varnishd (MemoryMax= as the memory limit)",
                           systemd_name, nullptr, lint};
const DialectInfo kDockerfile{"dockerfile", "Dockerfiles whose CMD/ENTRYPOINT runs redis-server, memcached or varnishd with arguments",
                              dockerfile_name, nullptr, lint};
const DialectInfo kHelm{"helm", "Helm values files: redis.conf text given to the Bitnami Redis/Valkey and valkey-helm charts, whole VCLs (vcl 4.x) in any key",
                        helm_name, nullptr, lint};
const RegisterDialect kRegisterHelm(kHelm);
const RegisterDialect kRegisterCompose(kCompose);
const RegisterDialect kRegisterKubernetes(kKubernetes);
const RegisterDialect kRegisterSystemd(kSystemd);
const RegisterDialect kRegisterDockerfile(kDockerfile);

}  // namespace
}  // namespace cachelint::embedded
