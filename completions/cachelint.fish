# fish completion for cachelint (installed to share/fish/vendor_completions.d/cachelint.fish)
set -l subcommands check rules explain config docs
set -l dialects apache haproxy memcached nginx redis varnish

function __cachelint_rules
    cachelint rules 2>/dev/null | awk '{print $1"\t"$2}'
end

complete -c cachelint -f
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -s V -l version -d 'Print the version'
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -a check -d 'Check files and directories'
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -a rules -d 'List every rule'
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -a explain -d 'Explain a rule'
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -a config -d 'Show the effective configuration'
complete -c cachelint -n "not __fish_seen_subcommand_from $subcommands" -a docs -d 'Write the rule documentation'

# check
set -l c "__fish_seen_subcommand_from check"
complete -c cachelint -n $c -F
complete -c cachelint -n $c -s f -l format -x -a 'text concise json sarif github junit gitlab checkstyle' -d 'Output format'
complete -c cachelint -n $c -s o -l output -r -F -d 'Write the report to a file'
complete -c cachelint -n $c -l report -x -a 'sarif:cachelint.sarif json:cachelint.json junit:cachelint-junit.xml gitlab:gl-code-quality-report.json' -d 'Also write FORMAT:FILE'
complete -c cachelint -n $c -l fail-on -x -a 'error warning note never' -d 'Lowest severity that fails'
complete -c cachelint -n $c -l color -x -a 'auto always never' -d 'Colour the text output'
complete -c cachelint -n $c -l dialect -x -a "$dialects" -d 'Force a dialect'
complete -c cachelint -n $c -l stdin-filename -r -F -d "Name to report for '-'"
complete -c cachelint -n $c -l redis-version -x -a '6.2 7.0 7.2 7.4 valkey-8.0 keydb-6.3' -d 'Target Redis server'
complete -c cachelint -n $c -l haproxy-version -x -a '2.4 2.6 2.8 3.0 3.1 3.2' -d 'Target HAProxy release'
complete -c cachelint -n $c -l varnish-version -x -a '6.0 7.0 7.1 7.2 7.3 7.4 7.5 7.6' -d 'Target Varnish release'
complete -c cachelint -n $c -l role -x -a 'cache store queue session unknown' -d 'What the Redis instance is for'
complete -c cachelint -n $c -l memory -x -d 'Memory the host really has (e.g. 8gb)'
complete -c cachelint -n $c -l nginx-prefix -x -a '(__fish_complete_directories)' -d 'nginx prefix directory'
complete -c cachelint -n $c -l memcached-args -x -d 'A memcached command line to check'
complete -c cachelint -n $c -l strict -d 'Unknown directives and empty directories are errors'
complete -c cachelint -n $c -l max-file-size -x -d 'Skip larger files'
complete -c cachelint -n $c -s j -l jobs -x -d 'Files checked in parallel'
complete -c cachelint -n $c -l include-suppressed -d 'Keep suppressed findings in SARIF/JSON'
complete -c cachelint -n $c -l force-exclude -d 'Apply excludes to named files too'
complete -c cachelint -n $c -l no-respect-gitignore -d 'Walk files .gitignore excludes'
complete -c cachelint -n $c -l no-inline-suppressions -d 'Ignore suppression comments'
complete -c cachelint -n $c -l baseline -r -F -d 'Leave out baselined findings'
complete -c cachelint -n $c -l write-baseline -r -F -d 'Record current findings'
complete -c cachelint -n $c -l update-baseline -d 'Remove stale baseline entries'
complete -c cachelint -n $c -l ignore-baseline -d 'Report what the baseline hides'
complete -c cachelint -n $c -l new-from-rev -x -d 'Only lines changed since a git revision'
complete -c cachelint -n $c -l fix -d 'Apply mechanical fixes to the files'
complete -c cachelint -n $c -l diff -d 'Print the fixes as a unified diff, write nothing'
complete -c cachelint -n $c -l unsafe-fixes -d 'With --fix/--diff, also fixes that change what the server does'
complete -c cachelint -n $c -l only-configs -d 'Check only the named files check . would check'
complete -c cachelint -n $c -l exit-zero -d 'Exit 0 even with findings'
complete -c cachelint -n $c -l min-severity -x -a 'error warning note' -d 'Leave out findings below'
complete -c cachelint -n $c -l statistics -d 'Count findings per rule'
complete -c cachelint -n $c -l show-files -d 'List the files that would be checked'

# options check and config share
set -l cc "__fish_seen_subcommand_from check config"
complete -c cachelint -n $cc -l config -r -F -d 'Configuration file for every file'
complete -c cachelint -n $cc -l isolated -d 'Ignore configuration files'
complete -c cachelint -n $cc -l select -x -a '(__cachelint_rules)' -d 'Rules to check'
complete -c cachelint -n $cc -l extend-select -x -a '(__cachelint_rules)' -d 'Rules to check too'
complete -c cachelint -n $cc -l ignore -x -a '(__cachelint_rules)' -d 'Rules not to check'
complete -c cachelint -n $cc -l exclude -x -d 'Globs of paths to skip'
complete -c cachelint -n $cc -l extend-exclude -x -d 'More globs to skip'

complete -c cachelint -n "__fish_seen_subcommand_from config" -F
complete -c cachelint -n "__fish_seen_subcommand_from config" -l show -d 'Print the effective configuration'
complete -c cachelint -n "__fish_seen_subcommand_from rules" -l dialect -x -a "$dialects" -d 'Only this dialect'
complete -c cachelint -n "__fish_seen_subcommand_from rules" -s f -l format -x -a 'text json' -d 'Output format'
complete -c cachelint -n "__fish_seen_subcommand_from explain" -l markdown -d 'Print the Markdown page'
complete -c cachelint -n "__fish_seen_subcommand_from explain" -x -a '(__cachelint_rules)'
complete -c cachelint -n "__fish_seen_subcommand_from docs" -s o -l output -x -a '(__fish_complete_directories)' -d 'Directory to write into'
