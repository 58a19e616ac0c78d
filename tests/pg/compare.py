#!/usr/bin/env python3
"""tests/pg/compare.py — compares what two back ends answered.

  compare.py same FORMAT A B
      A and B (outputs of the same command on a SQLite and a PostgreSQL
      store) are equal once every "id" is removed (at any depth in JSON; the
      id column in CSV).  FORMAT: json, ndjson, csv, text.  With FORMAT hits (search NDJSON),
      also leaves out what each back end computes its own way: rank,
      snippet and matches.
  compare.py ranked A B
      A and B (ranked search NDJSON) hold the same articles (by source file
      and first line), and each is in its own back end's order: rank
      ascending (lower is better), ties by id ascending.
  compare.py articles REFERENCE STORED
      every article of STORED (export NDJSON) equals, field by field but the
      id, the article of REFERENCE with the same source file and first
      line; prints how many.

Prints what differs and exits 1, or exits 0.
"""
import csv
import io
import json
import sys

HIT_OWN = ("rank", "snippet", "matches")


def strip(value, keys):
    if isinstance(value, dict):
        return {k: strip(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [strip(v, keys) for v in value]
    return value


def load(path, form):
    text = open(path, encoding="utf-8").read()
    if form == "json":
        return strip(json.loads(text), ("id",)) if text.strip() else None
    if form in ("ndjson", "hits"):
        keys = ("id",) + (HIT_OWN if form == "hits" else ())
        return [strip(json.loads(line), keys) for line in text.splitlines() if line.strip()]
    if form == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if rows and rows[0] and rows[0][0] == "id":
            rows = [row[1:] for row in rows]
        return rows
    return text


def key(article):
    return (article["source"]["file"], article["source"]["first_line"])


def first_difference(a, b):
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{len(a)} items against {len(b)}"
        for n, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"item {n}: {json.dumps(x, ensure_ascii=False)[:400]} against {json.dumps(y, ensure_ascii=False)[:400]}"
    return f"{json.dumps(a, ensure_ascii=False)[:400]} against {json.dumps(b, ensure_ascii=False)[:400]}"


def same(form, a_path, b_path):
    a, b = load(a_path, form), load(b_path, form)
    if a == b:
        if isinstance(a, list):
            print(len(a))
        else:
            print(repr(str(a).strip()[:60]))
        return 0
    print(first_difference(a, b))
    return 1


def in_own_order(hits, label):
    for n in range(1, len(hits)):
        before, after = hits[n - 1], hits[n]
        if (before["rank"], before["id"]) > (after["rank"], after["id"]):
            return f"{label}: hit {n} (rank {after['rank']}, id {after['id']}) after rank {before['rank']}, id {before['id']}"
    return None


def ranked(a_path, b_path):
    a = [json.loads(line) for line in open(a_path, encoding="utf-8") if line.strip()]
    b = [json.loads(line) for line in open(b_path, encoding="utf-8") if line.strip()]
    problems = []
    if sorted(map(key, a)) != sorted(map(key, b)):
        only_a = set(map(key, a)) - set(map(key, b))
        only_b = set(map(key, b)) - set(map(key, a))
        problems.append(f"{len(a)} hits against {len(b)}; only in the first {sorted(only_a)[:3]}, only in the second {sorted(only_b)[:3]}")
    for hits, label in ((a, "first"), (b, "second")):
        why = in_own_order(hits, label)
        if why:
            problems.append(why)
    if problems:
        print("; ".join(problems))
        return 1
    print(len(a))
    return 0


def articles(reference_path, stored_path):
    reference = {key(a): strip(a, ("id",)) for a in map(json.loads, open(reference_path, encoding="utf-8"))}
    stored = [strip(json.loads(line), ("id",)) for line in open(stored_path, encoding="utf-8") if line.strip()]
    for article in stored:
        want = reference.get(key(article))
        if want is None:
            print(f"stored {key(article)} is not in the reference")
            return 1
        if want != article:
            fields = [f for f in sorted(set(want) | set(article)) if want.get(f) != article.get(f)]
            print(f"stored {key(article)} differs from the reference in {fields}")
            return 1
    if len({key(a) for a in stored}) != len(stored):
        print("an article is stored twice")
        return 1
    print(len(stored))
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "same":
        return same(argv[2], argv[3], argv[4])
    if len(argv) == 4 and argv[1] == "ranked":
        return ranked(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "articles":
        return articles(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
