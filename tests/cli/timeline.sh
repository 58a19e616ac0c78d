# tests/cli/timeline.sh — newsidx timeline: every format, counts checked
# against `count` with the same filters over each period, empty periods
# present, the undated count, --share, and series in long form.
. tests/lib.sh

N=$NEWSIDX
db=$(test_store timeline)
"$N" --db "$db" ingest --quiet data/sample.txt data/sample-cp1252.txt tests/fixtures/dates/dates.txt \
    tests/fixtures/sgml/reut2-000.sgm tests/fixtures/sgml/reut2-001.sgm tests/fixtures/rcv1 2>"$TEST_TMP/err" ||
    fail "ingest the samples" "$(cat "$TEST_TMP/err")"

# against_count NAME TIMELINE-ARGUMENTS -- COUNT-ARGUMENTS: every row of
# `timeline ARGS --format=json` holds what `count` finds with the same
# filters over its period (and the undated row what count finds but for the
# dated ones); the periods follow each other without a gap.
against_count() {
    name=$1
    shift
    if python3 - "$N" "$db" "$@" >"$TEST_TMP/why" 2>&1 <<'EOF'
import datetime, json, subprocess, sys
newsidx, db = sys.argv[1], sys.argv[2]
arguments = sys.argv[3:]
split = arguments.index("--")
timeline_args, count_args = arguments[:split], arguments[split + 1:]
def run(*args):
    return subprocess.run([newsidx, "--db", db, *args], capture_output=True, text=True, check=True).stdout
def count(*args):
    return json.loads(run("count", "--format=json", *args))["count"]
rows = json.loads(run("timeline", "--format=json", *timeline_args))
series = {}
for row in rows:
    series.setdefault(row.get("series"), []).append(row)
problems = []
def series_filter(name):
    if name is None:
        return []
    kind = timeline_args[timeline_args.index("--by") + 1:][0:1]
    by = [a for a in timeline_args if a in ("dateline", "person", "tag")] or [v for a in timeline_args for v in a.split(",") if v in ("dateline", "person", "tag")]
    if "dateline" in by:
        return ["--dateline", name.split(",")[0]]
    if "person" in by:
        return ["--person", name]
    return ["--tag", name.split(":", 1)[1]]
for name, periods in series.items():
    extra = series_filter(name)
    dated = [r for r in periods if r["period"] is not None]
    undated = [r for r in periods if r["period"] is None]
    if len(undated) != 1 or periods[-1] is not undated[0]:
        problems.append(f"{name}: the undated row is not last and alone")
    for before, after in zip(dated, dated[1:]):
        gap = datetime.date.fromisoformat(after["start"]) - datetime.date.fromisoformat(before["end"])
        if gap.days != 1:
            problems.append(f"{name}: a gap between {before['period']} and {after['period']}")
    def first_day(d):
        return d + "-01-01"[len(d) - 4:] if len(d) < 10 else d
    def last_day(d):
        if len(d) == 10:
            return d
        year, month = int(d[:4]), int(d[5:7]) if len(d) == 7 else 12
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return (following - datetime.timedelta(days=1)).isoformat()
    since = ["--since=" + first_day(a[8:]) for a in count_args if a.startswith("--since=")]
    until = ["--until=" + last_day(a[8:]) for a in count_args if a.startswith("--until=")]
    plain = [a for a in count_args if not a.startswith(("--since=", "--until="))]
    for row in dated:
        start, end = row["start"], row["end"]
        if since and since[0][8:] > start:
            start = since[0][8:]
        if until and until[0][8:] < end:
            end = until[0][8:]
        want = count(*plain, *extra, "--since", start, "--until", end)
        if want != row["articles"]:
            problems.append(f"{name} {row['period']}: timeline {row['articles']}, count {want}")
        if "all_articles" in row:
            every = count("--since", start, "--until", end)
            if every != row["all_articles"] or (every and abs(row["share"] - row["articles"] / every) > 1e-5):
                problems.append(f"{row['period']}: all_articles {row['all_articles']} share {row['share']}, count {every}")
    all_matches = count(*plain, *extra)
    dated_matches = count(*plain, *extra, "--since", "0001")
    if undated and undated[0]["articles"] != all_matches - dated_matches:
        problems.append(f"{name}: undated {undated[0]['articles']}, count says {all_matches - dated_matches}")
print(len(rows), "rows;", "; ".join(problems[:5]))
sys.exit(1 if problems or not rows else 0)
EOF
    then pass "$name"; else fail "$name" "$(cat "$TEST_TMP/why")"; fi
}

