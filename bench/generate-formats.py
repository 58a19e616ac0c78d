#!/usr/bin/env python3
"""generate-formats.py — deterministic synthetic Reuters-21578 SGML and RCV1
XML, the benchmark input for the libxml2 formats.

usage: generate-formats.py sgml DOCUMENTS FILE
       generate-formats.py rcv1 ITEMS DIRECTORY

Everything is made from the word lists below (no real story text); the same
arguments always give byte-identical output (own seeded PRNG).  The SGML
mixes the forms a real reut2-NNN.sgm file holds: NORM documents with
AUTHOR/DATELINE/BODY, BRIEF and UNPROC documents, documents without a body,
control-character references (&#2; &#3; &#22; &#31;), &lt; entities and
Latin-1 bytes.  RCV1 items are one ISO-8859-1 file each, 100 to a
subdirectory, with headline, byline (mostly), dateline, paragraphs and
metadata codes.
"""
import os
import random
import sys

CITIES = ["LONDON", "NEW YORK", "TOKYO", "FRANKFURT", "SAO PAULO", "SYDNEY", "PARIS",
          "CHICAGO", "SINGAPORE", "JOHANNESBURG", "OSLO", "MADRID", "TORONTO", "LIMA"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
SGML_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
FIRST = ["Ana", "Piet", "Karin", "Tomas", "Ines", "Rui", "Maja", "Henrik", "Lena", "Omar", "Jo\xe3o", "Ren\xe9e"]
LAST = ["Olsen", "Carvalho", "Lind", "Aalto", "Berg", "Quillon", "Hale", "Ribeiro", "Nakamura", "Ara\xfajo"]
NOUNS = ["output", "exports", "prices", "stocks", "shipments", "orders", "profits", "reserves",
         "demand", "supply", "rates", "earnings", "tariffs", "harvest", "refinery", "mill", "board",
         "traders", "growers", "analysts", "ministry", "bank", "port", "council", "union"]
VERBS = ["rose", "fell", "held", "climbed", "slipped", "steadied", "eased", "jumped", "dropped"]
ADJECTIVES = ["firm", "weak", "steady", "strong", "thin", "record", "seasonal", "quarterly", "annual"]
TOPICS = ["grain", "wheat", "corn", "cocoa", "coffee", "sugar", "trade", "money-fx", "interest",
          "ship", "crude", "gold", "earn", "acq", "jobs", "gnp"]
PLACES = ["usa", "uk", "japan", "west-germany", "brazil", "france", "canada", "australia", "ghana"]
ORGS = ["ec", "opec", "icco", "imf", "worldbank"]
EXCHANGES = ["nyse", "lse", "cbt", "comex"]
RCV1_TOPICS = ["C15", "C151", "C24", "CCAT", "E11", "E12", "ECAT", "G15", "GCAT", "M14", "MCAT"]
RCV1_COUNTRIES = ["USA", "UK", "JAP", "GFR", "BRAZ", "FRA", "CANA", "AUST", "PORL", "SWED"]
RCV1_INDUSTRIES = ["I01001", "I13000", "I47100", "I81402", "I64000"]


def sentence(rng):
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS),
             f"{rng.randint(1, 99)}.{rng.randint(0, 9)} pct", "in", rng.choice(MONTHS) + ",",
             "the", rng.choice(NOUNS), "said"]
    for _ in range(rng.randint(0, 12)):
        words.insert(rng.randint(3, len(words) - 1), rng.choice(NOUNS + ADJECTIVES))
    if rng.random() < 0.15:
        words.insert(2, f"&lt;{rng.choice(LAST)} {rng.choice(['Inc', 'Corp', 'SA', 'Ltd'])}>")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def wrap(text, width=65):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def codes(rng, name, pool, most):
    chosen = rng.sample(pool, rng.randint(0, most))
    return f"<{name}>" + "".join(f"<D>{c}</D>" for c in chosen) + f"</{name}>"


