#include "parse/nginx/directives.hpp"

#include <algorithm>
#include <deque>
#include <string>
#include <vector>
#include "core/text.hpp"

namespace cachelint::nginx {
namespace {

// name  contexts  args  [flags]
// contexts: M main, E events, H http, S server, L location, I if-in-location, s if-in-server, U upstream,
//           X limit_except, T stream, t stream server, u stream upstream, A mail, a mail server
// args: 0 noargs, 1..7 takeN, F flag, * any, + 1more, ^ 2more, B block; flags: d duplicate is fatal,
//       o on|off value, c custom body, l Lua body.
constexpr std::string_view kTable = R"(
daemon M F do
master_process M F do
timer_resolution M 1 d
pid M 1 d
lock_file M 1 d
worker_processes M 1 d
debug_points M 1
user M 12 d
worker_priority M 1
worker_cpu_affinity M +
worker_rlimit_nofile M 1 d
worker_rlimit_core M 1 d
worker_shutdown_timeout M 1 d
working_directory M 1 d
env M 1
load_module M 1
pcre_jit M F do
thread_pool M 23
ssl_engine M 1
error_log MHSLTtAa +
include MEHSLIsUXTtuAa 1
events M B0
worker_connections E 1
use E 1
multi_accept E F do
accept_mutex E F do
accept_mutex_delay E 1
debug_connection E 1
worker_aio_requests E 1
http M B0
server H B0
server U +
server T B0
server u +
server A B0
location SL B12
if SL B+
limit_except LI B+
upstream H B1
upstream T B1
stream M B0
mail M B0
map HT B2 c
geo HT B12 c
split_clients HT B2 c
types HSL B0 c
charset_map H B2 c
match HT B1 c
listen S +
listen t +
listen a +
server_name S +
server_name a 1
server_names_hash_max_size H 1 d
server_names_hash_bucket_size H 1 d
variables_hash_max_size HT 1 d
variables_hash_bucket_size HT 1 d
map_hash_max_size H 1 d
map_hash_bucket_size H 1 d
types_hash_max_size HSL 1 d
types_hash_bucket_size HSL 1 d
server_tokens HSL 1 d
root HSLI 1 d
alias L 1
index HSL +
try_files SL ^
return sSLI 12
rewrite sSLI 23
break sSLI 0
set sSLI 2
rewrite_log HsSLI F do
uninitialized_variable_warn HsSLI F do
error_page HSLI ^
recursive_error_pages HSL F do
internal L 0
default_type HSL 1 d
sendfile HSLI F do
sendfile_max_chunk HSL 1 d
subrequest_output_buffer_size HSL 1 d
aio HSL 1 d
aio_write HSL F do
read_ahead HSL 1 d
directio HSL 1 d
directio_alignment HSL 1 d
tcp_nopush HSL F do
tcp_nodelay HSLtT F do
send_timeout HSL 1 d
send_lowat HSL 1 d
postpone_output HSL 1 d
limit_rate HSLI 1 d
limit_rate_after HSLI 1 d
keepalive_timeout HSL 12 d
keepalive_requests HSL 1 d
keepalive_time HSL 1 d
keepalive_disable HSL 12
satisfy HSL 1 d
auth_delay HSL 1 d
internal L 0
lingering_close HSL 1 d
lingering_time HSL 1 d
lingering_timeout HSL 1 d
reset_timedout_connection HSL F do
absolute_redirect HSL F do
server_name_in_redirect HSL F do
port_in_redirect HSL F do
msie_padding HSL F do
msie_refresh HSL F do
log_not_found HSL F do
log_subrequest HSL F do
disable_symlinks HSL 12
client_max_body_size HSL 1 d
client_body_buffer_size HSL 1 d
client_body_timeout HSL 1 d
client_body_temp_path HSL 1234
client_body_in_file_only HSL 1 d
client_body_in_single_buffer HSL F do
client_header_timeout HS 1 d
client_header_buffer_size HS 1 d
large_client_header_buffers HS 2 d
ignore_invalid_headers HS F do
merge_slashes HS F do
underscores_in_headers HS F do
connection_pool_size HS 1 d
request_pool_size HS 1 d
chunked_transfer_encoding HSL F do
etag HSL F do
if_modified_since HSL 1 d
max_ranges HSL 1 d
open_file_cache HSL 12
open_file_cache_valid HSL 1 d
open_file_cache_min_uses HSL 1 d
open_file_cache_errors HSL F do
open_file_cache_events HSL F do
resolver HSLtT +
resolver_timeout HSLtT 1 d
output_buffers HSL 2 d
server_tokens HSL 1 d
log_format HT ^
access_log HSLIXtT +
open_log_file_cache HSLtT 1234
gzip HSLI F do
gzip_buffers HSL 2 d
gzip_comp_level HSL 1 d
gzip_disable HSL +
gzip_http_version HSL 1 d
gzip_min_length HSL 1 d
gzip_proxied HSL +
gzip_types HSL +
gzip_vary HSL F do
gzip_static HSL 1 d
gunzip HSL F do
gunzip_buffers HSL 2 d
add_header HSLI 23
add_trailer HSLI 23
expires HSLI 12 d
charset HSLI 1 d
source_charset HSLI 1 d
override_charset HSLI F do
charset_types HSL +
allow HSLXtT 1
deny HSLXtT 1
auth_basic HSLX 1 d
auth_basic_user_file HSLX 1 d
auth_request HSL 1 d
auth_request_set HSL 2
limit_req_zone H 34
limit_req HSL 123
limit_req_log_level HSL 1 d
limit_req_status HSL 1 d
limit_req_dry_run HSL F do
limit_conn_zone HT 2
limit_conn HSLtT 2
limit_conn_log_level HSLtT 1 d
limit_conn_status HSL 1 d
limit_conn_dry_run HSLtT F do
set_real_ip_from HSLt 1
real_ip_header HSL 1 d
real_ip_recursive HSL F do
autoindex HSL F do
autoindex_exact_size HSL F do
autoindex_format HSL 1 d
autoindex_localtime HSL F do
random_index L F do
stub_status SL 01
ssi HSLI F do
ssi_silent_errors HSL F do
ssi_ignore_recycled_buffers HSL F do
ssi_min_file_chunk HSL 1 d
ssi_value_length HSL 1 d
ssi_types HSL +
ssi_last_modified HSL F do
sub_filter HSL 2
sub_filter_types HSL +
sub_filter_once HSL F do
sub_filter_last_modified HSL F do
addition_types HSL +
add_before_body HSL 1 d
add_after_body HSL 1 d
secure_link HSL 1 d
secure_link_md5 HSL 1 d
secure_link_secret L 1 d
slice HSL 1 d
mirror HSL 1
mirror_request_body HSL F do
empty_gif L 0
flv L 0
mp4 L 0
mp4_buffer_size HSL 1 d
mp4_max_buffer_size HSL 1 d
mp4_start_key_frame HSL F do
dav_methods HSL +
dav_access HSL 123
create_full_put_path HSL F do
min_delete_depth HSL 1 d
userid HSL 1 d
userid_name HSL 1 d
userid_domain HSL 1 d
userid_path HSL 1 d
userid_expires HSL 1 d
userid_p3p HSL 1 d
userid_mark HSL 1 d
userid_service HSL 1 d
userid_flags HSL +
valid_referers SL +
referer_hash_max_size SL 1 d
referer_hash_bucket_size SL 1 d
ancient_browser HSL +
modern_browser HSL 12
ancient_browser_value HSL 1 d
modern_browser_value HSL 1 d
image_filter L 123
memcached_pass LI 1 d
memcached_bind HSL 12
memcached_connect_timeout HSL 1 d
memcached_send_timeout HSL 1 d
memcached_read_timeout HSL 1 d
memcached_buffer_size HSL 1 d
memcached_next_upstream HSL +
memcached_next_upstream_tries HSL 1 d
memcached_next_upstream_timeout HSL 1 d
memcached_gzip_flag HSL 1 d
memcached_socket_keepalive HSL F do
grpc_pass LI 1 d
grpc_set_header HSL 2
grpc_hide_header HSL 1
grpc_pass_header HSL 1
grpc_read_timeout HSL 1 d
grpc_send_timeout HSL 1 d
grpc_connect_timeout HSL 1 d
grpc_buffer_size HSL 1 d
grpc_intercept_errors HSL F do
grpc_next_upstream HSL +
grpc_ssl_certificate HSL 1 d
grpc_ssl_certificate_key HSL 1 d
grpc_ssl_verify HSL F do
grpc_ssl_trusted_certificate HSL 1 d
grpc_ssl_server_name HSL F do
grpc_ssl_name HSL 1 d
grpc_ssl_protocols HSL +
grpc_ssl_ciphers HSL 1 d
grpc_socket_keepalive HSL F do
http2 HS F do
http2_push HSL 1
http2_push_preload HSL F do
http2_max_concurrent_streams HS 1 d
http2_max_field_size HS 1 d
http2_max_header_size HS 1 d
http2_max_requests HS 1 d
http2_recv_timeout HS 1 d
http2_idle_timeout HS 1 d
http2_body_preread_size HS 1 d
http2_chunk_size HSL 1 d
http2_recv_buffer_size H 1 d
http2_streams_index_size HS 1 d
http2_max_concurrent_pushes HS 1 d
ssl HS F do
ssl_certificate HStAa 1
ssl_certificate_key HStAa 1
ssl_password_file HStAa 1 d
ssl_dhparam HStAa 1 d
ssl_ecdh_curve HStAa 1 d
ssl_protocols HStAa +
ssl_ciphers HStAa 1 d
ssl_buffer_size HS 1 d
ssl_verify_client HStAa 1 d
ssl_verify_depth HStAa 1 d
ssl_client_certificate HStAa 1 d
ssl_trusted_certificate HStAa 1 d
ssl_prefer_server_ciphers HStAa F do
ssl_session_cache HStAa 12
ssl_session_tickets HStAa F do
ssl_session_ticket_key HStAa 1
ssl_session_timeout HStAa 1 d
ssl_crl HStAa 1 d
ssl_ocsp HS 1 d
ssl_ocsp_responder HS 1 d
ssl_ocsp_cache HS 1 d
ssl_stapling HS F do
ssl_stapling_file HS 1 d
ssl_stapling_responder HS 1 d
ssl_stapling_verify HS F do
ssl_early_data HS F do
ssl_conf_command HStAa 2
ssl_reject_handshake HS F do
ssl_handshake_timeout Tt 1 d
ssl_preread Tt F do
proxy_protocol t F do
proxy_timeout Tt 1 d
proxy_connect_timeout Tt 1 d
proxy_upload_rate Tt 1 d
proxy_download_rate Tt 1 d
proxy_responses Tt 1 d
proxy_next_upstream Tt F do
proxy_next_upstream_tries Tt 1 d
proxy_next_upstream_timeout Tt 1 d
proxy_pass t 1 d
proxy_bind Tt 12
proxy_buffer_size Tt 1 d
proxy_socket_keepalive Tt F do
proxy_ssl Tt F do
proxy_ssl_server_name Tt F do
proxy_ssl_name Tt 1 d
proxy_ssl_verify Tt F do
proxy_ssl_protocols Tt +
proxy_ssl_ciphers Tt 1 d
proxy_ssl_trusted_certificate Tt 1 d
proxy_ssl_certificate Tt 1 d
proxy_ssl_certificate_key Tt 1 d
proxy_ssl_session_reuse Tt F do
preread_buffer_size Tt 1 d
preread_timeout Tt 1 d
return t 1
zone U 12
zone u 12
hash U 12
hash u 12
ip_hash U 0
least_conn U 0
least_conn u 0
random U 012
random u 012
keepalive U 1
keepalive_timeout U 1
keepalive_requests U 1
keepalive_time U 1
protocol a 1
auth_http Aa 1
imap_capabilities Aa +
pop3_capabilities Aa +
smtp_capabilities Aa +
starttls Aa 1
xclient Aa F do
timeout Aa 1
proxy Aa F do
perl_modules H 1
perl_require H 1
perl L 1
perl_set H 2
xml_entities HSL 1
xslt_stylesheet L +
xslt_types HSL +
geoip_country HT 12
geoip_city HT 12
geoip_org HT 12
geoip_proxy H 1
geoip_proxy_recursive H F do
)";

constexpr std::string_view kUpstreamModules[] = {"proxy", "fastcgi", "uwsgi", "scgi"};

// Directives the proxy, fastcgi, uwsgi and scgi modules share (ngx_http_<m>_module.c commands): one
// list, instantiated per module prefix.
constexpr std::string_view kUpstreamCommon = R"(
_pass LI 1 d
_bind HSL 12
_socket_keepalive HSL F do
_connect_timeout HSL 1 d
_send_timeout HSL 1 d
_read_timeout HSL 1 d
_buffer_size HSL 1 d
_buffering HSL F do
_request_buffering HSL F do
_buffers HSL 2 d
_busy_buffers_size HSL 1 d
_force_ranges HSL F do
_limit_rate HSL 1 d
_temp_path HSL 1234
_max_temp_file_size HSL 1 d
_temp_file_write_size HSL 1 d
_next_upstream HSL +
_next_upstream_tries HSL 1 d
_next_upstream_timeout HSL 1 d
_pass_header HSL 1
_hide_header HSL 1
_ignore_headers HSL +
_ignore_client_abort HSL F do
_intercept_errors HSL F do
_pass_request_headers HSL F do
_pass_request_body HSL F do
_store HSL 1 d
_store_access HSL 123
_cache HSL 1 d
_cache_key HSL 1 d
_cache_path H ^
_cache_bypass HSL +
_no_cache HSL +
_cache_valid HSL +
_cache_min_uses HSL 1 d
_cache_max_range_offset HSL 1 d
_cache_use_stale HSL +
_cache_methods HSL +
_cache_lock HSL F do
_cache_lock_timeout HSL 1 d
_cache_lock_age HSL 1 d
_cache_revalidate HSL F do
_cache_background_update HSL F do
)";

