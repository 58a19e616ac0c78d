#!/bin/sh
# tests/fuzz/seeds.sh TARGET DIR — puts the seed corpus of a fuzz target
# into DIR: the bundled dumps (data/), the fixtures (tests/fixtures/) and,
# for the extractors and the query language, the inputs of their unit cases
# (tests/unit/*.test), one file each.  `make fuzz` runs it before each
# target; the fuzzer then adds what it finds to DIR.
set -e
target=$1
dir=$2
NEWSIDX=${NEWSIDX:-build/newsidx}
mkdir -p "$dir"

# unit_inputs EXTRACTOR FILE...: the input line of each case of EXTRACTOR.
unit_inputs() {
    extractor=$1
    shift
    awk -v extractor="$extractor" -v dir="$dir" '
        /^#/ { next }
        $0 == "" { line = 0; next }
        { line++ }
        line == 1 { keep = ($0 == extractor) }
        line == 2 && keep { n++; file = sprintf("%s/unit-%s-%03d", dir, extractor, n); printf "%s", $0 > file; close(file) }
    ' "$@"
}

case $target in
wire)
    cp data/*.txt tests/fixtures/store/*.txt "$dir/" ;;
sgml)
    cp tests/fixtures/sgml/*.sgm "$dir/"
    # Each document on its own, too: short seeds mutate better.
    awk -v dir="$dir" '/<REUTERS/ { n++ } n { print > (dir "/document-" n ".sgm") }' tests/fixtures/sgml/*.sgm ;;
rcv1)
    find tests/fixtures/rcv1 -name '*.xml' -exec cp {} "$dir/" \; ;;
nitf)
    cp tests/fixtures/nitf/*.xml "$dir/"
    # newsidx's own NITF of the bundled stories.
    if [ -x "$NEWSIDX" ]; then
        for input in data/sample.txt tests/fixtures/store/*.txt; do
            "$NEWSIDX" parse --format=xml "$input" >"$dir/export-$(basename "$input" .txt).xml" 2>/dev/null || true
        done
    fi ;;
query)
    unit_inputs query tests/unit/query.test ;;
credits)
    unit_inputs credit_line tests/unit/*.test
    unit_inputs credits tests/unit/*.test
    unit_inputs byline tests/unit/*.test
    unit_inputs caption tests/unit/*.test ;;
dateline)
    unit_inputs dateline tests/unit/*.test ;;
reader)
    # The first byte is the target's mode (see fuzz_reader.c).
    n=0
    for input in data/*.txt tests/fixtures/sgml/reut2-001.sgm tests/fixtures/rcv1/1002newsML.xml tests/fixtures/nitf/foreign.xml; do
        for mode in 0 1 2 3 4 8 11; do
            n=$((n + 1))
            { printf "\\$(printf %o "$mode")"; head -c 6000 "$input"; } >"$dir/seed-$n"
        done
    done
    { printf '\000'; gzip -c data/sample-crlf.txt; } >"$dir/seed-gzip-raw"
    { printf '\001'; gzip -c data/sample-cp1252.txt | head -c 700; } >"$dir/seed-gzip-truncated" ;;
*)
    echo "seeds.sh: unknown target '$target'" >&2
    exit 2 ;;
esac
