// Embedded cache settings (parse/embedded): every YAML scalar style read at the file's own line and column,
// compose services, Kubernetes workloads and ConfigMaps, systemd units, Dockerfiles; malformed YAML skipped.
#include <catch2/catch.hpp>

#include "core/source.hpp"
#include "parse/embedded/words.hpp"
#include "parse/embedded/yaml.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::embedded;
using namespace cachelint::test;

namespace {
std::string lint(const std::string& dialect, const std::string& name, const std::string& text) {
    return run_cachelint("check --format concise --fail-on never --dialect " + dialect + " --stdin-filename " + name + " -", "", text).out;
}
bool has(const std::string& out, const std::string& what) {
    if (out.find(what) != std::string::npos) return true;
    UNSCOPED_INFO(out);
    return false;
}
}  // namespace

TEST_CASE("yaml: every scalar style maps its characters to the file's offsets", "[embedded][yaml]") {
    const std::string text =
        "a: plain words\n"
        "b: 'it''s'\n"
        "c: \"x\\\"y\"\n"
        "d: |2-\n"
        "    two\n"
        "   one\n"
        "e: >\n"
        "  first\n"
        "\n"
        "  second\n"
        "f: >+\n"
        "  joined\n"
        "  here\n";
    const YamlStream ys = parse_yaml(text);
    REQUIRE_FALSE(ys.error);
    REQUIRE(ys.documents.size() == 1);
    const YNode& doc = ys.documents[0];
    SourceFile f("t.yaml", text);
    auto at = [&](const char* key, size_t i) {
        const Mapped m = map_scalar(*doc.get(key), text);
        REQUIRE(i < m.at.size());
        const auto p = f.position(m.at[i]);
        return std::to_string(p.line) + ":" + std::to_string(p.column) + ":" + m.text[i];
    };
    CHECK(at("a", 0) == "1:4:p");
    CHECK(at("a", 6) == "1:10:w");
    CHECK(map_scalar(*doc.get("b"), text).text == "it's");
    CHECK(at("b", 3) == "2:9:s");  // after the doubled quote
    CHECK(map_scalar(*doc.get("c"), text).text == "x\"y");
    CHECK(at("c", 2) == "3:8:y");
    // |2-: two spaces of indentation relative to the key's line, the rest is content.
    CHECK(doc.get("d")->value == "  two\n one");
    CHECK(at("d", 2) == "5:5:t");
    CHECK(at("d", 7) == "6:4:o");
    auto bl = block_lines(*doc.get("e"), text);
    REQUIRE(bl);
    CHECK_FALSE(bl->folds);  // separated by an empty line: the line break is kept
    CHECK(at("e", 0) == "8:3:f");
    auto joined = block_lines(*doc.get("f"), text);
    REQUIRE(joined);
    CHECK(joined->folds);  // two adjacent lines fold into one
}

TEST_CASE("yaml: anchors, merge keys and multiple documents", "[embedded][yaml]") {
    const std::string text = "x: &base {command: memcached -m 64, image: memcached}\ny:\n  <<: *base\n  image: other\n---\nz: 1\n";
    const YamlStream ys = parse_yaml(text);
    REQUIRE_FALSE(ys.error);
    REQUIRE(ys.documents.size() == 2);
    const YNode* y = ys.documents[0].get("y");
    REQUIRE(y);
    CHECK(y->str("image") == "other");  // explicit keys win over merged ones
    CHECK(y->str("command") == "memcached -m 64");
    CHECK(y->get("command")->begin == 19);  // the anchor's own position
}

TEST_CASE("yaml: malformed YAML is a skip with a reason, never a crash", "[embedded][yaml]") {
    CHECK(parse_yaml("services:\n  a: [1,\n").error);
    const auto r = run_cachelint("check --format concise --fail-on never --dialect compose --stdin-filename compose.yaml -", "",
                                 "services:\n  cache: [\n    image\n");
    CHECK(r.err.find("skipped: not valid YAML") != std::string::npos);
    CHECK(r.exit_code == 2);
    // A YAML file with none of ours: nothing at all.
    const auto quiet = run_cachelint("check --format concise --fail-on never --dialect kubernetes --stdin-filename svc.yaml -", "",
                                     "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n");
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());
    CHECK(quiet.exit_code == 0);
}

