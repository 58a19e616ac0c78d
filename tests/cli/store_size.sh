# tests/cli/store_size.sh — a smaller store: bodies compressed under a
# dictionary the store trains, caption text kept once, article lengths
# packed for ranking; newsidx check and newsidx optimize; the upgrade of a
# store made before any of it.
. tests/lib.sh

GENERATE=${BUILD:-build}/bench/generate
FIXTURES=tests/fixtures/store
sql() { sqlite3 "$1" "$2" 2>&1; }

if [ ! -x "$GENERATE" ]; then
    skip "store size" "$GENERATE not built"
    exit 0
fi

# ---- a dictionary trained on the first 2 MB, kept once, used after -------
"$GENERATE" --articles 4000 --seed 41 >"$TEST_TMP/first.txt"
"$GENERATE" --articles 1000 --seed 42 >"$TEST_TMP/second.txt"
db=$TEST_TMP/packed.db
expect_status "ingest 4,000 articles" 0 "$NEWSIDX" --db "$db" ingest --quiet "$TEST_TMP/first.txt"
expect_equal "one dictionary trained" 1 "$(sql "$db" "SELECT count(*) FROM text_dictionaries")"
expect_equal "every body is compressed" 0 "$(sql "$db" "SELECT count(*) FROM articles WHERE typeof(body) <> 'blob'")"
expect_equal "a second ingest keeps the dictionary" 1 \
    "$("$NEWSIDX" --db "$db" ingest --quiet "$TEST_TMP/second.txt" && sql "$db" "SELECT count(*) FROM text_dictionaries")"
# Bodies compressed under the dictionary (those of the second ingest) take
# under a third of their text; the first 2 MB, compressed before it was
# trained, about half.
"$NEWSIDX" --db "$db" export --format=ndjson >"$TEST_TMP/all.ndjson"
python3 - "$db" "$TEST_TMP/all.ndjson" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stored = dict(db.execute("SELECT id, length(body) FROM articles"))
text = {a["id"]: len("\n\n".join(a["paragraphs"]).encode()) for a in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
later = [i for i in text if i > 4000]
ratio = sum(stored[i] for i in later) / sum(text[i] for i in later)
first = sum(stored[i] for i in text if i <= 1000) / sum(text[i] for i in text if i <= 1000)
print(("PASS" if ratio < 0.34 else "FAIL") + " bodies under the dictionary take %.2f of their text (under 0.34)" % ratio)
print(("PASS" if 0.3 < first < 0.6 else "FAIL") + " bodies before it take %.2f (zstd alone)" % first)
EOF
store_check "newsidx check: sound, every body read back" "$db"

# stats --space: the bytes of each part, which add up to the file
expect_status "stats --space" 0 "$NEWSIDX" --db "$db" stats --space --format=json
python3 - "$TEST_TMP/out" "$db" <<'EOF'
import json, os, sys
j = json.load(open(sys.argv[1]))
space = j.get("space_bytes", {})
parts = ["text", "full_text_index", "people", "places", "article_parts", "facets", "sources", "other", "free"]
size = os.path.getsize(sys.argv[2])
ok = list(space) == parts and abs(sum(space.values()) - size) <= 65536 and space["text"] > 0 and space["full_text_index"] > 0
print(("PASS" if ok else "FAIL") + " stats --space: every part, adding up to the file (%s of %d)" % (space, size))
EOF
expect_status "stats without --space measures nothing" 0 "$NEWSIDX" --db "$db" stats --format=json
if grep -q space_bytes "$TEST_TMP/out"; then fail "stats without --space measures nothing" "$(cat "$TEST_TMP/out")"; else pass "stats: no space_bytes unless asked"; fi

# What was stored reads back exactly as it was parsed.
"$NEWSIDX" parse "$TEST_TMP/first.txt" "$TEST_TMP/second.txt" >"$TEST_TMP/parsed.ndjson"
"$NEWSIDX" --db "$db" export --sort=oldest --format=ndjson >"$TEST_TMP/exported.ndjson"
python3 - "$TEST_TMP/parsed.ndjson" "$TEST_TMP/exported.ndjson" <<'EOF'
import json, sys
def load(path):
    articles = {}
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        articles[(a["title"], tuple(a["paragraphs"]))] = a
    return articles
parsed, exported = load(sys.argv[1]), load(sys.argv[2])
same = set(parsed) == set(exported) and all(
    parsed[k]["captions"] == exported[k]["captions"] for k in parsed)
print(("PASS" if same else "FAIL") + " export gives back every parsed paragraph and caption (%d articles)" % len(exported))
EOF

# Snippets come from the compressed text, and caption matches from the
# captions table (articles keep no second copy).
expect_equal "articles keep no caption text" 0 "$(sql "$db" "SELECT count(*) FROM pragma_table_info('articles') WHERE name = 'caption_text'")"
"$NEWSIDX" --db "$db" search --format=ndjson --limit 1 'caption:picture' >"$TEST_TMP/caption.ndjson"
if python3 -c 'import json,sys; h=json.loads(open(sys.argv[1]).readline()); sys.exit(0 if h["snippet"] and h["matches"] else 1)' "$TEST_TMP/caption.ndjson"; then
    pass "a caption match has its snippet"
else
    fail "a caption match has its snippet" "$(head -c 300 "$TEST_TMP/caption.ndjson")"
fi

# ---- article lengths: every article, equal to FTS5's own ------------------
python3 - "$db" <<'EOF'
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
lengths = {}
for block, blob in db.execute("SELECT block, tokens FROM article_lengths"):
    for slot in range(len(blob) // 4):
        lengths[block * 1024 + slot] = struct.unpack_from("<I", blob, slot * 4)[0]
def varints(blob):
    values, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(value)
            value = 0
    return values
wrong = [i for i, sz in db.execute("SELECT id, sz FROM article_search_docsize") if lengths.get(i) != sum(varints(sz))]
count = db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0]
print(("PASS" if not wrong and count == 5000 else "FAIL") +
      " article_lengths holds FTS5's length of each of the %d articles (%d differ)" % (count, len(wrong)))
EOF

# ---- newsidx optimize after ingest --no-optimize ---------------------------
db=$TEST_TMP/feed.db
"$NEWSIDX" --db "$db" ingest --quiet --no-optimize --batch-size 500 "$TEST_TMP/first.txt"
segments=$(sql "$db" "SELECT count(DISTINCT segid) FROM article_search_idx")
if [ "$segments" -gt 4 ]; then pass "ingest --no-optimize leaves $segments segments"; else fail "ingest --no-optimize leaves segments" "$segments"; fi
said_before=$("$NEWSIDX" --db "$db" count --format=table said)
expect_status "optimize" 0 "$NEWSIDX" --db "$db" optimize --format=json
check_json() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }
if check_json "$TEST_TMP/out" "j['segments_before'] == $segments and j['segments_after'] == 1 and not j['vacuumed']"; then
    pass "optimize merges them into one"
