#!/usr/bin/env python3
"""compare-articles.py — compare two NDJSON streams of article JSON.

usage: compare-articles.py EXPECTED.ndjson ACTUAL.ndjson [--ignore-id]

Both files hold one article object per line (SPEC section 2).  They match
when they hold the same number of articles and each pair is equal as JSON
values (key order and white space do not matter); with --ignore-id the
store's "id" is left out of the comparison.  Prints the first difference,
field by field, and exits 1 when they differ.
"""
import json
import sys


def load(path):
    articles = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                try:
                    articles.append(json.loads(line))
                except ValueError as problem:
                    sys.exit(f"{path}:{number}: not JSON: {problem}")
    return articles


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    ignore_id = "--ignore-id" in sys.argv
    if len(arguments) != 2:
        sys.exit(__doc__)
    expected, actual = load(arguments[0]), load(arguments[1])
    if len(expected) != len(actual):
        print(f"{len(expected)} articles expected, {len(actual)} found")
        return 1
    for index, (want, got) in enumerate(zip(expected, actual)):
        if ignore_id:
            want.pop("id", None)
            got.pop("id", None)
        if want == got:
            continue
        for key in sorted(set(want) | set(got)):
            if want.get(key) != got.get(key):
                print(f"article {index + 1} ({want.get('title')!r}), field {key}: "
                      f"expected {json.dumps(want.get(key), ensure_ascii=False)[:300]}, "
                      f"got {json.dumps(got.get(key), ensure_ascii=False)[:300]}")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
