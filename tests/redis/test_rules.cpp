// Redis rule pack: role inference, the live `CONFIG GET '*'` reader, and a differential check that a
// real server's dump of a configuration gets the same findings as the file itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "parse/redis/live.hpp"
#include "parse/redis/role.hpp"
#include "support/run.hpp"

using namespace cachelint;
using namespace cachelint::redis;
using namespace cachelint::test;

namespace {

std::multiset<std::string> rule_ids(const std::string& concise) {
    std::multiset<std::string> ids;
    std::istringstream in(concise);
    std::string line;
    while (std::getline(in, line)) {
        auto b = line.find('['), e = line.find(']');
        if (b != std::string::npos && e != std::string::npos && e > b) ids.insert(line.substr(b + 1, e - b - 1));
    }
    return ids;
}

std::string lint(const std::string& args, const std::string& input) {
    return run_cachelint("check --format concise --fail-on never --dialect redis " + args + " -", "", input).out;
}

}  // namespace

TEST_CASE("role from the file name and its folder", "[redis][role]") {
    CHECK(role_from_path("redis-cache.conf") == Role::cache);
    CHECK(role_from_path("deploy/cache/redis.conf") == Role::cache);
    CHECK(role_from_path("etc/rediscache01.conf") == Role::cache);
    CHECK(role_from_path("sidekiq.conf") == Role::queue);
    CHECK(role_from_path("celery/redis.conf") == Role::queue);
    CHECK(role_from_path("sessions/redis.conf") == Role::session);
    // Only the last two components count, and "cachelint" is not a cache.
    CHECK_FALSE(role_from_path("/home/me/cachelint/redis/redis.conf").has_value());
    CHECK_FALSE(role_from_path("/var/cache/build/redis.conf").has_value());
    CHECK_FALSE(role_from_path("home/.cache/x/y/redis.conf").has_value());
    CHECK_FALSE(role_from_path("redis.conf").has_value());
    CHECK(role_from_path("ohmywod/redis-store.conf") == Role::store);
    CHECK(role_from_path("erpnext/redis_queue.conf") == Role::queue);
    CHECK(role_from_path("render-redis-cache/redis.conf") == Role::cache);
    CHECK_FALSE(role_from_path("restore.conf").has_value());
    CHECK_FALSE(role_from_path("cache-and-queue/redis.conf").has_value());  // mixed names decide nothing
}

TEST_CASE("role never comes from the settings under judgement", "[redis][role]") {
    // A memory limit, an allkeys policy and snapshots: the policy may be the very mistake, so it does not
    // make the instance a cache, and no persistence advice follows.
    const std::string cfg = "bind 127.0.0.1 -::1\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\nsave 900 1\nappendonly yes\n";
    auto unknown = rule_ids(lint("", cfg));
    for (const char* id : {"RC201", "RC202", "RC203"}) CHECK(unknown.count(id) == 0);
    CHECK(lint("", cfg).find("role unknown") != std::string::npos);
    // The header comment says what the instance is; a comment about one directive does not.
    CHECK(lint("", "# Redis cache for the web app\n" + cfg).find("warning[RC203]") != std::string::npos);
    CHECK(lint("", "# Geocoder index: a persistent Redis store\n" + cfg).find("role store") != std::string::npos);
    CHECK(lint("", "# cache size\n" + cfg).find("role unknown") != std::string::npos);
    // Locks must not be evicted: a distributed-lock instance is a store; "lock-free" says nothing.
    CHECK(lint("", "# Redis configuration for Distributed Lock Research Application\n" + cfg).find("role store") != std::string::npos);
    CHECK(lint("", "# lock-free counters\n" + cfg).find("role unknown") != std::string::npos);
    CHECK(role_from_path("deploy/redlock/redis.conf") == Role::store);
    CHECK(lint("", "# Role: Hot lookup cache\n" + cfg).find("role cache") != std::string::npos);
    // Declared roles win over everything.
    CHECK(lint("--role queue", "# Redis cache for the web app\n" + cfg).find("role queue") != std::string::npos);
}

