#!/usr/bin/env python3
"""Compare `newsidx parse` NDJSON with a gold file, for clones without ../shared.

usage: score-fallback.py GOLD.json OUTPUT.ndjson

The gold's shape is that of data/sample.gold.json.  Articles are matched by
(file basename, first line); each gold field is one check.  The last line
is 'N passed, N failed'.  ../shared/tools/score-articles is the reference;
this is our own smaller reading of the same fields, used only when it is absent.
"""
import json
import os
import sys


def shaped(article, field):
    """The article's value for a gold field, in the gold's shape."""
    source = article.get('source') or {}
    if field == 'boundaries':
        return [source.get('first_line'), source.get('last_line')]
    if field == 'lead':
        paragraphs = article.get('paragraphs') or []
        return paragraphs[0][:60].strip(' \u00a0') if paragraphs else None
    if field == 'paragraphs':
        return len(article.get('paragraphs') or [])
    if field == 'subheads':
        return [s['text'] for s in article.get('subheads') or []]
    if field == 'dateline':
        d = article.get('dateline')
        return None if d is None else {k: d.get(k) for k in ('raw', 'places', 'agency')}
    if field == 'captions':
        keys = ('text', 'file_photo', 'credit', 'photographers', 'date')
        return [{k: c.get(k) for k in keys} for c in article.get('captions') or []]
    return article.get(field)


def gold_value(gold, field):
    if field == 'boundaries':
        return [gold['first_line'], gold['last_line']]
    if field == 'dateline' and gold['dateline'] is not None:
        return {k: gold['dateline'].get(k) for k in ('raw', 'places', 'agency')}
    return gold[field]


FIELDS = ['boundaries', 'title', 'title_repeats', 'captions', 'byline', 'dateline', 'lead',
          'paragraphs', 'subheads', 'notes', 'links', 'credits_raw', 'credits']


def main():
    gold = json.load(open(sys.argv[1], encoding='utf-8'))
    output = {}
    for line in open(sys.argv[2], encoding='utf-8'):
        if line.strip():
            article = json.loads(line)
            output[(os.path.basename(article['source']['file']), article['source']['first_line'])] = article
    passed = failed = 0
    for entry in gold:
        article = output.pop((entry['file'], entry['first_line']), None)
        for field in FIELDS:
            if article is not None and shaped(article, field) == gold_value(entry, field):
                passed += 1
            else:
                failed += 1
                print(f"FAIL {entry['file']}:{entry['first_line']} {field}")
    failed += len(output)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