TEST_CASE("kubernetes ConfigMap: redis.conf in block scalars read with every Redis rule at the file's positions", "[embedded][kubernetes]") {
    const std::string head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis\ndata:\n";
    // Literal block.
    std::string out = lint("kubernetes", "cm.yaml", head + "  redis.conf: |\n    maxmemory 100mb\n    maxmemory-policy volatile-lru\n    maxmemory-samples 1\n");
    CHECK(has(out, "cm.yaml:8:22: note[RC103]"));  // the role is unknown: a note naming it
    CHECK(has(out, "cm.yaml:9:23: note[RC109]"));
    // Indentation indicator and strip chomping: two more spaces belong to the content.
    out = lint("kubernetes", "cm.yaml", head + "  redis.conf: |2-\n      maxmemory-samples 1\n");
    CHECK(has(out, "cm.yaml:7:25: note[RC104]"));
    // Folded, lines kept apart by empty lines.
    out = lint("kubernetes", "cm.yaml", head + "  redis.conf: >\n    port 6379\n\n    maxmemory-samples 1\n");
    CHECK(has(out, "cm.yaml:9:23: note[RC104]"));
    // Quoted and plain one-line values.
    out = lint("kubernetes", "cm.yaml", head + "  redis.conf: \"maxmemory-samples 1\"\n");
    CHECK(has(out, "cm.yaml:6:34: note[RC104]"));
    out = lint("kubernetes", "cm.yaml", head + "  redis.conf: 'maxmemory-samples 1'\n");
    CHECK(has(out, "cm.yaml:6:34: note[RC104]"));
    out = lint("kubernetes", "cm.yaml", head + "  redis.conf: maxmemory-samples 1\n");
    CHECK(has(out, "cm.yaml:6:33: note[RC104]"));
    // A Secret's stringData too.
    out = lint("kubernetes", "s.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: r}\nstringData:\n  redis.conf: |\n    maxmemory-samples 1\n");
    CHECK(has(out, "s.yaml:6:23: note[RC104]"));
}

TEST_CASE("kubernetes workloads: command, args and the memory limit", "[embedded][kubernetes]") {
    const std::string dep =
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "      - name: memcached\n"
        "        image: memcached:1.6\n"
        "        args:\n"
        "        - -m 2048\n"
        "        - -I\n"
        "        - \"5m\"\n"
        "        resources:\n"
        "          limits:\n"
        "            memory: 1Gi\n";
    const std::string out = lint("kubernetes", "dep.yaml", dep);
    CHECK(has(out, "dep.yaml:10:14: warning[CTR001]: -m 2048 is more than the memory limit 1 GiB"));
    // $(VAR) is unknown: nothing is said about it.
    const std::string redis =
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: r\n    image: redis:7\n"
        "    command: [\"redis-server\", \"--maxmemory\", \"$(MAXMEM)\", \"--maxmemory-policy\", \"allkeys-lru\"]\n"
        "    resources: {limits: {memory: 100Mi}}\n";
    CHECK(lint("kubernetes", "pod.yaml", redis).find("CTR001") == std::string::npos);
    const std::string over =
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: r\n    image: redis:7\n"
        "    command: [\"redis-server\", \"--maxmemory\", \"200mb\", \"--maxmemory-policy\", \"allkeys-lru\", \"--save\", \"\"]\n"
        "    resources: {limits: {memory: 100Mi}}\n";
    CHECK(has(lint("kubernetes", "pod.yaml", over), "pod.yaml:7:47: warning[CTR001]: maxmemory 200 MiB"));
}

