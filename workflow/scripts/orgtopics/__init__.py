"""orgtopics: thematic emphasis in Chinese policy texts over time.

The library behind the Snakemake workflow. ``orgtopics.stages`` holds one module per rule file, one function
per rule (rule ``fit_lda`` calls ``orgtopics.stages.topics.fit_lda``); they read and write files and call the
modules below, which take data, not paths, and do one job each:

=====================  ============================================================================
``corpus``             read and validate a corpus (folder + manifest, or a table); ``formats`` gets text
                       out of web pages, Word and PDF; ``document_checks`` and ``near_duplicates`` are
                       the costly checks of a scan
``clean``              decode, normalise, strip pinyin, convert to simplified, drop page furniture
``segment``            jieba (or jieba-rs) with the domain dictionary, quoted phrases, stopwords, POS filter
``units``              paragraphs as modelling units
``features``           TF-IDF by year (scikit-learn)
``themes``             the dictionary baseline: theme rates per 10k tokens
``slogans``, ``kwic``  slogans and numbered formulas over time; keywords in context
``topics``             LDA: model corpus, engines, the choice of K, reading a model (a package)
``trends``             estimators: bootstrap intervals per year, contrasts, term trajectories
``findings``           verdicts and sentences from the estimates
``evidence``           the chosen model against other seeds, engines, Ks, stoplists and a seeded model
``figures``            matplotlib figures with a registered CJK font; ``figure_registry`` lists them
``report``             the self-contained HTML report; ``explorer`` the topic explorer; ``browser`` the PDF
``provenance``         versions, config, hashes of every input
``workflow_support``   what the rule files call while Snakemake builds the DAG
``resources``,         word lists and themes; deterministic table I/O; errors a researcher can act on
``tables``, ``errors``
=====================  ============================================================================
"""

__version__ = "0.2.0"
