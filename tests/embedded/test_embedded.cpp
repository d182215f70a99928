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
