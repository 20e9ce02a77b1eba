#!/usr/bin/env bash
# Fuzzes every parser of outside input with cargo-fuzz (libFuzzer), on the stable toolchain
# (no sanitizer: `-s none`). Each target runs for SECONDS (default 600), continuing past
# crashes, hangs and out-of-memory cases, which land in fuzz/artifacts/<target>/. Minimise
# what it finds with `cargo fuzz tmin -s none <target> <file>`, fix the cause, and keep the
# minimised input in tests/fixtures/fuzz/<target>/: `cargo test` replays every file there.
#
#   cargo install cargo-fuzz            once
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: project qdpx qdc table pdf_extract pdf_render. Seeds come from the project's own
# samples and fixtures, the shared interop files and the small files of the shared corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(project qdpx qdc table pdf_extract pdf_render)
shared=../shared
seeds=fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{project,qdpx,qdc,table,pdf_extract,pdf_render}

# Projects: the frozen fixtures of every format version (small enough to mutate quickly).
for v in tests/fixtures/v*/project.ron; do cp "$v" "$seeds/project/$(basename "$(dirname "$v")").ron"; done
cargo build -q --bin befits-coder
bin=target/debug/befits-coder
# REFI-QDA: our own export of the v3 fixture, and the codebooks of other tools.
$bin export tests/fixtures/v3/project.ron --format qdpx -o "$seeds/qdpx/v3.qdpx" >/dev/null 2>&1
$bin export tests/fixtures/v3/project.ron --format qdc -o "$seeds/qdc/v3.qdc" >/dev/null 2>&1
cp "$shared"/interop/*.qdc "$seeds/qdc/" 2>/dev/null || true
# Tables: the first rows of the review's Table 2, and a one-coding-per-row table.
head -n 6 "$shared/reference/table2-articles.tsv" > "$seeds/table/table2-head.tsv" 2>/dev/null || true
printf 'article\tstudy\tconstruct\tvalence\tcountry\nA1\tS1\tclient.kabi\tbarrier\tMalawi\n' > "$seeds/table/rows.tsv"
# PDFs: the small files of the shared corpus.
for f in "$shared"/corpus/hostile/*.pdf "$shared"/corpus/articles/*.pdf; do
  [[ -f $f && $(stat -c %s "$f") -le 120000 ]] || continue
  cp "$f" "$seeds/pdf_extract/"
  cp "$f" "$seeds/pdf_render/"
done

for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== $t: $seconds s"
  cargo fuzz run -s none "$t" "fuzz/corpus/$t" "$seeds/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=131072 \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -artifact_prefix="fuzz/artifacts/$t/" 2>&1 | grep -E "^#|NEW|crash|oom|timeout|INFO: fuzzed|DONE|deadly" | tail -n 25 || true
  echo "artifacts: $(ls "fuzz/artifacts/$t" | wc -l)"
done
