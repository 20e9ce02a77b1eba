#!/usr/bin/env python3
"""Reference values for the agreement statistics, from the reference libraries.

Writes tests/fixtures/agreement/vectors.json: pairs of category sequences (0 absent,
1 barrier, 2 facilitator, 3 both) with Cohen's kappa from scikit-learn's cohen_kappa_score
and Krippendorff's alpha (nominal) from the `krippendorff` package. The Rust tests compare
against these to 1e-9. Undefined values (no variance) are written as null.

    pip install scikit-learn krippendorff numpy
    python3 scripts/agreement_vectors.py
"""
import json
import math
import random
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score

warnings.filterwarnings("ignore")


def kappa(a, b):
    k = cohen_kappa_score(a, b)
    return None if k is None or math.isnan(k) else float(k)


def alpha(a, b):
    try:
        v = krippendorff.alpha(reliability_data=np.array([a, b]), level_of_measurement="nominal")
    except ValueError:  # "There has to be more than one value in the domain."
        return None
    return None if math.isnan(v) else float(v)


def case(name, a, b):
    agree = sum(x == y for x, y in zip(a, b))
    return {"name": name, "a": a, "b": b, "percent": 100.0 * agree / len(a), "kappa": kappa(a, b), "alpha": alpha(a, b)}


def noisy(rng, n, p_agree, weights):
    a = rng.choices(range(4), weights=weights, k=n)
    b = [x if rng.random() < p_agree else rng.choices(range(4), weights=weights)[0] for x in a]
    return a, b


def main():
    rng = random.Random(20261125)
    cases = [
        case("textbook two categories", [1, 1, 2, 2, 1, 2, 1, 1, 2, 2], [1, 2, 2, 2, 1, 2, 1, 1, 1, 2]),
        case("perfect agreement", [0, 1, 2, 3, 0, 1], [0, 1, 2, 3, 0, 1]),
        case("complete disagreement", [1, 1, 2, 2], [2, 2, 1, 1]),
        case("one category each", [1, 1, 1], [2, 2, 2]),
        case("no variance", [0, 0, 0, 0], [0, 0, 0, 0]),
        case("single unit", [1], [1]),
    ]
    for n in (5, 20, 100, 500):
        for p in (0.3, 0.7, 0.95):
            a, b = noisy(rng, n, p, [1, 1, 1, 1])
            cases.append(case(f"uniform n={n} p={p}", a, b))
            # Mostly absent, as study x construct units are.
            a, b = noisy(rng, n, p, [20, 3, 4, 1])
            cases.append(case(f"sparse n={n} p={p}", a, b))
    out = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "agreement" / "vectors.json"
    from importlib.metadata import version
    meta = {"scikit-learn": version("scikit-learn"), "krippendorff": version("krippendorff"), "numpy": version("numpy")}
    out.write_text(json.dumps({"generated_with": meta, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