def sgml_document(rng, newid):
    day, month = rng.randint(1, 28), rng.randrange(12)
    stamp = f"{day}-{SGML_MONTHS[month]}-1987 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 99):02d}"
    kind = rng.choices(["NORM", "BRIEF", "UNPROC", "NOBODY"], [80, 8, 4, 8])[0]
    title = " ".join(rng.choice(NOUNS + ADJECTIVES).upper() for _ in range(rng.randint(3, 8)))
    out = [f'<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="{newid + 5000}" NEWID="{newid}">',
           f"<DATE>{stamp}</DATE>",
           codes(rng, "TOPICS", TOPICS, 3), codes(rng, "PLACES", PLACES, 3), "<PEOPLE></PEOPLE>",
           codes(rng, "ORGS", ORGS, 1), codes(rng, "EXCHANGES", EXCHANGES, 1), "<COMPANIES></COMPANIES>",
           "<UNKNOWN> ", "&#5;&#5;&#5;C T", f"&#22;&#22;&#1;f{newid % 10000:04d}&#31;reute",
           f"u f BC-{title.replace(' ', '-')[:30]}   {month + 1:02d}-{day:02d} 0{rng.randint(100, 999)}</UNKNOWN>"]
    if kind == "BRIEF":
        out += ['<TEXT TYPE="BRIEF">&#2;', f"******<TITLE>{title}</TITLE>", "Brief item.", "&#3;", "", "</TEXT>"]
    else:
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 9))]
        body = []
        for index, paragraph in enumerate(paragraphs):
            lines = wrap(paragraph)
            body.append(lines[0] if index == 0 else "    " + lines[0])
            body.extend(lines[1:])
        body += [" Reuter", "&#3;"]
        place = f"    {rng.choice(CITIES)}, {MONTHS[month]} {day} - "
        if kind == "UNPROC":
            out += ['<TEXT TYPE="UNPROC">&#2;'] + body[:-1] + [body[-1] + "</TEXT>"]
        else:
            out += ["<TEXT>&#2;", f"<TITLE>{title}</TITLE>"]
            if rng.random() < 0.3:
                out.append(f"<AUTHOR>    by {rng.choice(FIRST)} {rng.choice(LAST)}, Reuters</AUTHOR>")
            if kind == "NOBODY":
                out += [f"<DATELINE>{place}</DATELINE>", "&#3;</TEXT>"]
            else:
                out += [f"<DATELINE>{place}</DATELINE><BODY>" + body[0]] + body[1:-1] + [body[-1] + "</BODY></TEXT>"]
    out.append("</REUTERS>")
    return "\n".join(out) + "\n"


def rcv1_item(rng, itemid):
    date = f"1996-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}"
    headline = sentence(rng)[:80].rstrip(" .,") + "."
    out = ['<?xml version="1.0" encoding="iso-8859-1" ?>',
           f'<newsitem itemid="{itemid}" id="root" date="{date}" xml:lang="en">',
           f"<title>{rng.choice(PLACES).upper()}: {headline}</title>",
           f"<headline>{headline}</headline>"]
    if rng.random() < 0.7:
        out.append(f"<byline>{rng.choice(FIRST)} {rng.choice(LAST)}</byline>")
    out.append(f"<dateline>{rng.choice(CITIES)} {date}</dateline>")
    out.append("<text>")
    for _ in range(rng.randint(3, 14)):
        out.append("<p>" + " ".join(sentence(rng) for _ in range(rng.randint(1, 3))) + "</p>")
    out += ["</text>", "<copyright>(c) Example Newswire 1996</copyright>", "<metadata>"]
    for scheme, pool in (("countries", RCV1_COUNTRIES), ("industries", RCV1_INDUSTRIES), ("topics", RCV1_TOPICS)):
        chosen = rng.sample(pool, rng.randint(0 if scheme == "industries" else 1, 3))
        if chosen:
            out.append(f'<codes class="bip:{scheme}:1.0">')
            for code in chosen:
                out += [f'  <code code="{code}">',
                        f'    <editdetail attribution="Example Coding Group" action="confirmed" date="{date}"/>',
                        "  </code>"]
            out.append("</codes>")
    out += [f'<dc element="dc.date.published" value="{date}"/>', "</metadata>", "</newsitem>"]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("sgml", "rcv1"):
        sys.exit(__doc__)
    kind, count, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(21578 if kind == "sgml" else 806791)
    if kind == "sgml":
        with open(target, "wb") as out:
            out.write(b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n')
            for newid in range(1, count + 1):
                out.write(sgml_document(rng, newid).encode("latin-1"))
    else:
        for itemid in range(1, count + 1):
            directory = os.path.join(target, f"{itemid // 100:05d}")
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, f"{itemid}newsML.xml"), "wb") as out:
                out.write(rcv1_item(rng, itemid).encode("latin-1"))


if __name__ == "__main__":
    main()
