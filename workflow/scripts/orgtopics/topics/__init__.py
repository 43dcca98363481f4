"""LDA topic models: the model corpus, the engines, the choice of K, and reading a fitted model.

One input contract: every model function takes the units as a count matrix ``X``
(``scipy.sparse.csr_matrix``, shape (n_units, n_terms), :attr:`ModelCorpus.matrix`) with its
:class:`Vocabulary`; gensim's own corpus format is made from it at the edge, inside :func:`fit_lda` and
:func:`document_topics`.

==================  ===============================================================================
``model_corpus``    :class:`Vocabulary`, :class:`ModelCorpus` (built once, shared by every model job)
``engines``         :func:`fit_lda`, :func:`document_topics`, :func:`topic_word`, :class:`TopicFit`,
                    gensim and tomotopy (:class:`FoldInLda`)
``selection``       :func:`evaluate_k` (held-out perplexity, coherence, exclusivity), :func:`select_k`,
                    :func:`chosen_k`
``interpretation``  :func:`term_scores`, :func:`topic_terms_table`, :func:`label_topics`,
                    :func:`representative_units`, :func:`neighbour_terms`
==================  ===============================================================================

Reproducibility: only ``gensim.models.LdaModel`` with an explicit ``random_state`` is used
(``LdaMulticore`` is not reproducible), with ``eval_every=None``. gensim's ``get_document_topics`` draws
fresh random numbers on each call and hides topics under ``minimum_probability`` (gensim #591);
:func:`document_topics` instead runs the model's variational inference once over all units from a freshly
seeded state and normalises the full gamma matrix, so document-topic shares are deterministic and sum to one.
"""

from .engines import (
    DEFAULT_SWEEPS,
    SWEEPS_PER_LOG,
    FoldInLda,
    LdaSettings,
    TopicFit,
    document_topics,
    fit_lda,
    load_model,
    tomotopy_sweeps,
    topic_word,
)
from .interpretation import (
    label_topics,
    neighbour_terms,
    representative_units,
    term_scores,
    topic_terms_by_period,
    topic_terms_table,
)
from .model_corpus import ModelCorpus, Vocabulary, build_vocabulary, count_matrix, matrix_bow
from .selection import (
    chosen_k,
    completion_perplexity,
    evaluate_k,
    exclusivity,
    heldout_split,
    heldout_training_matrix,
    select_k,
    training_matrix,
)

__all__ = [
    "DEFAULT_SWEEPS",
    "SWEEPS_PER_LOG",
    "FoldInLda",
    "LdaSettings",
    "ModelCorpus",
    "TopicFit",
    "Vocabulary",
    "build_vocabulary",
    "chosen_k",
    "completion_perplexity",
    "count_matrix",
    "document_topics",
    "evaluate_k",
    "exclusivity",
    "fit_lda",
    "heldout_split",
    "heldout_training_matrix",
    "label_topics",
    "load_model",
    "matrix_bow",
    "neighbour_terms",
    "representative_units",
    "select_k",
    "term_scores",
    "topic_terms_by_period",
    "tomotopy_sweeps",
    "topic_terms_table",
    "topic_word",
    "training_matrix",
]
