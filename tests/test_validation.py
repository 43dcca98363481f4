"""Human validation: the coding tasks, the offline coding page in a real Chromium, and the scores of answer files."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import require, snakemake
from orgtopics import validation
from orgtopics.errors import OrgtopicsError
from orgtopics.resources import Theme

VOCAB = (
    "干部 选拔 任用 考核 培训 党员 教育 管理 发展 支部 人才 引进 科技 创新 服务 "
    "基层 党组织 群众 社区 农村 纪律 监督 作风 廉洁 问责 思想 理论 学习 宣传 政治"
).split()
THEMES = [
    Theme("cadres", "干部工作", "Cadre work", "#1f77b4", ("干部", "选拔", "考核")),
    Theme("talent", "人才工作", "Talent work", "#ff7f0e", ("人才", "引进", "创新")),
]


def synthetic_model(k: int = 5, n_units: int = 120, seed: int = 0):
    """Topics that each own six words of VOCAB, and paragraphs drawn from them (tokens, text, shares)."""
    rng = np.random.default_rng(seed)
    phi = np.full((k, len(VOCAB)), 0.002)
    for t in range(k):
        phi[t, t * 6 : t * 6 + 6] = rng.uniform(0.5, 1.0, 6)
    phi /= phi.sum(1, keepdims=True)
    theta = rng.dirichlet(np.full(k, 0.3), size=n_units)
    rows = []
    for u in range(n_units):
        z = rng.choice(k, size=20, p=theta[u])
        toks = [VOCAB[rng.choice(len(VOCAB), p=phi[t])] for t in z]
        rows.append({"text": "，".join(toks) + "。", "tokens": toks, "n_tokens": len(toks)})
    freq = np.bincount([VOCAB.index(t) for r in rows for t in r["tokens"]], minlength=len(VOCAB)).astype(float)
    return phi, theta, pd.DataFrame(rows), freq


def tasks(random_state: int = 7, **kw):
    phi, theta, units, freq = synthetic_model()
    labels = [f"T{t} {VOCAB[t * 6]}" for t in range(phi.shape[0])]
    settings = validation.ValidationSettings(random_state=random_state, **kw)
    items, key = validation.coding_tasks(
        phi=phi,
        term_freq=freq,
        terms=VOCAB,
        theta=theta,
        units=units,
        labels=labels,
        themes=THEMES,
        lam=0.6,
        settings=settings,
    )
    return items, key, (phi, theta, units)


def test_tasks_are_seeded_and_the_counts_are_the_configs():
    items, key, _ = tasks()
    again, key2, _ = tasks()
    assert items == again and key.equals(key2)
    assert tasks(random_state=8)[0] != items
    n = key["task"].value_counts().to_dict()
    assert n == {"word": 10, "topic": 20, "label": 5, "dictionary": 40}
    assert [it["item"] for it in items] == list(key["item"])
    assert [it["task"] for it in items] == sorted((it["task"] for it in items), key=validation.TASKS.index)
    fewer = tasks(word_per_topic=1, topic_items=6, dictionary_per_theme=5)[1]["task"].value_counts().to_dict()
    assert fewer == {"word": 5, "topic": 6, "label": 5, "dictionary": 10}


def test_word_intruder_is_improbable_in_its_topic_and_top_in_another():
    items, key, (phi, _, _) = tasks()
    for it, (_, k) in zip(items, key.iterrows()):
        if it["task"] != "word":
            continue
        t, intruder = int(k["target"]), VOCAB.index(k["correct"])
        assert len(it["options"]) == 6 and k["correct"] in it["options"]
        assert phi[t, intruder] <= np.median(phi[t])  # improbable here
        assert intruder in np.argsort(-phi[intruder // 6])[:10] and intruder // 6 != t  # top of its own topic
    where = {it["options"].index(k["correct"]) for it, (_, k) in zip(items, key.iterrows()) if it["task"] == "word"}
    assert len(where) > 2, "the intruder stands in one place"


def test_items_of_one_topic_share_no_term_and_ids_name_no_target():
    items, key, _ = tasks()
    shown: dict[int, list[set[str]]] = {}
    for it, (_, k) in zip(items, key.iterrows()):
        if it["task"] == "word":
            shown.setdefault(int(k["target"]), []).append(set(it["options"]) - {k["correct"]})
    assert all(len(sets) == 2 and not sets[0] & sets[1] for sets in shown.values()), shown
    for task, part in key.groupby("task", sort=False):
        # an id is the item's place on the page within its task: nothing of the key leaks into it
        assert list(part["item"]) == [f"{validation.ITEM_PREFIX[task]}{n:03d}" for n in range(1, len(part) + 1)]


def test_an_intruder_is_never_one_of_the_terms_it_is_shown_with():
    # 16 terms: the second item of a topic shows its terms ranked 6-10, inside the lower half an intruder comes from
    relevance = np.array([np.arange(16, 0, -1), np.arange(1, 17)], dtype=float)
    terms = [f"w{i}" for i in range(16)]
    settings = validation.ValidationSettings(word_terms=5, word_per_topic=2)
    for seed in range(30):
        items, _ = validation.tasks.word_intrusion(relevance, terms, ["a", "b"], settings, np.random.default_rng(seed))
        assert all(len(set(it["options"])) == 6 for it in items), items


def test_topic_intruder_is_one_of_the_paragraphs_least_probable_topics():
    items, key, (_, theta, units) = tasks()
    texts = list(units["text"])
    for it, (_, k) in zip(items, key.iterrows()):
        if it["task"] != "topic":
            continue
        u = texts.index(it["text"])
        shown = [int(o["value"]) for o in it["options"]]
        top3 = set(np.argsort(-theta[u], kind="stable")[:3])
        assert top3 <= set(shown) and len(shown) == 4
        assert int(k["correct"]) not in top3
        assert theta[u, int(k["correct"])] <= np.median(theta[u])
        assert min(theta[u, j] for j in top3) >= 2 * theta[u, int(k["correct"])]  # the intruder stands out
        assert set(json.loads(k["option_theta"])) == {str(j) for j in shown}


def test_dictionary_hits_are_stratified_by_term_and_show_the_term_in_context():
    items, key, (_, _, units) = tasks(dictionary_per_theme=30)
    hits = {t: sum(toks.count(t) for toks in units["tokens"]) for th in THEMES for t in th.seeds}
    for th in THEMES:
        drawn = key[(key["task"] == "dictionary") & (key["target"] == th.id)]["term"].value_counts()
        total = sum(hits[t] for t in th.seeds)
        for term in th.seeds:
            assert abs(drawn.get(term, 0) - 30 * hits[term] / total) < 1  # proportional allocation
    text = "".join(units["text"])
    for it in items:
        if it["task"] == "dictionary":
            assert it["left"] + it["term"] + it["right"] in text


def test_the_answer_key_never_reaches_the_page(tmp_path):
    items, key, _ = tasks()
    page = validation.render_coding_page(
        items, task_set="abc", corpus="t", answers_dir="x/validation", embed_font=False
    )
    data = json.loads(re.search(r'<script type="application/json" id="tasks">(.*?)</script>', page, re.S).group(1))
    assert data["items"] == items
    fields = {f for it in data["items"] for f in it}
    assert not fields & {"correct", "option_theta", "target", "target_label"}
    assert "http://" not in page and "https://" not in page


def answer_file(path: Path, rows: list[list], header=validation.ANSWER_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def coder_rows(items, key, coder: str, task_set: str, choose) -> list[list]:
    k = key.set_index("item")
    return [
        [task_set, coder, it["item"], it["task"], choose(it, k.loc[it["item"]]), "2026-12-04T10:00:00Z", "2.5"]
        for it in items
    ]


def test_known_answers_give_known_scores(tmp_path):
    items, key, _ = tasks()
    ts = validation.task_set_id(items)

    def right(it, k):  # finds every intruder, every label fits, every hit is about its theme
        return {"word": k["correct"], "topic": k["correct"], "label": "yes", "dictionary": "yes"}[it["task"]]

    wrong_word = {}

    def half(it, k):  # misses the intruder of every second word item, says "partly" and "no"
        if it["task"] == "word":
            miss = len(wrong_word) % 2 == 0
            wrong_word[it["item"]] = miss
            return next(o for o in it["options"] if o != k["correct"]) if miss else k["correct"]
        if it["task"] == "topic":
            return next(o["value"] for o in it["options"] if o["value"] != k["correct"])
        return {"label": "partly", "dictionary": "no"}[it["task"]]

    a = answer_file(tmp_path / "a.csv", coder_rows(items, key, "A", ts, right))
    b = answer_file(tmp_path / "b.csv", coder_rows(items, key, "B", ts, half))
    answers, coders = validation.read_answers([a, b], items, ts)
    assert list(coders["status"]) == ["scored", "scored"] and list(coders["items_answered"]) == [len(items)] * 2
    s = validation.score_answers(answers, key).set_index(["task", "target", "measure"])
    word_all = s.loc[("word", "all", "model_precision")]
    assert word_all["value"] == pytest.approx((10 + 5) / 20) and word_all["n_answers"] == 20
    assert s.loc[("topic", "all", "accuracy"), "value"] == 0.5
    # topic log odds: 0 for A; for B log θ(intruder) − log θ(the topic B chose), by hand
    theta = [json.loads(x) for x in key.loc[key["task"] == "topic", "option_theta"]]
    chosen = [half(it, k) for it, (_, k) in zip(items, key.iterrows()) if it["task"] == "topic"]
    correct = key.loc[key["task"] == "topic", "correct"]
    tlo = [np.log(th[c]) - np.log(th[x]) for th, c, x in zip(theta, correct, chosen)]
    assert s.loc[("topic", "all", "topic_log_odds"), "value"] == pytest.approx(np.mean([0.0] * len(tlo) + tlo))
    assert s.loc[("label", "0", "label_fit"), "value"] == 0.75
    prec = s.loc[("dictionary", "cadres", "precision")]
    assert prec["value"] == 0.5 and prec["n_items"] == 20 and prec["ci_low"] < 0.5 < prec["ci_high"]
    assert "disagreed on 20 of 20" in prec["note"]
    # the two coders never agree on topic items: alpha at or below 0
    assert s.loc[("agreement", "topic", "krippendorff_alpha"), "value"] <= 0


def test_agreement_is_krippendorffs_alpha_of_his_own_example(tmp_path):
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units, nominal α = 0.743."""
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    items = [{"item": f"W{j}", "task": "word", "options": ["1", "2", "3", "4", "5"]} for j in range(12)]
    key = pd.DataFrame(
        [
            {
                "item": f"W{j}",
                "task": "word",
                "target": 0,
                "target_label": "T0",
                "correct": "5",
                "term": "",
                "option_theta": "",
            }
            for j in range(12)
        ]
    )
    files = [
        answer_file(
            tmp_path / f"c{c}.csv",
            [["s", f"c{c}", f"W{j}", "word", str(v), "", ""] for j, v in enumerate(row) if v is not None],
        )
        for c, row in enumerate(data)
    ]
    answers, _ = validation.read_answers(files, items, "s")
    s = validation.score_answers(answers, key).set_index(["task", "target", "measure"])
    assert s.loc[("agreement", "word", "krippendorff_alpha"), "value"] == pytest.approx(0.743, abs=5e-4)


