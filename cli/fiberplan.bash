# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for fiberplan: commands, each command's options (read from its --help, so
# they never drift from the option table), the values of the options that take a fixed set,
# and file names elsewhere. Installed by `make install` into
# $(DATADIR)/bash-completion/completions/fiberplan.

_fiberplan()
{
    local cur prev cmd words
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        words=$(fiberplan --help 2> /dev/null | sed -n 's/^  \([a-z]\+\) .*/\1/p')
        COMPREPLY=($(compgen -W "$words --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case "$prev" in
        --collective) COMPREPLY=($(compgen -W "tree ring direct demands all" -- "$cur")); return ;;
        --formulation) COMPREPLY=($(compgen -W "path arcflow" -- "$cur")); return ;;
        --by|--survive) COMPREPLY=($(compgen -W "span srlg" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "graphml dot simgrid" -- "$cur")); return ;;
        --workload|--job|--phases) COMPREPLY=($(compgen -o plusdirs -f -X '!*.json' -- "$cur")); return ;;
        --params|--grad-bytes|--compute-time|--budget|--budgets|--target-time|--time-limit|--jobs|-j|\
        --alpha|--max-stretch|--approx|--assume-latency|--default-capacity|--default-length|--route-factor|\
        --sites|--ring-order|--mesh|--utilization|--discount)
            return ;;
    esac
    if [[ "$cur" == -* ]]; then
        words=$(fiberplan "$cmd" --help 2> /dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _fiberplan fiberplan