constexpr std::string_view kProxyOnly = R"(
proxy_set_header HSL 2
proxy_headers_hash_max_size HSL 1 d
proxy_headers_hash_bucket_size HSL 1 d
proxy_set_body HSL 1 d
proxy_method HSL 1 d
proxy_http_version HSL 1 d
proxy_redirect HSL 12
proxy_cookie_domain HSL 12
proxy_cookie_path HSL 12
proxy_cookie_flags HSL 1234
proxy_cache_convert_head HSL F do
proxy_send_lowat HSL 1 d
proxy_ssl_session_reuse HSL F do
proxy_ssl_protocols HSL +
proxy_ssl_ciphers HSL 1 d
proxy_ssl_name HSL 1 d
proxy_ssl_server_name HSL F do
proxy_ssl_verify HSL F do
proxy_ssl_verify_depth HSL 1 d
proxy_ssl_trusted_certificate HSL 1 d
proxy_ssl_crl HSL 1 d
proxy_ssl_certificate HSL 1 d
proxy_ssl_certificate_key HSL 1 d
proxy_ssl_password_file HSL 1 d
proxy_ssl_conf_command HSL 2
fastcgi_index HSL 1 d
fastcgi_split_path_info L 1 d
fastcgi_param HSL 23
fastcgi_keep_conn HSL F do
fastcgi_catch_stderr HSL 1
uwsgi_param HSL 23
uwsgi_modifier1 HSL 1 d
uwsgi_modifier2 HSL 1 d
uwsgi_string HSL 1 d
uwsgi_ssl_session_reuse HSL F do
uwsgi_ssl_protocols HSL +
uwsgi_ssl_ciphers HSL 1 d
uwsgi_ssl_name HSL 1 d
uwsgi_ssl_server_name HSL F do
uwsgi_ssl_verify HSL F do
uwsgi_ssl_verify_depth HSL 1 d
uwsgi_ssl_trusted_certificate HSL 1 d
uwsgi_ssl_crl HSL 1 d
uwsgi_ssl_certificate HSL 1 d
uwsgi_ssl_certificate_key HSL 1 d
uwsgi_ssl_password_file HSL 1 d
uwsgi_ssl_conf_command HSL 2
scgi_param HSL 23
)";

