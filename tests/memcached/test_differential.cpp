// Differential test: cachelint's fatal verdict (an error of MC008, the rule tagged `fatal`) must match
// what memcached 1.6.18's own argument parser does with the same arguments, on every memcached
// fixture and corpus file. The argument list is produced by Debian's real systemd-memcached-wrapper
// (with its final exec replaced by a print), then rewritten to listen on loopback only; memcached is
// started in a temporary directory and either exits at once (refused) or keeps running (accepted),
// and is then killed by the test.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "support/run.hpp"

namespace fs = std::filesystem;
using namespace cachelint::test;

namespace {

constexpr const char* kWrapper = "/usr/share/memcached/scripts/systemd-memcached-wrapper";

int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// The hard open-files limit memcached inherits from this test.
long nofile_hard_limit() {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_max == RLIM_INFINITY) return 1L << 30;
    return static_cast<long>(r.rlim_max);
}

// Keeps memcached on loopback: every -l becomes 127.0.0.1, a usable -p/-U becomes a free port, files go
// to the temporary directory, and it runs as nobody. A valid -c above this machine's hard open-files limit
// is lowered to it: memcached raises RLIMIT_NOFILE to -c and exits when it may not, which depends on the
// machine, not on the arguments (MC006 notes such limits). Values that are invalid are left alone, so
// the verdict on them does not change.
std::vector<std::string> loopback_args(std::vector<std::string> a, const std::string& dir, int port) {
    bool has_p = false;
    const long hard = nofile_hard_limit();
    for (size_t i = 0; i < a.size(); ++i) {
        const std::string& w = a[i];
        const bool next = i + 1 < a.size();
        if ((w == "-l" || w == "--listen") && next) a[i + 1] = "127.0.0.1";
        if ((w == "-s" || w == "--unix-socket") && next) a[i + 1] = dir + "/memcached.sock";
        if ((w == "-P" || w == "--pidfile") && next) a[i + 1] = dir + "/memcached.pid";
        if ((w == "-e" || w == "--memory-file") && next) a[i + 1] = dir + "/memory-file";
        if ((w == "-u" || w == "--user") && next) a[i + 1] = "nobody";
        if ((w == "-p" || w == "--port") && next) {
            has_p = true;
            const long n = std::atol(a[i + 1].c_str());
            if (n > 0 && n <= 65535) a[i + 1] = std::to_string(port);
        }
        if ((w == "-c" || w == "--conn-limit") && next) {
            const int n = static_cast<int>(std::strtol(a[i + 1].c_str(), nullptr, 10));  // glibc's atoi()
            if (n > 0 && n > hard) a[i + 1] = std::to_string(hard);
        }
        if ((w == "-U" || w == "--udp-port") && next) {
            const long n = std::atol(a[i + 1].c_str());
            if (n > 0 && n <= 65535) a[i + 1] = std::to_string(port);
        }
    }
    a.push_back("-l");
    a.push_back("127.0.0.1");
    if (!has_p) a.push_back("-p"), a.push_back(std::to_string(port));
    a.push_back("-u");
    a.push_back("nobody");
    return a;
}

struct Outcome {
    bool exited = false;
    int status = 0;
};

// Starts memcached and waits up to 1.5 s: an argument error makes it exit long before that.
Outcome run_memcached(const std::vector<std::string>& args, const std::string& dir) {
    std::vector<std::string> argv = {"/usr/bin/memcached"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(dir.c_str()) != 0) _exit(126);
        std::vector<char*> cargs;
        for (auto& s : argv) cargs.push_back(s.data());
        cargs.push_back(nullptr);
        FILE* devnull = std::fopen("/dev/null", "w");
        if (devnull) ::dup2(fileno(devnull), 1), ::dup2(fileno(devnull), 2);
        ::execv(cargs[0], cargs.data());
        _exit(127);
    }
    Outcome o;
    for (int i = 0; i < 30; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (::waitpid(pid, &o.status, WNOHANG) == pid) {
            o.exited = true;
            return o;
        }
    }
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 40 && ::waitpid(pid, &o.status, WNOHANG) != pid; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &o.status, 0);
    return o;
}

std::vector<fs::path> inputs() {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(fs::path(CACHELINT_SOURCE_DIR) / "fixtures/memcached"))
        if (e.is_regular_file() && (e.path().extension() == ".conf" || e.path().extension() == ".sysconfig")) files.push_back(e.path());
    for (const auto& e : corpus_entries("memcached")) files.push_back(fs::path(shared_dir()) / "corpus" / e.path);
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("memcached: fatal verdicts agree with memcached's own argument parser", "[memcached][differential]") {
    if (!fs::exists("/usr/bin/memcached") || !fs::exists(kWrapper) || !have_command("perl")) {
        WARN("SKIPPED: /usr/bin/memcached, perl or Debian's systemd-memcached-wrapper is missing");
        return;
    }
    const std::string dir = make_temp_dir("memcached-diff");
    // memcached drops to 'nobody' before creating its unix socket there.
    fs::permissions(dir, fs::perms::all);
    // Debian's wrapper, printing the argument string instead of exec'ing memcached.
    const std::string wrapper = dir + "/wrapper.pl";
    std::string script = read_file(kWrapper);
    const std::string exec_line = "exec \"$memcached $params\";";
    REQUIRE(script.find(exec_line) != std::string::npos);
    script.replace(script.find(exec_line), exec_line.size(), "print \"$params\\n\";");
    write_file(wrapper, script);
    int agree = 0, total = 0;
    for (const auto& f : inputs()) {
        ++total;
        // A RHEL/Fedora /etc/sysconfig/memcached is read by memcached's own systemd unit instead:
        //   ExecStart=/usr/bin/memcached -p ${PORT} -u ${USER} -m ${CACHESIZE} -c ${MAXCONN} $OPTIONS
        // Here bash sources the file and prints that argument list (the files use plain assignments only).
        const bool sysconfig = read_file(f.string()).find("CACHESIZE=") != std::string::npos;
        auto w = sysconfig ? run_shell("bash -c " + shell_quote(
                                 ". \"$1\"; a=(); for v in PORT:-p USER:-u CACHESIZE:-m MAXCONN:-c; do n=${v%%:*}; "
                                 "[ -n \"${!n+x}\" ] && a+=(\"${v#*:}\" \"${!n}\"); done; echo \"${a[*]}\" $OPTIONS") +
                                 " sysconfig " + shell_quote(f.string()))
                           : run_shell("perl " + shell_quote(wrapper) + " " + shell_quote(f.string()));
        REQUIRE(w.exit_code == 0);
        // None of these files has shell metacharacters, so Perl's exec would split on blanks too.
        REQUIRE(w.out.find_first_of("'\"$`;&|<>*?") == std::string::npos);
        const auto args = loopback_args(words(w.out), dir, free_port());
        const Outcome o = run_memcached(args, dir);
        auto c = run_cachelint("check --format concise --fail-on never --dialect memcached " + shell_quote(f.filename().string()),
                               f.parent_path().string());
        const bool cachelint_refuses = c.out.find("error[MC008]") != std::string::npos;
        std::string shown;
        for (const auto& a : args) shown += " " + a;
        INFO("file: " << f.string() << "\nmemcached" << shown << "\nexited: " << o.exited << " status " << o.status
                      << "\ncachelint:\n" << c.out);
        CHECK(o.exited == cachelint_refuses);
        agree += o.exited == cachelint_refuses;
    }
    WARN("memcached differential: " << agree << " of " << total << " files agree");
    CHECK(total >= 30);
    fs::remove_all(dir);
}