TEST_CASE("kubernetes ConfigMap: the workload that mounts it gives its memory limit and names", "[embedded][kubernetes]") {
    const std::string cm =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: jobs-redis\ndata:\n  redis.conf: |\n"
        "    maxmemory 300mb\n    maxmemory-policy allkeys-lru\n    lazyfree-lazy-eviction yes\n    save \"\"\n";
    const std::string dep =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: redis\n        image: redis:7\n        args: [\"/etc/redis/redis.conf\"]\n"
        "        resources: {limits: {memory: 256Mi}}\n        volumeMounts: [{name: conf, mountPath: /etc/redis}]\n"
        "      volumes: [{name: conf, configMap: {name: jobs-redis}}]\n";
    // In the same file: CTR001 at maxmemory, the role from the ConfigMap's name (RC108).
    const std::string same = lint("kubernetes", "redis.yaml", cm + "---\n" + dep);
    CHECK(has(same, "redis.yaml:7:15: warning[CTR001]: maxmemory 300 MiB (314572800 bytes) is more than the memory limit 256 MiB"));
    CHECK(has(same, "which mounts this ConfigMap)"));
    CHECK(has(same, "redis.yaml:8:22: warning[RC108]: 'maxmemory-policy allkeys-lru' with role queue (inferred from the name 'jobs-redis')"));
    CHECK(same.find("RC105") == std::string::npos);  // one root cause, one finding
    // In a manifest beside it.
    const std::string dir = make_temp_dir("configmap-mount");
    write_file(dir + "/configmap.yaml", cm);
    write_file(dir + "/deployment.yaml", dep);
    const std::string apart = run_cachelint("check --format concise --fail-on never --dialect kubernetes configmap.yaml", dir).out;
    CHECK(has(apart, "configmap.yaml:7:15: warning[CTR001]"));
    CHECK(has(apart, "'redis' in deployment.yaml, which mounts this ConfigMap)"));
    // Options on the command line besides the file: the ConfigMap is not the whole configuration.
    std::string extra = dep;
    extra.replace(extra.find("[\"/etc/redis/redis.conf\"]"), 25, "[\"/etc/redis/redis.conf\", \"--maxmemory\", \"100mb\"]");
    CHECK(lint("kubernetes", "redis.yaml", cm + "---\n" + extra).find("CTR001") == std::string::npos);
}

TEST_CASE("compose: string, list and sh -c commands, variables, memory limits", "[embedded][compose]") {
    std::string out = lint("compose", "compose.yaml",
                           "services:\n  cache:\n    image: redis:7\n"
                           "    command: redis-server --maxmemory 1gb --maxmemory-policy allkeys-lru --save ''\n"
                           "    mem_limit: 512m\n");
    CHECK(has(out, "compose.yaml:4:39: warning[CTR001]: maxmemory 1 GiB"));
    CHECK(out.find("RC105") == std::string::npos);  // one root cause, one finding
    // sh -c "...": split as the shell does; $$ is compose's escape for the shell's $.
    out = lint("compose", "compose.yaml",
               "services:\n  mc:\n    image: memcached\n"
               "    entrypoint: [\"sh\", \"-c\", \"exec memcached -m 1024 -c $$CONNS\"]\n"
               "    deploy:\n      resources:\n        limits:\n          memory: 256M\n");
    CHECK(has(out, "compose.yaml:4:49: warning[CTR001]"));
    // ${VAR:-default}: an unknown value, never judged.
    out = lint("compose", "compose.yaml",
               "services:\n  mc:\n    image: memcached\n    command: memcached -m ${MEM:-2048}\n    mem_limit: 256m\n");
    CHECK(out.find("CTR001") == std::string::npos);
    // Folded command over several lines; the image's entrypoint runs the server for '-' arguments.
    out = lint("compose", "compose.yaml",
               "services:\n  mc:\n    image: memcached:1.6-alpine\n    command: >\n      -m 2g\n      -l 127.0.0.1\n");
    CHECK(has(out, "compose.yaml:5:10: error[MC001]"));
    // memcached's default 64 MB in a 20 MB container.
    out = lint("compose", "compose.yaml", "services:\n  mc:\n    image: memcached\n    mem_limit: 20m\n");
    CHECK(has(out, "compose.yaml:3:12: warning[CTR001]: no -m option"));
}

TEST_CASE("systemd units and Dockerfiles", "[embedded][systemd][dockerfile]") {
    std::string out = lint("systemd", "memcached.service",
                           "[Service]\nExecStart=/usr/bin/memcached -m 1024 \\\n  -l 127.0.0.1\nMemoryMax=512M\n");
    CHECK(has(out, "memcached.service:2:33: warning[CTR001]"));
    // $OPTIONS may hold any option: what the line does not show is unknown.
    out = lint("systemd", "memcached.service", "[Service]\nExecStart=/usr/bin/memcached -m 64 $OPTIONS\n");
    CHECK(out.find("MC004") == std::string::npos);
    out = lint("dockerfile", "Dockerfile", "FROM alpine\nCMD [\"memcached\", \"-m\", \"2g\", \"-l\", \"127.0.0.1\"]\n");
    CHECK(has(out, "Dockerfile:2:26: error[MC001]"));
    out = lint("dockerfile", "Dockerfile", "FROM redis:7\nCMD redis-server --maxmemory 1gb --maxmemory-policy noeviction --maxmemory-samples 1\n");
    CHECK(has(out, "Dockerfile:2:53: note[RC102]"));
}

TEST_CASE("the embedded corpus is read without a crash and without a word on stderr", "[embedded][corpus]") {
    const std::string shared = shared_dir();
    if (shared.empty()) {
        WARN("../shared is absent: skipped");
        return;
    }
    const auto r = run_cachelint("check --format concise --fail-on never compose kubernetes helm dockerfile systemd", shared + "/corpus");
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    INFO(r.err);
}

// examples/compose and examples/helm reproduce the container outages examples/README.md lists: exactly those
// findings (errors and warnings), at these places, and nothing on the quiet controls.
TEST_CASE("examples: the compose and Helm outages are caught by the rules examples/README.md names", "[embedded][examples]") {
    auto warnings = [](const std::string& dir) {
        const auto r = run_cachelint("check --format concise --fail-on never " + dir, CACHELINT_SOURCE_DIR);
        std::string out;
        size_t b = 0;
        for (size_t e; (e = r.out.find('\n', b)) != std::string::npos; b = e + 1) {
            const std::string line = r.out.substr(b, e - b);
            if (line.find(": note[") != std::string::npos) continue;
            out += line.substr(0, line.find("]:") + 1) + "\n";
        }
        return out;
    };
    CHECK(warnings("examples/compose") ==
          "examples/compose/compose.yaml:28:19: warning[CTR001]\n"
          "examples/compose/compose.yaml:29:26: warning[RC108]\n");
    CHECK(warnings("examples/helm") ==
          "examples/helm/values.yaml:33:15: warning[CTR001]\n"
          "examples/helm/values.yaml:34:22: warning[RC108]\n");
    const std::string readme = read_file(std::string(CACHELINT_SOURCE_DIR) + "/examples/README.md");
    CHECK(readme.find("| `compose/compose.yaml` |") != std::string::npos);
    CHECK(readme.find("| `helm/` (") != std::string::npos);
    CHECK(readme.find("| CTR001, RC108 |") != std::string::npos);
}

// ---- ingress-nginx snippets -------------------------------------------------------------------------
TEST_CASE("ingress-nginx: configuration-snippet is nginx in a location, at its place in a literal block", "[embedded][ingress]") {
    const std::string ing =
        "apiVersion: networking.k8s.io/v1\n"
        "kind: Ingress\n"
        "metadata:\n"
        "  name: web\n"
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
        "      add_header X-Frame-Options DENY;\n"
        "      proxy_cache_path /tmp/c keys_zone=c:10m;\n"
        "spec:\n"
        "  rules: []\n";
    const std::string out = lint("kubernetes", "ing.yaml", ing);
    // proxy_cache_path is allowed in http only: nginx -t refuses it in a location.
    CHECK(has(out, "ing.yaml:8:7: error[NGX903]"));
    CHECK(has(out, "in location context"));
    // The same line in the controller's http-snippet is accepted.
    const std::string cm =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: ingress-nginx-controller\n"
        "data:\n"
        "  http-snippet: |\n"
        "    proxy_cache_path /tmp/c keys_zone=c:10m;\n";
    CHECK(lint("kubernetes", "cm.yaml", cm).find("NGX903") == std::string::npos);
}

TEST_CASE("ingress-nginx: server-snippet annotation in a quoted scalar, positions through escapes", "[embedded][ingress]") {
    const std::string ing =
        "apiVersion: networking.k8s.io/v1\n"
        "kind: Ingress\n"
        "metadata:\n"
        "  name: web\n"
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/server-snippet: \"add_header X \\\"y\\\";\\nlocation /a { }\\nhttp { }\"\n";
    const std::string out = lint("kubernetes", "ing.yaml", ing);
    // `http` inside a server: not allowed there; the directive's name is at column 91 of line 6.
    const size_t col = ing.find("http {") - ing.find("    nginx.ingress") + 1;
    CHECK(has(out, "ing.yaml:6:" + std::to_string(col) + ": error[NGX903]"));
    CHECK(has(out, "in server context"));
    CHECK(out.find("NGX903") == out.rfind("NGX903"));  // one refusal: a location is fine in a server
}

TEST_CASE("ingress-nginx: controller ConfigMap keys are read in their contexts", "[embedded][ingress]") {
    const std::string cm =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: ingress-nginx-controller\n"
        "data:\n"
        "  http-snippet: 'proxy_cache_valid 200 1m; location /x { }'\n"
        "  server-snippet: >-\n"
        "    server { }\n"
        "  location-snippet: \"listen 81;\"\n";
    const std::string out = lint("kubernetes", "cm.yaml", cm);
    CHECK(has(out, "cm.yaml:6:44: error[NGX903]"));  // location in http
    CHECK(has(out, "cm.yaml:8:5: error[NGX903]"));   // server in server
    CHECK(has(out, "cm.yaml:9:22: error[NGX903]"));  // listen in a location
    // Placeholders are unknown values, never invalid; a plain value elsewhere is not a snippet.
    const std::string other =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: app\n"
        "data:\n"
        "  snippet: 'server { }'\n";
    CHECK(lint("kubernetes", "cm.yaml", other).find("NGX") == std::string::npos);
}

// ---- varnishd command lines ---------------------------------------------------------------------------
TEST_CASE("varnishd: malloc storage at or above the memory limit", "[embedded][varnish]") {
    const std::string compose =
        "services:\n"
        "  varnish:\n"
        "    image: varnish:7.4\n"
        "    command: [\"varnishd\", \"-F\", \"-f\", \"/etc/varnish/default.vcl\", \"-s\", \"malloc,1G\"]\n"
        "    mem_limit: 1g\n";
    std::string out = lint("compose", "compose.yaml", compose);
    CHECK(has(out, "compose.yaml:4:81: warning[CTR001]: -s malloc,1G is at or above the memory limit 1 GiB"));
    // Below the limit: quiet; file storage is not counted.
    CHECK(lint("compose", "compose.yaml", "services:\n  v:\n    image: varnish\n    command: varnishd -F -s malloc,256m -s disk=file,/var/lib/varnish/s,4G\n    mem_limit: 1g\n")
              .find("CTR001") == std::string::npos);
    // -s name=malloc,SIZE and -s default,SIZE; a variable size is unknown.
    CHECK(has(lint("compose", "compose.yaml", "services:\n  v:\n    image: varnish\n    entrypoint: varnishd -F -s mem=malloc,2G\n    mem_limit: 2g\n"),
              "compose.yaml:4:43: warning[CTR001]"));
    CHECK(has(lint("compose", "compose.yaml", "services:\n  v:\n    image: varnish\n    command: sh -c \"exec varnishd -F -s default,600m\"\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n"),
              "warning[CTR001]: -s default,600m"));
    CHECK(lint("compose", "compose.yaml", "services:\n  v:\n    image: varnish\n    command: varnishd -F -s malloc,${SIZE}\n    mem_limit: 1g\n")
              .find("CTR001") == std::string::npos);
}

TEST_CASE("varnishd: the official image's VARNISH_SIZE, Kubernetes args, systemd MemoryMax", "[embedded][varnish]") {
    // The image runs varnishd -s malloc,$VARNISH_SIZE (100M unless set) when the arguments start with '-'.
    const std::string env =
        "services:\n"
        "  cache:\n"
        "    image: varnish:stable\n"
        "    environment:\n"
        "      VARNISH_SIZE: 2G\n"
        "    mem_limit: 1g\n";
    CHECK(has(lint("compose", "compose.yaml", env), "compose.yaml:5:21: warning[CTR001]: VARNISH_SIZE=2G is at or above"));
    CHECK(has(lint("compose", "compose.yaml", "services:\n  cache:\n    image: varnish\n    mem_limit: 64m\n"),
              "compose.yaml:3:12: warning[CTR001]"));
    const std::string dep =
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: varnish\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: varnish\n"
        "          image: varnish:7\n"
        "          args: [\"-s\", \"malloc,512M\"]\n"
        "          resources:\n"
        "            limits:\n"
        "              memory: 512Mi\n";
    // The entrypoint's malloc,100M plus the given 512M: 612 MB against 512 MiB.
    CHECK(has(lint("kubernetes", "dep.yaml", dep), "dep.yaml:11:32: warning[CTR001]: -s malloc,512M (with the other malloc storages: 612 MiB"));
    const std::string unit =
        "[Service]\n"
        "ExecStart=/usr/sbin/varnishd -a :6081 -f /etc/varnish/default.vcl -s malloc\n"
        "MemoryMax=2G\n";
    CHECK(has(lint("systemd", "varnish.service", unit), "varnish.service:2:70: warning[CTR001]: -s malloc has no size"));
    CHECK(lint("systemd", "varnish.service", "[Service]\nExecStart=/usr/sbin/varnishd -s malloc,1G\nMemoryMax=2G\n").find("CTR001") ==
          std::string::npos);
}

// ---- memcached options in a ConfigMap, Helm replica.extraFlags ---------------------------------------------
TEST_CASE("memcached: a ConfigMap of options is read with the limit of the container that mounts it", "[embedded][memcached]") {
    const std::string cm =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: mc-opts\n"
        "data:\n"
        "  memcached.conf: |\n"
        "    -m 1024\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: StatefulSet\n"
        "metadata:\n"
        "  name: cache\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: memcached\n"
        "          image: memcached:1.6\n"
        "          command: [\"sh\", \"-c\", \"exec memcached $(cat /etc/mc/memcached.conf)\"]\n"
        "          resources: {limits: {memory: 512Mi}}\n"
        "          volumeMounts: [{name: o, mountPath: /etc/mc}]\n"
        "      volumes: [{name: o, configMap: {name: mc-opts}}]\n";
    const std::string out = lint("kubernetes", "mc.yaml", cm);
    CHECK(has(out, "mc.yaml:7:8: warning[CTR001]: -m 1024 is more than the memory limit 512 MiB"));
    CHECK(has(out, "of the container 'memcached' of 'cache', which mounts this ConfigMap)"));
    CHECK(out.find("MC001") == std::string::npos);  // one root cause, one finding
    // A -m on the command line besides the ConfigMap: the ConfigMap's is not the one in force.
    std::string with_m = cm;
    with_m.replace(with_m.find("exec memcached"), 14, "exec memcached -m 256");
    CHECK(lint("kubernetes", "mc.yaml", with_m).find("CTR001") == std::string::npos);
}

TEST_CASE("helm: replica.extraFlags are read like master.extraFlags, under the replicas' limit", "[embedded][helm]") {
    const std::string values =
        "redis:\n"
        "  commonConfiguration: |-\n"
        "    maxmemory-policy allkeys-lru\n"
        "  master:\n"
        "    extraFlags: [\"--maxmemory 300mb\"]\n"
        "    resources: {limits: {memory: 1Gi}}\n"
        "  replica:\n"
        "    extraFlags:\n"
        "      - --maxmemory 700mb\n"
        "    resources:\n"
        "      limits:\n"
        "        memory: 512Mi\n";
    const std::string out = lint("helm", "values.yaml", values);
    CHECK(has(out, "values.yaml:9:21: warning[CTR001]: maxmemory 700 MiB"));
    CHECK(has(out, "replica.resources.limits.memory: 512Mi"));
    CHECK(out.find("values.yaml:5:") == std::string::npos);  // the master's 300mb fits its 1Gi
    // Replicas alone (no master settings) are read too; the common block is reported once.
    const std::string alone = "redis:\n  replica:\n    extraFlags: ['--maxmemory 2gb']\n    resources: {limits: {memory: 1Gi}}\n";
    CHECK(has(lint("helm", "values.yaml", alone), "values.yaml:3:31: note[CTR001]: maxmemory 2 GiB"));
}

TEST_CASE("ingress-nginx: directives of the controller's own modules are known in snippets", "[embedded][ingress]") {
    const std::string ing =
        "apiVersion: networking.k8s.io/v1\n"
        "kind: Ingress\n"
        "metadata:\n"
        "  name: web\n"
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
        "      more_set_headers \"Request-Id: $req_id\";\n"
        "      unknown_thing on;\n";
    const std::string out = lint("kubernetes", "ing.yaml", ing);
    CHECK(out.find("more_set_headers") == std::string::npos);  // headers-more is built into the controller
    CHECK(has(out, "ing.yaml:8:7: note[NGX902]"));
}

TEST_CASE("ingress-nginx: snippets in Helm values, template placeholders unknown", "[embedded][ingress]") {
    const std::string values =
        "ingress:\n"
        "  enabled: true\n"
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/server-snippet: 'server_tokens off; http { }'\n"
        "controller:\n"
        "  config:\n"
        "    location-snippet: |\n"
        "      proxy_cache_valid 200 {{ .Values.ttl }};\n"
        "      add_header X-Cache {{ .Values.header | quote }};\n";
    const std::string out = lint("helm", "values.yaml", values);
    CHECK(has(out, "values.yaml:4:69: error[NGX903]"));  // http inside a server
    CHECK(out.find("values.yaml:8:") == std::string::npos);  // a placeholder is an unknown value, never invalid
    CHECK(out.find("values.yaml:9:") == std::string::npos);
}

TEST_CASE("helm chart templates: a templated ConfigMap is read through its parse view, placeholders unknown", "[embedded][helm]") {
    const std::string cm =
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: {{ include \"x.fullname\" . }}-redis\n"
        "  labels:\n"
        "    {{- include \"x.labels\" . | nindent 4 }}\n"
        "data:\n"
        "  redis.conf: |\n"
        "    maxmemory {{ .Values.redis.maxmemory }}\n"
        "    maxmemory-policy allkeys-lru\n"
        "    {{- if .Values.redis.password }}\n"
        "    requirepass {{ .Values.redis.password }}\n"
        "    {{- end }}\n"
        "    slowlog-log-slower-than 10ms\n";
    const std::string out = lint("kubernetes", "templates/redis-configmap.yaml", cm);
    // A value redis-server refuses, at its place in the template.
    CHECK(has(out, "templates/redis-configmap.yaml:14:29: error[RC003]"));
    // The placeholder is an unknown value: no invalid-memory refusal on line 9.
    CHECK(out.find("redis-configmap.yaml:9:") == std::string::npos);
    // The report quotes the template as written.
    const std::string text = run_cachelint("check --fail-on never --dialect kubernetes --stdin-filename templates/redis-configmap.yaml -", "", cm).out;
    CHECK(has(text, "slowlog-log-slower-than 10ms"));
    // A template whose parse view is no YAML says nothing, and is no input error.
    const auto broken = run_cachelint("check --dialect kubernetes --stdin-filename templates/x.yaml -", "",
                                      "apiVersion: v1\nkind: ConfigMap\ndata: {{ .Values.data | toYaml }}: [\n");
    CHECK(broken.exit_code == 0);
    CHECK(broken.err.empty());
}

TEST_CASE("compose: ports that publish the official Redis image on every host interface", "[embedded][compose]") {
    auto svc = [](const std::string& ports, const std::string& command = "") {
        return "services:\n  redis:\n    image: redis:7\n" + (command.empty() ? "" : "    command: " + command + "\n") +
               "    ports:\n      - " + ports + "\n";
    };
    for (const char* all : {"6379:6379", "\"6379\"", "0.0.0.0:6380:6379", "\"[::]:6379:6379\"", "6379-6380:6379-6380", "6379:6379/tcp"})
        CHECK(has(lint("compose", "compose.yaml", svc(all)), "warning[CTR003]"));
    for (const char* quiet : {"127.0.0.1:6379:6379", "\"192.168.1.10:6379:6379\"", "8001:8001", "6379:6379/udp", "${REDIS_PORT}:6379"})
        CHECK(lint("compose", "compose.yaml", svc(quiet)).find("CTR003") == std::string::npos);
    // The port the server listens on decides which mapping reaches it.
    CHECK(has(lint("compose", "compose.yaml", svc("7000:7000", "redis-server --port 7000")), "warning[CTR003]"));
    CHECK(lint("compose", "compose.yaml", svc("6379:6379", "redis-server --port 7000")).find("CTR003") == std::string::npos);
    CHECK(lint("compose", "compose.yaml", svc("6379:6379", "redis-server --requirepass s3cr3t-Long-enough")).find("CTR003") == std::string::npos);
    // protected-mode no given on the command line is RC401's (one finding).
    const std::string off = lint("compose", "compose.yaml", svc("6379:6379", "redis-server --protected-mode no"));
    CHECK(off.find("CTR003") == std::string::npos);
    CHECK(has(off, "[RC401]"));
}

TEST_CASE("compose: the consumers' environment and the other Redis services say what an instance is for", "[embedded][compose]") {
    // redis-cache beside redis-queue: a cache, so no maxmemory is RC101; the worker reaches it through a cache key.
    const std::string split =
        "services:\n  redis-cache:\n    image: redis:7\n  redis-queue:\n    image: redis:7\n"
        "  queue-short:\n    image: app\n    command: bench worker\n    environment:\n"
        "      REDIS_CACHE: redis://redis-cache:6379\n      REDIS_QUEUE: redis://redis-queue:6379\n";
    const std::string out = lint("compose", "compose.yaml", split);
    CHECK(has(out, "compose.yaml:3:12: error[RC101]"));
    CHECK(has(out, "role cache (inferred from the name 'redis-cache' (the service 'queue-short' reaches it as REDIS_CACHE))"));
    // A key that names a broker on the same instance: mixed, no RC101.
    const std::string both = split + "      CELERY_BROKER_URL: redis://redis-cache:6379/1\n";
    CHECK(lint("compose", "compose.yaml", both).find("RC101") == std::string::npos);
    // Named cache with nothing to corroborate it: unknown.
    CHECK(lint("compose", "compose.yaml", "services:\n  cache:\n    image: redis:7\n").find("RC101") == std::string::npos);
    // host:port values (REDIS_QUEUE: redis-queue:6379) name the service too.
    const std::string evict =
        "services:\n  kv:\n    image: redis:7\n    command: redis-server --maxmemory 1gb --maxmemory-policy allkeys-lru\n"
        "  app:\n    image: app\n    environment:\n      JOBS_REDIS_QUEUE: kv:6379\n";
    CHECK(has(lint("compose", "compose.yaml", evict), "role queue (inferred from the environment: the service 'app' reaches it as JOBS_REDIS_QUEUE)"));
}