uint32_t parse_ctx(std::string_view s) {
    uint32_t c = 0;
    for (char ch : s) switch (ch) {
            case 'M': c |= kMain; break;
            case 'E': c |= kEvents; break;
            case 'H': c |= kHttp; break;
            case 'S': c |= kSrv; break;
            case 'L': c |= kLoc; break;
            case 'I': c |= kLif; break;
            case 's': c |= kSif; break;
            case 'U': c |= kUps; break;
            case 'X': c |= kLmt; break;
            case 'T': c |= kStream; break;
            case 't': c |= kStreamSrv; break;
            case 'u': c |= kStreamUps; break;
            case 'A': c |= kMail; break;
            case 'a': c |= kMailSrv; break;
        }
    return c;
}

uint32_t parse_args(std::string_view s) {
    uint32_t a = 0;
    for (char ch : s) {
        if (ch >= '0' && ch <= '7') a |= 1u << (ch - '0');
        else if (ch == 'F') a |= kFlag;
        else if (ch == '*') a |= kAny;
        else if (ch == '+') a |= k1More;
        else if (ch == '^') a |= k2More;
        else if (ch == 'B') a |= kBlock;
    }
    return a;
}

struct Table {
    std::deque<std::string> names;  // owned names of the generated upstream-module entries (stable)
    std::vector<DirectiveSpec> specs;

