# bash completion for newsidx(1): commands, options, their values (formats,
# roles, sorts, fields) and the query's field: prefixes.  Installed by
# `make install` under share/bash-completion/completions/newsidx; to try it
# from the tree: `source completions/newsidx.bash`.  tests/cli/completion.sh
# checks it against each command's --help.

_newsidx_commands="ingest search show count people datelines timeline export stats parse help"
_newsidx_global_options="--db --format-version --color --help --version"
_newsidx_filters="--dateline --reporter --editor --photographer --person --role --tag --since --until --limit --offset --fts5 --format --help"
_newsidx_roles="byline photo reporting 'additional reporting' writing editing"
_newsidx_query_fields="title: body: caption: byline: dateline: credits: tag: date:"

# The options a command takes.
_newsidx_options_of() {
    case $1 in
    ingest) echo "--json --format --quiet --force --input-format --include --exclude --batch-size --no-optimize --year --date --help" ;;
    parse) echo "--format --input-format --include --exclude --stats --report --help" ;;
    search) echo "$_newsidx_filters --sort --fields" ;;
    count) echo "$_newsidx_filters" ;;
    people | datelines) echo "$_newsidx_filters --top" ;;
    timeline) echo "--dateline --reporter --editor --photographer --person --role --tag --since --until --fts5 --format --help --by --share --top" ;;
    export) echo "$_newsidx_filters --sort --fields" ;;
    show) echo "--format --help" ;;
    stats) echo "--json --format --help" ;;
    esac
}

# The values an option takes, for the command it is given to ("" when it
# takes none we can list; "FILE" for a path).
_newsidx_values_of() {
    case $2 in
    --format)
        case $1 in
        search) echo "table json ndjson csv tsv ids" ;;
        count) echo "table json ndjson csv tsv ids" ;;
        people | datelines | timeline) echo "table json ndjson csv tsv" ;;
        export) echo "ndjson json csv tsv xml table ids" ;;
        show) echo "text json ndjson" ;;
        parse) echo "ndjson json xml table" ;;
        ingest | stats) echo "text json" ;;
        esac ;;
    --input-format) echo "wire sgml rcv1 nitf" ;;
    --sort) echo "rank newest oldest" ;;
    --by) echo "day week month year dateline person tag" ;;
    --role) echo "$_newsidx_roles" ;;
    --color) echo "auto always never" ;;
    --format-version) echo "1" ;;
    --fields)
        case $1 in
        search) echo "id date date_source title dateline byline source file first_line last_line rank snippet matches tags" ;;
        export) echo "id date date_source file first_line last_line title byline dateline published paragraphs captions credits_raw tags" ;;
        esac ;;
    --db | --include | --exclude) echo "FILE" ;;
    esac
}

# True when an option takes a value (in the next word, or after "=").
_newsidx_takes_value() {
    case $1 in
    --db | --format-version | --color | --format | --input-format | --include | --exclude | --batch-size | \
        --dateline | --reporter | --editor | --photographer | --person | --role | --tag | --since | --until | \
        --limit | --offset | --sort | --top | --fields | --by | --year | --date) return 0 ;;
    esac
    return 1
}

# Sets COMPREPLY to the words of $1 (quoted as the shell needs) that start
# with $2, each with $3 before it.
_newsidx_reply() {
    local words=$1 typed=$2 before=$3 word
    COMPREPLY=()
    eval "set -- $words"
    for word in "$@"; do
        if [[ $word == "$typed"* ]]; then
            COMPREPLY+=("$before$(printf '%q' "$word")")
        fi
    done
}

_newsidx() {
    local cur=${COMP_WORDS[COMP_CWORD]} i word command="" option="" value="" before=""
    # The command: the first word that is not a global option or its value.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
        --db | --format-version | --color) ((i++)); [[ ${COMP_WORDS[i]} == "=" ]] && ((i++)) ;;
        -*) ;;
        *) command=$word; break ;;
        esac
    done
    # An option's value: "--opt VALUE", "--opt=VALUE", and "--opt = VALUE"
    # as bash splits at "=".
    if [[ $cur == "=" ]]; then
        option=${COMP_WORDS[COMP_CWORD - 1]}
        value=""
        cur=""
    elif ((COMP_CWORD >= 2)) && [[ ${COMP_WORDS[COMP_CWORD - 1]} == "=" ]]; then
        option=${COMP_WORDS[COMP_CWORD - 2]}
        value=$cur
    elif [[ $cur == --*=* ]]; then
        option=${cur%%=*}
        value=${cur#*=}
        before="$option="
    elif ((COMP_CWORD >= 1)) && _newsidx_takes_value "${COMP_WORDS[COMP_CWORD - 1]}"; then
        option=${COMP_WORDS[COMP_CWORD - 1]}
        value=$cur
    fi
    if [[ -n $option ]]; then
        local values
        values=$(_newsidx_values_of "$command" "$option")
        if [[ $values == FILE ]]; then
            COMPREPLY=($(compgen -f -- "$value"))
        elif [[ $option == --fields ]]; then
            # A comma-separated list: complete its last item.
            local done_part="" last=$value
            if [[ $value == *,* ]]; then
                done_part="${value%,*},"
                last=${value##*,}
            fi
            _newsidx_reply "$values" "$last" "$before$done_part"
            compopt -o nospace 2>/dev/null
        elif [[ -n $values ]]; then
            _newsidx_reply "$values" "$value" "$before"
        else
            COMPREPLY=()
        fi
        return 0
    fi
    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            _newsidx_reply "$_newsidx_global_options" "$cur" ""
        else
            _newsidx_reply "$_newsidx_commands" "$cur" ""
        fi
        return 0
    fi
    case $command in
    help)
        _newsidx_reply "$_newsidx_commands" "$cur" ""
        return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        _newsidx_reply "$(_newsidx_options_of "$command") --db --format-version --color" "$cur" ""
        return 0
    fi
    case $command in
    search | count | people | datelines | export)
        # A query word: offer the field prefixes while a word is begun.
        if [[ $cur != *:* ]]; then
            _newsidx_reply "$_newsidx_query_fields" "$cur" ""
            compopt -o nospace 2>/dev/null
        fi ;;
    ingest | parse)
        COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
    return 0
}

complete -o bashdefault -o default -F _newsidx newsidx
