"""Human validation of the topics and the dictionary: coding tasks, the coding page, and the scores of the answers.

Four tasks, as in R's oolong (Chan & Sältzer 2020) and the studies it follows:

- *word intrusion* (Chang et al. 2009, "Reading tea leaves"): a topic's top terms and one intruder, a term of
  another topic's top terms that is improbable in this one; a coherent topic lets a coder spot the intruder;
- *topic intrusion* (ibid.): a paragraph with its most probable topics and one improbable topic; a model whose
  shares fit the text lets a coder spot the improbable one (scored by accuracy and by Chang's topic log odds);
- *label validation* (Ying, Montgomery & Stewart 2022): does the name the report gives a topic fit its terms and
  its most typical passages (yes, partly, no);
- *dictionary precision*: a stratified sample of the seed terms' hits in context, each judged about its theme or
  not.

Tasks are drawn once per run with their own seed (same model and config: the same tasks, byte for byte); the
answer key is kept apart from what a coder sees, and an item's id is only its place on the page (:mod:`.tasks`).
The coding page (:mod:`.page`) exports the answers as CSV, one file per coder; :mod:`.scores` checks every row
against the tasks and scores them into ``validation_scores.csv``.
"""

from .page import render_coding_page
from .scores import (
    ANSWER_COLUMNS,
    CODER_COLUMNS,
    SCORE_COLUMNS,
    agreement,
    binomial_interval,
    read_answers,
    score_answers,
    wilson_interval,
)
from .tasks import ITEM_PREFIX, KEY_COLUMNS, TASKS, ValidationSettings, coding_tasks, options_of, task_set_id

__all__ = [
    "ANSWER_COLUMNS",
    "CODER_COLUMNS",
    "ITEM_PREFIX",
    "KEY_COLUMNS",
    "SCORE_COLUMNS",
    "TASKS",
    "ValidationSettings",
    "agreement",
    "binomial_interval",
    "coding_tasks",
    "options_of",
    "read_answers",
    "render_coding_page",
    "score_answers",
    "task_set_id",
    "wilson_interval",
]
