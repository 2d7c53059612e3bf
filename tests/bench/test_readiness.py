"""bench/readiness.py on a tiny population, so the calibration bench cannot rot."""

import importlib.util
import math
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench_readiness", Path(__file__).resolve().parents[2] / "bench" / "readiness.py"
)
bench_readiness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_readiness)

LEARNERS = 3


def test_a_tiny_run_scores_every_held_out_answer_with_each_predictor():
    figures = bench_readiness.run(LEARNERS, seed=5)
    assert figures["answers"] == LEARNERS * bench_readiness.QUESTION_COUNT
    for scores in figures["predictors"].values():
        assert 0 < scores["log_loss"] < math.inf
        assert 0 <= scores["brier"] <= 1
    assert sum(row["answers"] for row in figures["reliability"]) == figures["answers"]
    assert 0 <= figures["score_interval_coverage"] <= 1
    report = bench_readiness.report(figures, seconds=0.0)
    assert "| model |" in report
    assert "| retrievability now |" in report


def test_the_same_seed_gives_the_same_figures():
    first = bench_readiness.run(2, seed=9)
    second = bench_readiness.run(2, seed=9)
    for figures in (first, second):
        figures.pop("assess_ms_median")
        figures.pop("assess_ms_max")
    assert first == second


def test_the_verdict_names_each_missed_target():
    figures = {
        "predictors": {
            "model": {"log_loss": 0.6},
            "overall percent": {"log_loss": 0.5},
            "retrievability now": {"log_loss": 0.9},
        },
        "reliability": [
            {"bin": "0.3-0.4", "answers": 150, "predicted": 0.35, "observed": 0.5},
            {"bin": "0.4-0.5", "answers": 20, "predicted": 0.45, "observed": 0.9},
        ],
    }
    met, reasons = bench_readiness.verdict(figures)
    assert not met
    assert len(reasons) == 2
    assert "overall percent" in reasons[0]
    assert "bin 0.3-0.4" in reasons[1]
