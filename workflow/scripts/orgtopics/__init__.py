"""orgtopics: thematic emphasis in Chinese policy texts over time.

The library behind the Snakemake workflow. Each module is one stage:

``corpus``   read and validate a corpus (manifest + texts)
``clean``    decode, normalise, strip pinyin, convert to simplified, drop page furniture
``segment``  jieba segmentation with domain dictionary, quoted phrases, stopwords, POS filter
``units``    paragraphs as modelling units
``features`` TF-IDF by year (scikit-learn)
``themes``   dictionary baseline: theme rates per 10k tokens with bootstrap intervals
``topics``   LDA (gensim): K sweep, coherence, labels, deterministic document-topic shares
``trends``   bootstrap intervals and term trajectories
``figures``  matplotlib figures with a registered CJK font
``report``   the self-contained HTML report
"""

__version__ = "0.2.0"
