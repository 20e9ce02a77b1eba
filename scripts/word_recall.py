#!/usr/bin/env python3
"""Word recall of BeFITS Coder's page text against poppler's pdftotext (reference only).

For every PDF in ../shared/corpus/articles: the share of pdftotext's words (case-folded,
letters and digits only, NFKC) that also appear in our text, and the control characters in
our text. Needs pdftotext (apt poppler-utils) and a built befits-coder.

    python3 scripts/word_recall.py [path/to/befits-coder]
"""
import collections
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

root = Path(__file__).resolve().parent.parent
exe = sys.argv[1] if len(sys.argv) > 1 else str(root / "target/release/befits-coder")
corpus = root.parent / "shared/corpus/articles"


def words(text):
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"[^\W_]+", text)


print(f"{'article':48} {'pages':>5} {'recall':>7} {'control':>7}  flags")
for pdf in sorted(corpus.glob("*.pdf")):
    ref = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    out = subprocess.run([exe, "extract", "--json", str(pdf)], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{pdf.name:48} failed: {out.stderr.strip()}")
        continue
    data = json.loads(out.stdout)
    ours = "\n".join(data["text"])
    ref_words = collections.Counter(words(ref))
    our_words = collections.Counter(words(ours))
    total = sum(ref_words.values())
    found = sum(min(n, our_words[w]) for w, n in ref_words.items())
    control = sum(1 for c in ours if unicodedata.category(c) == "Cc" and c != "\n")
    flags = "; ".join(w.split(";")[0] for w in data["warnings"])
    print(f"{pdf.name:48} {data['pages']:5} {100.0 * found / total:6.1f}% {control:7}  {flags}")