TEST_CASE("refusals that depend on the host are notes, not fatal findings", "[redis][role]") {
    // activedefrag needs the bundled jemalloc; a deploy-path include is installed on the server; an
    // installer token is filled in before deployment.
    auto defrag = lint("", "bind 127.0.0.1 -::1\nactivedefrag yes\n");
    CHECK(defrag.find("note[RC003]") != std::string::npos);
    CHECK(defrag.find("error[") == std::string::npos);
    auto inc = lint("", "bind 127.0.0.1 -::1\ninclude /etc/redis/cachelint-test-absent.conf\n");
    CHECK(inc.find("note[RC011]") != std::string::npos);
    CHECK(inc.find("error[") == std::string::npos);
    auto token = lint("", "bind 127.0.0.1 -::1\nmaxmemory SEDREDISMAXMEMmb\n");
    CHECK(token.find("note[RC009]") != std::string::npos);
    CHECK(token.find("error[") == std::string::npos);
    // A typo in a word is still refused: only numbers take the installer-token reading.
    CHECK(lint("", "bind 127.0.0.1 -::1\nmaxmemory-policy ALLKEYS_LRU\n").find("error[RC003]") != std::string::npos);
}

TEST_CASE("role decides the advice: a queue is never told to evict, a cache never to use noeviction", "[redis][role]") {
    const std::string limit = "maxmemory 2gb\nmaxmemory-policy noeviction\nappendonly yes\n";
    auto cache = rule_ids(lint("--role cache", limit));
    auto queue = rule_ids(lint("--role queue", limit));
    auto unknown = lint("", limit);
    CHECK(cache.count("RC102") == 1);
    CHECK(queue.count("RC102") == 0);
    CHECK(unknown.find("note[RC102]") != std::string::npos);  // downgraded, not presented as fact
    CHECK(unknown.find("role unknown") != std::string::npos);

    const std::string evicting = "maxmemory 2gb\nmaxmemory-policy volatile-lru\nappendonly yes\n";
    auto q = lint("--role queue", evicting);
    CHECK(q.find("warning[RC103]") != std::string::npos);
    CHECK(q.find("--role queue") != std::string::npos);  // says which role and why
    CHECK(rule_ids(lint("--role session", evicting)).count("RC103") == 0);

    // Unknown role: no maxmemory and default snapshots are not findings on their own.
    CHECK(rule_ids(lint("", "bind 127.0.0.1 -::1\n")).empty());
    auto c = lint("--role cache", "bind 127.0.0.1 -::1\n");
    CHECK(rule_ids(c).count("RC101") == 1);
    CHECK(rule_ids(c).count("RC201") == 1);  // absent save = default snapshots
}

TEST_CASE("live CONFIG GET output: piped form", "[redis][live]") {
    const std::string raw = "127.0.0.1:6379> CONFIG GET *\nmaxmemory\n1048576000\nunixsocket\n\nsave\n3600 1 300 100\n"
                            "client-output-buffer-limit\nnormal 0 0 0 slave 268435456 67108864 60 pubsub 0 0 0\n";
    REQUIRE(detect_live(raw) == LiveFormat::raw);
    auto items = parse_live(raw, LiveFormat::raw);
    REQUIRE(items.size() == 4);
    CHECK(items[0].name == "maxmemory");
    CHECK(items[0].value == "1048576000");
    CHECK(items[1].name == "unixsocket");
    CHECK(items[1].value.empty());
    CHECK(items[2].value == "3600 1 300 100");
    // The location is the value's line.
    CHECK(raw.substr(items[2].value_begin, items[2].value_end - items[2].value_begin) == "3600 1 300 100");
}

TEST_CASE("live CONFIG GET output: terminal forms", "[redis][live]") {
    const std::string tty = "  1) \"requirepass\"\n  2) \"a\\\"b c\\x41\"\n  3) \"bind\"\n  4) \"\"\n";
    REQUIRE(detect_live(tty) == LiveFormat::numbered);
    auto items = parse_live(tty, LiveFormat::numbered);
    REQUIRE(items.size() == 2);
    CHECK(items[0].name == "requirepass");
    CHECK(items[0].value == "a\"b cA");
    CHECK(items[1].value.empty());
    const std::string resp3 = "1# \"maxmemory\" => \"67108864\"\n2# \"maxmemory-policy\" => \"volatile-lru\"\n"
                              "3# \"maxmemory-samples\" => \"5\"\n4# \"maxmemory-clients\" => \"0\"\n";
    REQUIRE(detect_live(resp3) == LiveFormat::numbered);
    auto r3 = parse_live(resp3, LiveFormat::numbered);
    REQUIRE(r3.size() == 4);
    CHECK(r3[1].name == "maxmemory-policy");
    CHECK(r3[1].value == "volatile-lru");
}

