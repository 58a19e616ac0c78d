#!/bin/sh
# bench/run.sh — `make bench`: throughput and memory on generated input.
#
# Usage: sh bench/run.sh PATH/TO/newsidx
# Environment: BENCH_DIR (default $BUILD/bench/data) holds the generated
# inputs, which are reused while present.
#
# Prints figures only; it never fails on a target, so that a slow machine
# still reports.  Each section is a self-contained block.
set -eu
newsidx=$1
build=${BUILD:-build}
bench_dir=${BENCH_DIR:-$build/bench/data}
mkdir -p "$bench_dir"

# ---- wire text parse (baseline for the sections below) -----------------------
# A minimal figure to compare the other formats with; the store's ingest
# figures come from its own section.
echo "== parse (wire text, baseline)"
wire_generate=$build/bench/generate
if [ ! -x "$wire_generate" ]; then
    mkdir -p "$build/bench"
    ${CC:-cc} -std=c11 -O2 -o "$wire_generate" bench/generate.c
fi
wire_dump=$bench_dir/wire-30mb-seed1.txt
[ -s "$wire_dump" ] || "$wire_generate" --megabytes 30 --seed 1 >"$wire_dump"
python3 bench/measure.py "$newsidx" "wire $(basename "$wire_dump")" "$wire_dump" "$bench_dir/wire.out"

# ---- Reuters-21578 SGML and RCV1 XML parse (issue 5) ---------------------------
# Synthetic input from bench/generate-formats.py (own word lists, no
# Reuters text): 20,000 SGML documents in one file (~30 MB), and 5,000 RCV1
# items, one file each, in subdirectories of 100 (~23 MB).  The RCV1 figure
# includes opening every file.
echo "== parse (Reuters-21578 SGML, RCV1 XML)"
sgml_dump=$bench_dir/reut2-synthetic-20000.sgm
rcv1_dir=$bench_dir/rcv1-synthetic-5000
[ -s "$sgml_dump" ] || python3 bench/generate-formats.py sgml 20000 "$sgml_dump"
[ -d "$rcv1_dir" ] || python3 bench/generate-formats.py rcv1 5000 "$rcv1_dir"
python3 bench/measure.py "$newsidx" "sgml $(basename "$sgml_dump")" "$sgml_dump" "$bench_dir/sgml.out"
python3 bench/measure.py "$newsidx" "rcv1 $(basename "$rcv1_dir")" "$rcv1_dir" "$bench_dir/rcv1.out"
python3 bench/measure.py --format=xml "$newsidx" "sgml as NITF" "$sgml_dump" "$bench_dir/sgml.xml"
python3 bench/measure.py "$newsidx" "NITF of the sgml" "$bench_dir/sgml.xml" "$bench_dir/nitf.out"