else
    fail "optimize merges them into one" "$(cat "$TEST_TMP/out")"
fi
expect_equal "one segment left" 1 "$(sql "$db" "SELECT count(DISTINCT segid) FROM article_search_idx")"
expect_status "optimize --vacuum" 0 "$NEWSIDX" --db "$db" optimize --vacuum
if grep -q 'rewritten' "$TEST_TMP/out"; then pass "optimize --vacuum rewrites the file"; else fail "optimize --vacuum rewrites the file" "$(cat "$TEST_TMP/out")"; fi
expect_equal "searches find the same after optimize" "$said_before" "$("$NEWSIDX" --db "$db" count --format=table said)"
expect_status "optimize takes no query" 2 "$NEWSIDX" --db "$db" optimize said

# ---- newsidx check finds a damaged body ------------------------------------
cp "$TEST_TMP/packed.db" "$TEST_TMP/damaged.db"
sql "$TEST_TMP/damaged.db" "UPDATE articles SET body = x'28b52ffd2000ff' WHERE id = 7" >/dev/null
expect_status "check: a damaged body is exit status 1" 1 "$NEWSIDX" --db "$TEST_TMP/damaged.db" check
if grep -q "damaged" "$TEST_TMP/out" && grep -q "^newsidx: check: the store" "$TEST_TMP/err"; then
    pass "check: names the damage"
else
    fail "check: names the damage" "$(cat "$TEST_TMP/out" "$TEST_TMP/err")"
fi