    void add_lines(std::string_view text, std::string_view prefix) {
        LineCursor lines(text);
        for (std::string_view line; lines.next(line);) {
            std::vector<std::string_view> cols;
            size_t p = 0;
            while (p < line.size()) {
                size_t sp = line.find(' ', p);
                if (sp == std::string_view::npos) sp = line.size();
                if (sp > p) cols.push_back(line.substr(p, sp - p));
                p = sp + 1;
            }
            if (cols.size() < 3) continue;
            DirectiveSpec s;
            if (!prefix.empty()) {
                names.push_back(std::string(prefix) + std::string(cols[0]));
                s.name = names.back();
            } else {
                s.name = cols[0];
            }
            s.ctx = parse_ctx(cols[1]);
            s.args = parse_args(cols[2]);
            if (cols.size() > 3)
                for (char f : cols[3]) {
                    if (f == 'd') s.flags |= kDupFatal;
                    if (f == 'o') s.flags |= kOnOff;
                    if (f == 'c') s.body = kCustom;
                }
            specs.push_back(s);
        }
    }
};

const Table& table() {
    // Built once, never copied: the specs point into `names`.
    static const Table* const t = [] {
        auto* tb = new Table;
        tb->add_lines(kTable, "");
        for (auto m : kUpstreamModules) tb->add_lines(kUpstreamCommon, m);
        tb->add_lines(kProxyOnly, "");
        std::stable_sort(tb->specs.begin(), tb->specs.end(),
                         [](const DirectiveSpec& a, const DirectiveSpec& b) { return a.name < b.name; });
        return tb;
    }();
    return *t;
}

}  // namespace