TEST_CASE("redis.conf files are not mistaken for live dumps", "[redis][live]") {
    CHECK(detect_live("# Redis configuration\n\nbind 127.0.0.1\nmaxmemory 2gb\n") == LiveFormat::none);
    CHECK(detect_live("maxmemory 2gb\nmaxmemory-policy allkeys-lru\n") == LiveFormat::none);
    CHECK(detect_live("daemonize\nyes\nnot a name\n") == LiveFormat::none);
    CHECK(detect_live("") == LiveFormat::none);
}

TEST_CASE("a live dump of a real server gets the same findings as its file", "[redis][live][differential]") {
    if (!have_command("redis-server") || !have_command("redis-cli")) {
        WARN("SKIPPED: redis-server or redis-cli is not installed, so the live dump cannot be captured");
        return;
    }
    const std::string dir = make_temp_dir("redis-live");
    const int port = 20000 + static_cast<int>(std::chrono::steady_clock::now().time_since_epoch().count() % 20000);
    // A cache with the mistakes the rules exist for; loopback only, no persistence, in a temp dir.
    const std::string conf = "bind 127.0.0.1\nport " + std::to_string(port) + "\ndir " + dir +
                             "\nsave \"\"\nappendonly no\nmaxmemory 64mb\nmaxmemory-policy volatile-lru\n"
                             "tcp-keepalive 0\nclient-output-buffer-limit pubsub 0 0 0\nrequirepass foobared\n";
    write_file(dir + "/redis.conf", conf);
    auto start = run_shell("redis-server " + shell_quote(dir + "/redis.conf") + " --daemonize yes --pidfile " +
                           shell_quote(dir + "/redis.pid") + " --logfile " + shell_quote(dir + "/redis.log"));
    REQUIRE(start.exit_code == 0);
    const std::string cli = "timeout 5 redis-cli -p " + std::to_string(port) + " -a foobared --no-auth-warning ";
    RunResult dump;
    for (int i = 0; i < 50; ++i) {  // at most 5 s for the server to come up
        dump = run_shell(cli + "CONFIG GET '*'");
        if (dump.exit_code == 0 && dump.out.find("maxmemory") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    run_shell(cli + "SHUTDOWN NOSAVE");
    // Belt and braces: if SHUTDOWN did not get through, stop the server we started by its pid.
    run_shell("f=" + shell_quote(dir + "/redis.pid") + "; sleep 0.2; test -f \"$f\" && kill \"$(cat \"$f\")\" 2>/dev/null; true");
    REQUIRE(dump.out.find("maxmemory-policy") != std::string::npos);
    write_file(dir + "/config-get.txt", dump.out);

    auto from_file = run_cachelint("check --format concise --fail-on never --redis-version 7.0 " + shell_quote(dir + "/redis.conf"));
    auto from_live = run_cachelint("check --format concise --fail-on never " + shell_quote(dir + "/config-get.txt"));
    INFO("file:\n" << from_file.out << "\nlive:\n" << from_live.out << from_live.err);
    CHECK(rule_ids(from_live.out) == rule_ids(from_file.out));
    for (const char* id : {"RC103", "RC301", "RC303", "RC403"}) CHECK(rule_ids(from_live.out).count(id) == 1);
    // Every live finding points at a value line of the dump, never at a name line.
    std::istringstream lines(from_live.out);
    std::string line;
    while (std::getline(lines, line)) {
        auto colon = line.find(".txt:");
        REQUIRE(colon != std::string::npos);
        const int n = std::stoi(line.substr(colon + 5));
        CHECK(n % 2 == 0);
    }
}