against_count "timeline --by year: every period as count says, the undated too" --by year --
against_count "timeline --by month, a query and a filter" grain --by month -- grain
against_count "timeline --by week over --since/--until (partial first and last weeks)" \
    --by week --since 2024-01-03 --until 2024-05-09 -- --since=2024-01-03 --until=2024-05-09
against_count "timeline --by day over a month" --by day --since 2024-01 --until 2024-01 -- --since=2024-01 --until=2024-01
against_count "timeline --share: all_articles and share as count says" --by year --share --
against_count "timeline date: in the query as --since/--until" 'date:1987..1988' --by month -- --since=1987 --until=1988
against_count "timeline --by dateline --top 3 --share: one series per place, as count --dateline says" \
    --by year --by dateline --top 3 --share --
against_count "timeline --by month,person --top 2 --share: as count --person says" \
    --by month,person --top 2 --share --since 2021 --until 2021 -- --since=2021 --until=2021
against_count "timeline --by tag --top 2: as count --tag says" --by year --by tag --top 2 --

# rows FILE KEY...: the JSON array's rows as "value value" joined by "|".
rows() {
    python3 - "$@" <<'EOF'
import json, sys
print("|".join(" ".join(str(r[k]) for k in sys.argv[2:]) for r in json.load(open(sys.argv[1], encoding="utf-8"))))
EOF
}

# ---- empty periods and the range ---------------------------------------------------------------
"$N" --db "$db" timeline --by year --since 2010 --until 2012 --format=json >"$TEST_TMP/out.json"
expect_equal "--since/--until give every period between them, empty ones too" \
    '2010 0|2011 0|2012 0|None 17' \
    "$(rows "$TEST_TMP/out.json" period articles)"
"$N" --db "$db" timeline --by year --format=json >"$TEST_TMP/out.json"
expect_equal "without them, from the first match to the last" "1987 2024" \
    "$(python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1])) if x["period"]]; print(r[0]["period"], r[-1]["period"])' "$TEST_TMP/out.json")"
"$N" --db "$db" timeline nosuchwordanywhere --format=json >"$TEST_TMP/out.json"
expect_equal "no match: only the undated row, with 0" '[{"period":null,"start":null,"end":null,"articles":0}]' \
    "$(tr -d '\n' <"$TEST_TMP/out.json")"

# ---- every format -------------------------------------------------------------------------------
"$N" --db "$db" timeline --by year --since 2020 --until 2021 --format=ndjson >"$TEST_TMP/out.ndjson"
expect_equal "ndjson: one object per line, period, start, end, articles" \
    '{"period":"2020","start":"2020-01-01","end":"2020-12-31","articles":0}' "$(head -n 1 "$TEST_TMP/out.ndjson")"
expect_equal "ndjson: 2 periods and the undated" 3 "$(grep -c . "$TEST_TMP/out.ndjson")"
"$N" --db "$db" timeline --by year --since 2020 --until 2021 --format=csv >"$TEST_TMP/out.csv"
expect_equal "csv: a header, one record per period, the undated with empty period" \
    "period,start,end,articles|2020,2020-01-01,2020-12-31,0|2021,2021-01-01,2021-12-31,2|,,,17" \
    "$(tr -d '\r' <"$TEST_TMP/out.csv" | paste -sd '|')"
if [ "$(head -c 200 "$TEST_TMP/out.csv" | od -c | grep -c '\\r')" -gt 0 ]; then pass "csv: CRLF record ends"; else fail "csv: CRLF record ends" "no CR"; fi
"$N" --db "$db" timeline --by year --by dateline --top 2 --share --format=csv >"$TEST_TMP/series.csv"
expect_equal "csv long form: series first, then period, share last" "series,period,start,end,articles,all_articles,share" \
    "$(head -n 1 "$TEST_TMP/series.csv" | tr -d '\r')"
