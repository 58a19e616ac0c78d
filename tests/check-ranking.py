"""check-ranking.py — newsidx's ranked hits against FTS5's own weighted bm25.

    check-ranking.py STORE HITS.ndjson FTS_EXPRESSION LIMIT OFFSET [IDS_FILE]

Ranks the matches of FTS_EXPRESSION in STORE with bm25() and newsidx's
column weights (title 10, body 1, caption 2, byline 6, dateline 3,
credits 6), keeps those whose id is in IDS_FILE (one per line) when given,
and compares the page LIMIT/OFFSET with the hits newsidx printed: the same
ids in the same order, scores equal to 1e-5.  Prints how many articles
were ranked; fails with an assertion otherwise.
"""
import json
import sqlite3
import sys

database, hits, expression, limit, offset = sys.argv[1:6]
db = sqlite3.connect(database)
where = "article_search MATCH ?"
if len(sys.argv) > 6:
    db.execute("CREATE TEMP TABLE wanted (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO wanted VALUES (?)", [(int(line),) for line in open(sys.argv[6])])
    # "+" keeps SQLite from handing FTS5 the ids one by one (slow with bm25).
    where += " AND +rowid IN (SELECT id FROM wanted)"
got = [(h["id"], h["rank"]) for h in map(json.loads, open(hits, encoding="utf-8"))]
want = db.execute(
    "SELECT rowid, bm25(article_search, 10.0, 1.0, 2.0, 6.0, 3.0, 6.0) FROM article_search"
    " WHERE " + where + " ORDER BY 2, 1 LIMIT ? OFFSET ?", (expression, int(limit), int(offset))).fetchall()
assert got and [i for i, _ in got] == [i for i, _ in want], (got[:5], want[:5])
for (_, a), (_, b) in zip(got, want):
    assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), (a, b)
ranked = db.execute("SELECT count(*) FROM article_search WHERE " + where, (expression,)).fetchone()[0]
print(ranked)
