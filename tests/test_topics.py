"""LDA: deterministic shares, K selection, term scores and labels, on a small corpus with known topics."""

import numpy as np
import pandas as pd
import pytest

from orgtopics import topics
from orgtopics.resources import Theme

CADRE = ["干部", "考核", "选拔", "任用", "班子", "考察"]
TALENT = ["人才", "引进", "创新创业", "院士", "专家", "科技"]


def toy_units(n=40, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        vocab = CADRE if i % 2 == 0 else TALENT
        rows.append(
            {
                "unit_id": f"d:{i:04d}",
                "doc_id": "d",
                "year": 2000 + (i % 4),
                "text": f"段落{i}",
                "tokens": list(rng.choice(vocab, size=15)) + ["工作"],
            }
        )
    return pd.DataFrame(rows)


SETTINGS = topics.LdaSettings(passes=20, iterations=100, no_below=1, no_above=1.0, random_state=3)


def model_corpus(token_lists, *, no_below=1, no_above=1.0, **kw):
    """The model corpus of ``token_lists`` (every model function takes its count matrix and vocabulary)."""
    return topics.ModelCorpus.from_tokens(list(token_lists), no_below=no_below, no_above=no_above, **kw)


def gensim_reference(token_lists, *, no_below, no_above):
    """gensim's own Dictionary and bag-of-words of ``token_lists``: what the model corpus must reproduce."""
    from gensim.corpora import Dictionary

    d = Dictionary(token_lists)
    d.filter_extremes(no_below=no_below, no_above=no_above, keep_n=None)
    return d, [d.doc2bow(list(t)) for t in token_lists]


@pytest.fixture(scope="module")
def fitted():
    """The toy units, their vocabulary, count matrix, and a gensim fit at K = 2."""
    u = toy_units()
    c = model_corpus(u["tokens"])
    return u, c.vocabulary, c.matrix, topics.fit_lda(c.matrix, c.vocabulary, 2, SETTINGS)


def test_document_topics_deterministic_and_normalised(fitted):
    u, d, bow, model = fitted
    a = topics.document_topics(model, bow, random_state=1)
    b = topics.document_topics(model, bow, random_state=1)
    assert np.array_equal(a, b)
    assert np.allclose(a.sum(axis=1), 1.0)
    assert a.shape == (len(u), 2)


def test_gensim_default_inference_is_not_deterministic(fitted):
    """The trap this module works around (gensim #591): repeated calls differ."""
    _, _, bow, model = fitted
    first = [model.get_document_topics(b, minimum_probability=0) for b in topics.matrix_bow(bow[:5])]
    second = [model.get_document_topics(b, minimum_probability=0) for b in topics.matrix_bow(bow[:5])]
    assert first != second


def test_refit_with_same_seed_is_identical():
    c = model_corpus(toy_units()["tokens"])
    m1, m2 = topics.fit_lda(c.matrix, c.vocabulary, 2, SETTINGS), topics.fit_lda(c.matrix, c.vocabulary, 2, SETTINGS)
    assert np.array_equal(m1.get_topics(), m2.get_topics())


def test_topics_separate_and_labels(fitted):
    u, d, bow, model = fitted
    phi = topics.topic_word(model)
    terms = [d[i] for i in range(len(d))]
    themes = [
        Theme("cadres", "干部工作", "Cadre work", "#000000", tuple(CADRE)),
        Theme("talent", "人才工作", "Talent work", "#111111", tuple(TALENT)),
    ]
    labels = topics.label_topics(phi, terms, themes)
    assert sorted(labels["theme"]) == ["cadres", "talent"]
    theta = topics.document_topics(model, bow)
    cadre_topic = int(labels.loc[labels["theme"] == "cadres", "topic"].iloc[0])
    assert theta[0, cadre_topic] > 0.8 and theta[1, cadre_topic] < 0.2


def test_a_topic_no_theme_fits_is_named_by_its_own_terms():
    """The class-struggle topic of the government work reports was called "mixed": a topic no theme fits is named
    by its most distinctive terms; two topics of one theme are told apart by theirs; a theme of one topic names it."""
    terms = ["干部", "选拔", "考核", "阶级", "帝国主义", "侵略", "人才", "培养", "引进"]
    phi = np.array(
        [
            [0.40, 0.30, 0.02, 0.01, 0.01, 0.01, 0.10, 0.10, 0.05],  # cadres: selection
            [0.40, 0.02, 0.30, 0.01, 0.01, 0.01, 0.10, 0.10, 0.05],  # cadres: appraisal
            [0.01, 0.01, 0.01, 0.40, 0.30, 0.25, 0.01, 0.005, 0.005],  # no theme
            [0.05, 0.01, 0.01, 0.01, 0.01, 0.01, 0.50, 0.20, 0.20],  # talent
        ]
    )
    themes = [
        Theme("cadres", "干部工作", "Cadre work", "#000000", ("干部",)),
        Theme("talent", "人才工作", "Talent work", "#111111", ("人才",)),
    ]
    labels = topics.label_topics(phi, terms, themes).set_index("topic")
    assert list(labels["theme"]) == ["cadres", "cadres", "mixed", "talent"]
    assert labels.loc[2, "label"] == "T2 阶级·帝国主义·侵略"
    assert labels.loc[0, "label"].startswith("T0 干部工作 · 选拔") and labels.loc[1, "label"].startswith(
        "T1 干部工作 · 考核"
    )
    assert labels.loc[3, "label"] == "T3 人才工作"
    assert "mixed" not in " ".join(labels["label"])


def test_topic_terms_by_period_follow_the_words_that_change():
    """Topic 0 speaks of 科学发展观 before the cut and of 新时代 from it; every token is split over the topics, so
    the expected counts of a period add up to its tokens."""
    from scipy import sparse

    from orgtopics import trends

    terms = ["干部", "科学发展观", "新时代", "人才", "引进"]
    phi = np.array([[0.5, 0.25, 0.25, 0.0, 0.0], [0.0, 0.0, 0.0, 0.5, 0.5]]) + 1e-6
    phi /= phi.sum(axis=1, keepdims=True)
    # units: two before 2012 with 科学发展观, two from 2012 with 新时代, one talent unit in each
    counts = np.array(
        [[3, 2, 0, 0, 0], [2, 3, 0, 0, 0], [0, 0, 0, 3, 3], [3, 0, 2, 0, 0], [2, 0, 3, 0, 0], [0, 0, 0, 2, 4]]
    )
    theta = np.array([[1, 0], [1, 0], [0, 1], [1, 0], [1, 0], [0, 1]], dtype=float) * 0.98 + 0.01
    years = [2007, 2008, 2009, 2016, 2017, 2018]
    periods, order = trends.periods_of(years, cut=2012)
    assert order == ["before 2012", "from 2012"]
    df = topics.topic_terms_by_period(sparse.csr_matrix(counts), theta, phi, terms, periods, order, min_count=1)
    top = df[df["rank"] == 1].set_index(["topic", "period"])["term"]
    assert top[0, "before 2012"] == "科学发展观" and top[0, "from 2012"] == "新时代"
    assert "新时代" not in set(df[(df["topic"] == 0) & (df["period"] == "before 2012")]["term"])
    assert trends.periods_of([1954, 1961, 1999], cut=2012)[1] == ["1950s", "1960s", "1990s"]
    full = topics.topic_terms_by_period(
        sparse.csr_matrix(counts), theta, phi, terms, periods, order, top_n=5, min_count=0
    )
    assert full[full["period"] == "before 2012"]["count"].sum() == pytest.approx(counts[:3].sum(), rel=1e-6)


def test_term_scores(fitted):
    _, d, bow, model = fitted
    phi = topics.topic_word(model)
    freq = np.asarray(bow.sum(axis=0)).ravel()
    s = topics.term_scores(phi, freq, lam=0.6)
    assert np.allclose(s["relevance"], 0.6 * np.log(phi) + 0.4 * np.log(phi / (freq / freq.sum())))
    assert ((s["frex"] > 0) & (s["frex"] <= 1)).all()
    # 工作 is in every unit: of the words a topic uses (its own six and 工作), it is the least exclusive, so its
    # FREX is the lowest of them in both topics
    j = d.token2id["工作"]
    for k in range(phi.shape[0]):
        own = [d.token2id[w] for w in (CADRE if phi[k, d.token2id["干部"]] > phi[k, d.token2id["人才"]] else TALENT)]
        assert s["frex"][k, j] < s["frex"][k, own].min()
    table = topics.topic_terms_table(phi, [d[i] for i in range(len(d))], freq, top_n=3)
    assert list(table.columns) == ["topic", "rank", "term", "prob", "frex", "lift", "relevance", "relevance_rank"]


def test_frex_by_hand():
    """stm's calcfrex on a 2 x 3 phi, worked by hand: exclusivity phi / column sum = [2/3, 5/8, 1/3] in topic 0,
    whose within-topic ECDF ranks are [1, 2/3, 1/3]; the ranks of phi[0] = [0.2, 0.5, 0.3] are [1/3, 1, 2/3];
    FREX (weight 0.5) is their harmonic mean."""
    phi = np.array([[0.2, 0.5, 0.3], [0.1, 0.3, 0.6]])
    frex = topics.term_scores(phi, np.array([3.0, 8.0, 9.0]))["frex"]
    assert np.allclose(frex[0], [0.5, 0.8, 4 / 9])


def test_evaluate_k_heldout_is_disjoint():
    u = toy_units(60)
    mask = topics.heldout_split(60, fraction=0.1, random_state=0)
    assert mask.sum() == 6 and not mask.all()
    corpus = topics.ModelCorpus.from_tokens(list(u["tokens"]), no_below=1, no_above=1.0)
    model, metrics = topics.evaluate_k(corpus, 2, SETTINGS, heldout_fraction=0.1)
    assert metrics["n_heldout"] + metrics["n_train"] == 60
    assert 1 < metrics["perplexity_heldout"] < len(corpus.vocabulary) + 1
    for key in ("c_v", "c_npmi", "u_mass", "exclusivity"):
        assert np.isfinite(metrics[key])


def test_heldout_training_matrix_keeps_the_scored_half_out():
    """One fit per K (stm's make.heldout): held-out units train on their even-position tokens only, so the
    odd-position tokens that completion_perplexity scores were never seen; every other unit trains whole."""
    from collections import Counter

    u = toy_units(40)
    corpus = topics.ModelCorpus.from_tokens(list(u["tokens"]), no_below=1, no_above=1.0)
    hold = topics.heldout_split(len(corpus), fraction=0.25, random_state=3)
    m = topics.heldout_training_matrix(corpus, hold).toarray()
    full = corpus.matrix.toarray()
    for i, ids in enumerate(corpus.texts()):
        expect = np.zeros(full.shape[1])
        for j, n in Counter((ids[0::2] if hold[i] else ids).tolist()).items():
            expect[j] = n
        assert np.array_equal(m[i], expect), i
    assert np.array_equal(m[~hold], full[~hold]) and (m[hold].sum(axis=1) < full[hold].sum(axis=1)).all()
    sparse_m = topics.heldout_training_matrix(corpus, hold)
    assert sparse_m.has_canonical_format and (sparse_m.data > 0).all()  # a fit reads the stored entries


def test_select_k_rule():
    df = pd.DataFrame({"k": [3, 4, 5], "c_v": [0.4, 0.5, 0.5], "c_npmi": [0.0, 0.1, 0.1]})
    assert topics.select_k(df) == 4  # tie between 4 and 5 goes to the smaller K
    df2 = pd.DataFrame({"k": [3, 4, 5], "c_v": [0.6, 0.5, 0.4], "c_npmi": [0.0, 0.1, 0.2]})
    assert topics.select_k(df2, by=["c_v"]) == 3


def test_representative_units(fitted):
    u, d, bow, model = fitted
    theta = topics.document_topics(model, bow)
    rep = topics.representative_units(theta, u, per_topic=2, min_tokens=1)
    assert len(rep) == 4
    assert list(rep.columns) == ["topic", "year", "doc_id", "unit", "share", "text"]


def test_tomotopy_engine_recovers_topics_deterministically(tmp_path):
    from dataclasses import replace

    u = toy_units(60)
    c = model_corpus(u["tokens"])
    d, bow = c.vocabulary, c.matrix
    st = replace(SETTINGS, engine="tomotopy")
    m1, m2 = topics.fit_lda(bow, d, 2, st), topics.fit_lda(bow, d, 2, st)
    assert np.array_equal(m1.get_topics(), m2.get_topics())
    theta = topics.document_topics(m1, bow)
    assert np.allclose(theta.sum(axis=1), 1)
    cadre = [d.token2id[w] for w in CADRE]
    k = int(np.argmax(topics.topic_word(m1)[:, cadre].sum(axis=1)))
    assert topics.topic_word(m1)[k, cadre].sum() > 0.8
    assert theta[0, k] > 0.8 and theta[1, k] < 0.2
    m1.save(str(tmp_path / "m.model"))
    back = topics.load_model(str(tmp_path / "m.model"))
    assert np.array_equal(back.get_topics(), m1.get_topics())
    corpus = topics.ModelCorpus.from_tokens(list(u["tokens"]), no_below=1, no_above=1.0)
    _, metrics = topics.evaluate_k(corpus, 2, st, heldout_fraction=0.1)
    assert metrics["c_v"] > 0 and np.isfinite(metrics["perplexity_heldout"])


def test_rjieba_engine_agrees_on_domain_terms():
    from orgtopics.segment import Segmenter

    a = Segmenter(user_words=[("两学一做", "nz"), ("狮子型干部", "nz")], engine="jieba")
    b = Segmenter(user_words=[("两学一做", "nz"), ("狮子型干部", "nz")], engine="rjieba")
    text = "推进两学一做学习教育常态化制度化,选拔任用狮子型干部"
    assert [w for w, _ in a.tag(text)] == [w for w, _ in b.tag(text)]
    assert "两学一做" in b.tokens(text) and "狮子型干部" in b.tokens(text)


@pytest.mark.parametrize("measure", ["c_v", "c_npmi", "c_uci", "u_mass"])
def test_coherence_equals_gensim(measure):
    """Vectorised window counting gives gensim's CoherenceModel scores exactly, windows quirk included.

    A five-word vocabulary makes words repeat inside windows (where gensim's counter drops a word
    that leaves the window at the left edge although it occurs again), texts of every length around
    the window sizes 10 and 110, and empty texts.
    """
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    from orgtopics import coherence

    rng = np.random.default_rng(7)
    vocab = CADRE + TALENT + ["工作", "加强", "推进"]
    texts = []
    for i in range(300):
        n = int(rng.choice([0, 1, 5, 9, 10, 11, 30, 109, 110, 111, 200]))
        words = vocab[:5] if i % 3 == 0 else vocab
        texts.append(list(rng.choice(words, size=n)))
    d = Dictionary(texts)
    topic_words = [CADRE[:4] + ["工作"], TALENT[:3] + ["加强", "推进"], [CADRE[0], TALENT[0], "推进"]]
    ids = [[d.token2id[w] for w in t] for t in topic_words]
    ours = coherence.coherences(ids, coherence.encode_texts(texts, d.token2id), (measure,))[measure]
    kw = {"corpus": [d.doc2bow(t) for t in texts]} if measure == "u_mass" else {"texts": texts}
    theirs = CoherenceModel(topics=topic_words, dictionary=d, coherence=measure, processes=1, **kw).get_coherence()
    assert np.isfinite(ours)
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


def per_unit_em(phi: np.ndarray, alpha: np.ndarray, ids: np.ndarray, cnt: np.ndarray, *, tol: float) -> np.ndarray:
    """The plain, unaccelerated fold-in EM of one unit, run until an update moves no share by ``tol``."""
    theta = np.full(len(alpha), 1 / len(alpha))
    for _ in range(100_000):
        r = theta[:, None] * phi[:, ids]
        r /= r.sum(axis=0)
        new = alpha + r @ cnt
        new /= new.sum()
        done = np.abs(new - theta).max() < tol
        theta = new
        if done:
            break
    return theta


@pytest.mark.parametrize("k", [3, 8])
def test_fold_in_reaches_the_per_unit_em_maximum(k):
    """The blocked, vectorised, accelerated fold-in finds the maximum that the plain per-unit EM loop reaches
    when run to convergence (the objective is concave: one maximum), to within its tolerance, and stops where
    one more EM update moves no share by more than that."""
    u = toy_units(50, seed=4)
    c = model_corpus([*u["tokens"], []])  # and an empty unit
    d, X = c.vocabulary, c.matrix
    rng = np.random.default_rng(k)
    phi = rng.dirichlet(np.full(len(d), 0.5), size=k)
    model = topics.FoldInLda(phi, np.full(k, 0.3), d, "test")
    tol = 1e-6
    got, _ = model.inference(X, chunk_units=7, tol=tol)
    worst = 0.0
    for r, row in enumerate(got):
        ids, cnt = X[r].indices, X[r].data.astype(float)
        if not len(ids):
            assert np.allclose(row, model.alpha)
            continue
        assert row.sum() == pytest.approx(0.3 * k + cnt.sum(), rel=1e-12)
        shares = row / row.sum()
        best = per_unit_em(phi, model.alpha, ids, cnt, tol=1e-14)
        worst = max(worst, float(np.abs(shares - best).max()))
        resp = shares[:, None] * phi[:, ids]
        update = model.alpha + (resp / resp.sum(axis=0)) @ cnt
        assert np.abs(update / update.sum() - shares).max() < tol  # one more EM update moves nothing
    assert worst < 20 * tol


def test_fold_in_stays_on_the_simplex_where_the_extrapolation_leaves_it():
    """Units whose shares sit near a corner (a small prior, words of one topic) make the accelerated step
    overshoot below zero (the fold-in then takes the two plain EM updates instead); the shares stay positive
    and reach the maximum."""
    from scipy import sparse

    phi = np.array([[0.5, 0.49, 0.01, 1e-9, 1e-9], [1e-6, 0.1, 0.3, 0.3, 0.3], [0.2, 0.2, 0.2, 0.2, 0.2]])
    phi /= phi.sum(axis=1, keepdims=True)
    X = sparse.csr_matrix(np.array([[40, 30, 1, 0, 0], [0, 0, 5, 5, 5], [3, 0, 0, 0, 1]], dtype=float))
    model = topics.FoldInLda(phi, np.full(3, 0.01), topics.Vocabulary(list("abcde")), "test")
    got, _ = model.inference(X, tol=1e-9)
    shares = got / got.sum(axis=1, keepdims=True)
    assert (shares > 0).all()
    for r in range(3):
        best = per_unit_em(phi, model.alpha, X[r].indices, X[r].data, tol=1e-15)
        assert np.abs(shares[r] - best).max() < 1e-7


def test_model_corpus_is_gensims_corpus(tmp_path):
    """The shared model corpus holds exactly gensim's dictionary, counts and the units' word order, survives a
    save/load; a gensim fit from its matrix equals gensim's LdaModel on its own bag-of-words (the conversion
    at the edge changes nothing), and the fits of both engines survive a save/load as TopicFit."""
    from dataclasses import replace

    from gensim.models import LdaModel

    from orgtopics.coherence import encode_texts

    u = toy_units(60)
    toks = list(u["tokens"])
    d, bow = gensim_reference(toks, no_below=2, no_above=0.9)
    corpus = topics.ModelCorpus.from_tokens(toks, no_below=2, no_above=0.9, years=u["year"].to_numpy())
    corpus.save(str(tmp_path / "c.npz"))
    back = topics.ModelCorpus.load(str(tmp_path / "c.npz"))
    assert back.vocabulary.terms == [d[i] for i in range(len(d))]
    assert back.bow() == bow
    ids, offsets = encode_texts(toks, d.token2id)
    assert np.array_equal(back.ids, ids) and np.array_equal(back.offsets, offsets)
    assert np.array_equal(back.term_counts(), np.bincount([i for b in bow for i, n in b for _ in range(n)]))
    assert np.array_equal(back.n_tokens, u["tokens"].map(len).to_numpy(float))
    assert np.array_equal(back.years, u["year"].to_numpy())
    s = SETTINGS
    reference = LdaModel(
        corpus=bow,
        id2word=d,
        num_topics=2,
        passes=s.passes,
        iterations=s.iterations,
        alpha=s.alpha,
        eta=s.eta,
        random_state=s.random_state,
        eval_every=None,
        chunksize=s.chunksize,
        update_every=1,
        dtype=np.float64,
    )
    ours = topics.fit_lda(back.matrix, back.vocabulary, 2, SETTINGS)
    assert np.array_equal(reference.get_topics(), ours.get_topics())
    for st in (SETTINGS, replace(SETTINGS, engine="tomotopy")):
        b = topics.fit_lda(back.matrix, back.vocabulary, 2, st)
        fit = topics.TopicFit.of(b, back, random_state=3)
        assert np.array_equal(fit.theta, topics.document_topics(b, back.matrix, random_state=3))
        fit.save(str(tmp_path / "f.npz"))
        again = topics.TopicFit.load(str(tmp_path / "f.npz"))
        assert np.array_equal(again.phi, fit.phi) and np.array_equal(again.theta, fit.theta) and again.k == 2