def test_bad_answer_files_are_named_by_file_and_line(tmp_path):
    items, key, _ = tasks()
    ts = validation.task_set_id(items)
    word = next(it for it in items if it["task"] == "word")
    good = [ts, "A", word["item"], "word", word["options"][0], "", "1.0"]
    bad = answer_file(
        tmp_path / "answers_A.csv",
        [
            good,
            [ts, "A", "W99-9", "word", "干部", "", "1"],  # line 3: no such item
            [ts, "A", "L001", "label", "maybe", "", "1"],  # line 4: not an answer
            [ts, "A", word["item"], "word", word["options"][1], "", "1"],  # line 5: answered twice
            [ts, "A", "L002"],  # line 6: cut
        ],
    )
    with pytest.raises(OrgtopicsError) as e:
        validation.read_answers([bad], items, ts)
    msg = str(e.value)
    assert "4 problem(s)" in msg
    for line, what in (
        (3, "'W99-9' is not one of"),
        (4, "'maybe' is not one of"),
        (5, "already (answers_A.csv line 2)"),
        (6, "3 fields where the header has 7"),
    ):
        assert re.search(rf"answers_A\.csv line {line}: [^\n]*{re.escape(what)}[^\n]*Fix: ", msg), (line, msg)
    cut = answer_file(tmp_path / "cut.csv", [good], header=["task_set", "coder", "item"])
    with pytest.raises(
        OrgtopicsError, match=r"cut\.csv line 1: columns task, answer, answered_at, seconds are missing"
    ):
        validation.read_answers([cut], items, ts)