COLUMNS=120 "$N" --db "$db" timeline --by year --since 2020 --until 2021 --format=table >"$TEST_TMP/table"
expect_equal "table: period, articles and a bar; the undated row named" \
    "period   articles  bar|2020     0         |2021     2         ████████████████████████████████████████|undated  17        " \
    "$(paste -sd '|' "$TEST_TMP/table")"
COLUMNS=120 "$N" --db "$db" timeline --by year --since 2020 --until 2021 --format=table --share >"$TEST_TMP/table"
if head -n 1 "$TEST_TMP/table" | grep -q '^period  *articles  *share  *bar$' && grep -q '^2021  *2  *100.0%  *█' "$TEST_TMP/table"; then
    pass "table --share: the share and a bar of it"
else
    fail "table --share: the share and a bar of it" "$(cat "$TEST_TMP/table")"
fi
COLUMNS=60 "$N" --db "$db" timeline --by year --by person --top 2 --share --format=table >"$TEST_TMP/narrow"
widest=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TEST_TMP/narrow")
if [ "$widest" -le 60 ] && ! grep -q '…' "$TEST_TMP/narrow" && grep -q '█' "$TEST_TMP/narrow"; then
    pass "table: the bars shrink to fit 60 columns instead of being cut"
else
    fail "table: the bars shrink to fit 60 columns instead of being cut" "widest line $widest: $(head -n 3 "$TEST_TMP/narrow")"
fi
# On a terminal the table is the default, with its bars.
if command -v script >/dev/null 2>&1; then
    COLUMNS=100 script -qec "NO_COLOR=1 $N --db $db timeline --by year --since 2020 --until 2021" /dev/null >"$TEST_TMP/tty" 2>&1
    if grep -q '2021  *2  *████' "$TEST_TMP/tty" && grep -q '^undated' "$TEST_TMP/tty"; then
        pass "a terminal gets the table with bars"
    else
        fail "a terminal gets the table with bars" "$(head -c 300 "$TEST_TMP/tty")"
    fi
else
    skip "a terminal gets the table with bars" "no script(1)"
fi
"$N" --db "$db" timeline --by year --since 2020 --until 2021 --by person --top 1 --format=json >"$TEST_TMP/out.json"
expect_equal "json long form: series on every row" \
    'Pia Sundqvist 2020 0|Pia Sundqvist 2021 2|Pia Sundqvist None 0' \
    "$(rows "$TEST_TMP/out.json" series period articles)"
"$N" --db "$db" timeline --by week --since 2021-01-01 --until 2021-01-10 --format=json >"$TEST_TMP/out.json"
expect_equal "weeks are ISO weeks, Monday to Sunday" '2020-W53 2020-12-28 2021-01-03|2021-W01 2021-01-04 2021-01-10' \
    "$(rows "$TEST_TMP/out.json" period start end | sed 's/|None None None$//')"

# ---- usage errors -------------------------------------------------------------------------------
for bad in "--by hour" "--by month --by year" "--by dateline,person" "--limit 5" "--offset 1" "--format=ids" \
           "--role editing" "--by day --since 0001 --until 9999" "--since 2021 --until 2020"; do
    # shellcheck disable=SC2086
    expect_status "timeline refuses $bad (exit 2)" 2 "$N" --db "$db" timeline $bad
    expect_one_line_error "timeline $bad: one line" "."
done
"$N" --db "$db" timeline --by year --by person --role editing --top 3 --format=json >"$TEST_TMP/out.json"
"$N" --db "$db" people --role editing --top 3 --format=json >"$TEST_TMP/people.json"
expect_equal "timeline --by person --role: the series are the people facet's for that role, with its counts" \
    "$(rows "$TEST_TMP/people.json" name articles)" \
    "$(python3 -c 'import json,sys
rows = json.load(open(sys.argv[1])); names = []
[names.append(r["series"]) for r in rows if r["series"] not in names]
print("|".join(n + " " + str(sum(r["articles"] for r in rows if r["series"] == n)) for n in names))' "$TEST_TMP/out.json")"
