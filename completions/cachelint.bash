# bash completion for cachelint (installed to share/bash-completion/completions/cachelint)
_cachelint() {
    local cur prev words cword
    _init_completion 2>/dev/null || { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
    local subcommands="check rules explain config docs"
    local sub="" w
    for w in "${words[@]:1:cword-1}"; do
        case "$w" in check|rules|explain|config|docs) sub="$w"; break ;; esac
    done
    local formats="text concise json sarif github junit gitlab checkstyle"
    local check_opts="--format -f --output -o --report --fail-on --color --dialect --stdin-filename --redis-version --haproxy-version --varnish-version --role
        --memory --nginx-prefix --memcached-args --strict --max-file-size --jobs -j --include-suppressed --config
        --isolated --select --extend-select --ignore --exclude --extend-exclude --force-exclude --only-configs --no-respect-gitignore
        --no-inline-suppressions --baseline --write-baseline --update-baseline --ignore-baseline --new-from-rev --fix --diff --unsafe-fixes --exit-zero --min-severity
        --statistics --show-files --help"
    case "$prev" in
        --format|-f) COMPREPLY=($(compgen -W "$formats" -- "$cur")); return ;;
        --fail-on) COMPREPLY=($(compgen -W "error warning note never" -- "$cur")); return ;;
        --min-severity) COMPREPLY=($(compgen -W "error warning note" -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --role) COMPREPLY=($(compgen -W "cache store queue session unknown" -- "$cur")); return ;;
        --redis-version) COMPREPLY=($(compgen -W "6.2 7.0 7.2 7.4 valkey-8.0 keydb-6.3" -- "$cur")); return ;;
        --haproxy-version) COMPREPLY=($(compgen -W "2.4 2.6 2.8 3.0 3.1 3.2" -- "$cur")); return ;;
        --varnish-version) COMPREPLY=($(compgen -W "6.0 7.0 7.1 7.2 7.3 7.4 7.5 7.6" -- "$cur")); return ;;
        --dialect) COMPREPLY=($(compgen -W "redis nginx varnish apache haproxy memcached" -- "$cur")); return ;;
        --report) COMPREPLY=($(compgen -W "sarif:cachelint.sarif json:cachelint.json junit:cachelint-junit.xml gitlab:gl-code-quality-report.json" -- "$cur")); return ;;
        --select|--extend-select|--ignore)
            COMPREPLY=($(compgen -W "ALL $(cachelint rules 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
        --config|--baseline|--write-baseline|--output|-o|--stdin-filename) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    case "$sub" in
        "") COMPREPLY=($(compgen -W "$subcommands --version -V --help" -- "$cur")) ;;
        check)
            if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$check_opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
        explain)
            if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--markdown --help" -- "$cur"))
            else COMPREPLY=($(compgen -W "$(cachelint rules 2>/dev/null | awk '{print $1, $2}')" -- "$cur")); fi ;;
        rules) COMPREPLY=($(compgen -W "--dialect --format -f --help" -- "$cur")) ;;
        config)
            if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--show --config --isolated --select --extend-select --ignore --exclude --extend-exclude --help" -- "$cur"))
            else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
        docs) COMPREPLY=($(compgen -W "--output -o --help" -- "$cur")) ;;
    esac
}
complete -o filenames -F _cachelint cachelint