std::span<const DirectiveSpec> lookup(std::string_view name) {
    const auto& specs = table().specs;
    auto lo = std::lower_bound(specs.begin(), specs.end(), name,
                               [](const DirectiveSpec& s, std::string_view n) { return s.name < n; });
    auto hi = lo;
    while (hi != specs.end() && hi->name == name) ++hi;
    return {lo, hi};
}

uint32_t child_context(const DirectiveSpec& spec, uint32_t parent) {
    const std::string_view n = spec.name;
    const bool unknown = parent & kUnknown;
    if (n == "events") return kEvents;
    if (n == "http") return kHttp;
    if (n == "stream") return kStream;
    if (n == "mail") return kMail;
    if (n == "location") return kLoc;  // locations exist only in http: certain even inside a fragment
    if (n == "limit_except") return kLmt;
    if (n == "if") return (parent & kSrv) ? kSif : (parent & (kLoc | kLif)) ? kLif : kUnknown;
    if (n == "server") {
        if (parent & kHttp) return kSrv;
        if (parent & kStream) return kStreamSrv;
        if (parent & kMail) return kMailSrv;
        return unknown ? (kUnknown | kSrv) : kSrv;  // http, stream or mail: cannot tell from a fragment
    }
    if (n == "upstream") return (parent & kStream) ? kStreamUps : (unknown ? (kUnknown | kUps) : kUps);
    return kUnknown;
}

bool arity_ok(uint32_t args, size_t argc) {
    if (args & kAny) return true;
    if (args & kFlag) return argc == 1;
    if (args & k1More) return argc >= 1;
    if (args & k2More) return argc >= 2;
    if (argc > 7) return false;
    return (args & (1u << argc)) != 0;
}

std::string_view context_name(uint32_t ctx) {
    if (ctx & kUnknown) return "unknown";
    if (ctx & kMain) return "main";
    if (ctx & kEvents) return "events";
    if (ctx & kHttp) return "http";
    if (ctx & kSrv) return "server";
    if (ctx & (kLoc)) return "location";
    if (ctx & (kLif | kSif)) return "if";
    if (ctx & kUps) return "upstream";
    if (ctx & kLmt) return "limit_except";
    if (ctx & kStream) return "stream";
    if (ctx & kStreamSrv) return "stream server";
    if (ctx & kStreamUps) return "stream upstream";
    if (ctx & kMail) return "mail";
    if (ctx & kMailSrv) return "mail server";
    return "?";
}

}  // namespace cachelint::nginx