# ---- the upgrade of a store made before compression -----------------------
# schema-2-dates.sql is a store of the build before dates (version 2); an
# ingest takes it through every step to this version.
if [ -f "$FIXTURES/schema-2-dates.sql" ]; then
    old=$TEST_TMP/old.db
    sqlite3 "$old" <"$FIXTURES/schema-2-dates.sql"
    before=$(sql "$old" "SELECT group_concat(id || ':' || length(CAST(body AS BLOB)), ',') FROM (SELECT id, body FROM articles ORDER BY id)")
    expect_status "upgrade: an ingest upgrades an old store" 0 "$NEWSIDX" --db "$old" ingest --quiet data/sample.txt
    expect_equal "upgrade: at the current version" "$SCHEMA_VERSION" "$(sql "$old" 'PRAGMA user_version')"
    expect_equal "upgrade: every body compressed" 0 "$(sql "$old" "SELECT count(*) FROM articles WHERE typeof(body) <> 'blob'")"
    expect_equal "upgrade: caption text dropped" 0 "$(sql "$old" "SELECT count(*) FROM pragma_table_info('articles') WHERE name = 'caption_text'")"
    store_check "upgrade: newsidx check" "$old"
    "$NEWSIDX" --db "$old" export --sort=oldest --format=ndjson >"$TEST_TMP/after.ndjson"
    python3 - "$TEST_TMP/after.ndjson" "$before" <<'EOF'
import json, sys
lengths = dict(pair.split(":") for pair in sys.argv[2].split(","))
articles = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
# the body was paragraphs joined by a blank line: same length once read back
same = all(len("\n\n".join(a["paragraphs"]).encode()) == int(lengths[str(a["id"])])
           for a in articles if str(a["id"]) in lengths)
print(("PASS" if same and articles else "FAIL") + " upgrade: every body reads back as it was (%d articles)" % len(articles))
EOF
    python3 - "$old" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
covered = set()
for block, blob in db.execute("SELECT block, tokens FROM article_lengths"):
    covered.update(block * 1024 + slot for slot in range(len(blob) // 4))
ids = {i for (i,) in db.execute("SELECT id FROM article_search_docsize")}
print(("PASS" if ids and ids <= covered else "FAIL") + " upgrade: lengths packed for every article (%d)" % len(ids))
EOF
    # On a terminal the upgrade draws its progress (script(1) makes one).
    if command -v script >/dev/null 2>&1; then
        rm -f "$old"
        sqlite3 "$old" <"$FIXTURES/schema-2-dates.sql"
        script -qec "$NEWSIDX --db $old stats" "$TEST_TMP/tty.out" >/dev/null 2>&1
        if grep -q 'upgrading the store: compressing the stored text 100%' "$TEST_TMP/tty.out" &&
            grep -q "upgraded store .* to $SCHEMA_VERSION" "$TEST_TMP/tty.out"; then
            pass "upgrade: a progress bar on a terminal, then the note"
        else
            fail "upgrade: a progress bar on a terminal, then the note" "$(head -c 400 "$TEST_TMP/tty.out")"
        fi
    else
        skip "upgrade: progress bar" "script(1) is not installed"
    fi
else
    skip "upgrade" "$FIXTURES/schema-2-dates.sql missing"
fi

# ---- readers never see "database is locked" while an ingest commits -------
# A reader whose connection opened just as an ingest committed failed at
# once (a ranked common word opens a second connection for its second
# half): every connection waits for the lock, as every read does.
db=$TEST_TMP/busy.db
"$GENERATE" --articles 25000 --seed 41 >"$TEST_TMP/base.txt"
"$GENERATE" --articles 200 --seed 43 >"$TEST_TMP/feed.txt"
"$NEWSIDX" --db "$db" ingest --quiet "$TEST_TMP/base.txt"
(
    i=0
    while [ "$i" -lt 30 ]; do
        "$NEWSIDX" --db "$db" ingest --quiet --force --no-optimize "$TEST_TMP/feed.txt" >/dev/null 2>&1
        i=$((i + 1))
    done
) &
writer=$!
failures=0 reads=0
while kill -0 "$writer" 2>/dev/null; do
    "$NEWSIDX" --db "$db" search --format=ids --limit 5 said >/dev/null 2>"$TEST_TMP/busy.err" ||
        { failures=$((failures + 1)); cp "$TEST_TMP/busy.err" "$TEST_TMP/busy.last"; }
    reads=$((reads + 1))
done
wait "$writer"
if [ "$failures" -eq 0 ] && [ "$reads" -gt 5 ]; then
    pass "readers during a feed of ingests: $reads ranked searches, none failed"
else
    fail "readers during a feed of ingests" "$failures of $reads failed: $(cat "$TEST_TMP/busy.last" 2>/dev/null)"
fi