def test_partial_and_stale_files_are_counted_not_refused(tmp_path):
    items, key, _ = tasks()
    ts = validation.task_set_id(items)
    part = answer_file(
        tmp_path / "part.csv", coder_rows(items[:7], key, "P", ts, lambda it, k: validation.options_of(it)[0])
    )
    old = answer_file(tmp_path / "old.csv", coder_rows(items[:3], key, "O", "0123456789ab", lambda it, k: "yes"))
    answers, coders = validation.read_answers([part, old], items, ts)
    c = coders.set_index("file")
    assert c.loc["part.csv", "items_answered"] == 7 and c.loc["part.csv", "status"] == "scored"
    assert c.loc["old.csv", "status"] == "other task set 0123456789ab" and set(answers["coder"]) == {"P"}
    assert validation.score_answers(answers.iloc[:0], key).empty


# ---- the page in a real Chromium --------------------------------------------------------------------------------


@pytest.mark.system
def test_a_coder_answers_every_item_in_chromium_and_the_export_is_what_was_clicked(tmp_path):
    from orgtopics.browser import find_chromium

    require(find_chromium() is not None, "chromium is not installed (apt-get install chromium)")
    from cdp import Chromium

    items, key, _ = tasks(word_per_topic=1, topic_items=5, dictionary_per_theme=4)
    ts = validation.task_set_id(items)
    page = tmp_path / "coding.html"
    page.write_text(validation.render_coding_page(items, task_set=ts, corpus="test", answers_dir="corpus/validation"))
    rng = np.random.default_rng(3)
    clicked: dict[str, str] = {}
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with Chromium(downloads) as b:
        b.open(page.as_uri())
        b.press("1")  # no coder id yet: nothing is recorded
        assert b.eval("document.getElementById('progress').textContent") == f"0 of {len(items)} answered"
        b.click("#coder")
        b.type("coder 1")
        b.press("Enter")
        for n, it in enumerate(items):
            shown = b.eval("document.querySelector('.task').textContent")
            assert shown.endswith(f"item {n + 1} of {len(items)}")
            buttons = b.eval(
                "[...document.querySelectorAll('.options button')]"
                ".map(b => [b.dataset.value, b.querySelector('kbd').textContent])"
            )
            assert [v for v, _ in buttons] == validation.options_of(it)
            value, keyname = buttons[int(rng.integers(len(buttons)))]
            if n % 3 == 0:
                b.click(f".options button[data-value='{value}']")  # by mouse
            else:
                b.press(keyname)  # by keyboard
            clicked[it["item"]] = value
            if n == len(items) // 2:  # the page is reloaded halfway: nothing is lost
                b.reload()
                assert b.eval("document.getElementById('progress').textContent") == f"{n + 1} of {len(items)} answered"
                assert b.eval("document.getElementById('coder').value") == "coder 1"
        # a second thought on the first item: back to it with the arrow keys, answered again
        for _ in range(len(items)):
            b.press("ArrowLeft")
        first = items[0]
        other = next(o for o in validation.options_of(first) if o != clicked[first["item"]])
        b.click(f".options button[data-value='{other}']")
        clicked[first["item"]] = other
        exported = b.download("#export")
    assert exported.name == f"answers_coder_1_{ts}.csv"
    rows = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert list(rows[0]) == validation.ANSWER_COLUMNS
    assert {r["item"]: r["answer"] for r in rows} == clicked and len(rows) == len(items)
    assert {r["coder"] for r in rows} == {"coder 1"} and {r["task_set"] for r in rows} == {ts}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", r["answered_at"]) and float(r["seconds"]) >= 0 for r in rows)
    # the file round-trips through the scoring
    answers, coders = validation.read_answers([exported], items, ts)
    assert coders["items_answered"].iloc[0] == len(items)
    s = validation.score_answers(answers, key).set_index(["task", "target", "measure"])
    k = key.set_index("item")
    found = [clicked[i] == k.loc[i, "correct"] for i in k.index if k.loc[i, "task"] == "word"]
    assert s.loc[("word", "all", "model_precision"), "value"] == pytest.approx(np.mean(found))


# ---- in the workflow ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_answers_dropped_in_the_corpus_folder_are_scored_in_the_report(project, tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(project, proj, symlinks=True)  # keeps the results and their times: nothing reruns but scoring
    out = proj / "results" / "seeds"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No answers yet" in html and "results/seeds/validation/coding.html" in html and "seeds/validation" in html
    data = json.loads((out / "validation" / "tasks.json").read_text(encoding="utf-8"))
    page = (out / "validation" / "coding.html").read_text(encoding="utf-8")
    assert data["task_set"] in page and "@font-face" in page
    key = pd.read_csv(out / "validation" / "key.csv", dtype=str, keep_default_na=False)
    items = data["items"]
    folder = proj / "seeds" / "validation"
    folder.mkdir()
    for coder in ("A", "B"):
        answer_file(
            folder / f"answers_{coder}.csv",
            coder_rows(items, key, coder, data["task_set"], lambda it, k: validation.options_of(it)[0]),
        )
    res = snakemake(proj, "--printshellcmds")
    ran = set(re.findall(r"rule (\w+):", res.stdout + res.stderr))
    assert ran == {"validation_scores", "report", "default"}, ran
    scores = pd.read_csv(out / "tables" / "validation_scores.csv")
    assert set(scores["task"]) == {"word", "topic", "label", "dictionary", "agreement"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No answers yet" not in html and "Agreement between coders" in html
    word = scores[(scores["task"] == "word") & (scores["target"] == "all")].iloc[0]
    assert f"{100 * word['value']:.0f} %" in html
    # a third coder's file with a bad row stops the run before any job, naming it; the scores are kept
    kept = (out / "tables" / "validation_scores.csv").read_bytes()
    rows = coder_rows(items, key, "C", data["task_set"], lambda it, k: validation.options_of(it)[0])
    rows[1][4] = "not an answer"
    answer_file(folder / "answers_C.csv", rows)
    res = snakemake(proj, check=False)
    assert res.returncode != 0
    assert re.search(r"answers_C\.csv line 3: answer 'not an answer' is not one of", res.stdout + res.stderr)
    assert "rule validation_scores" not in res.stdout + res.stderr
    assert (out / "tables" / "validation_scores.csv").read_bytes() == kept
