"""The segmentation audit: tokens that are pieces of a longer word the segmenter cut."""

from orgtopics.fragments import suspect_fragments


def test_pieces_of_a_cut_word_are_found_and_whole_words_are_not():
    """岸信 is always followed by 介; 侧 always follows 供给 (which stands before many words) and
    precedes 结构性: both are reported once, with the word they were cut from. 改革 stands before many
    different words, and 干部 is always followed by the same two-character word (a collocation, not a
    cut): neither is reported; nor is 公文, always after 的, which stands before many words. A token seen
    fewer than min_count times is not judged."""
    units = (
        [["岸信", "介", "访华", "。"]] * 6
        + [["推进", "供给", "侧", "结构性", "改革"]] * 7
        + [["公共", "服务", "供给", w] for w in ("保障", "能力", "水平", "体系")]
        + [["的", w] for w in ("公文",) * 6 + ("干部", "人才", "作风", "制度", "纪律", "建设", "思想", "组织") * 3]
        + [["改革", w] for w in ("开放", "创新", "深化", "措施", "任务", "举措")]
        + [["干部", "队伍"]] * 8
        + [["四个现代", "化"]] * 3
    )
    tokens = {"岸信", "侧", "改革", "干部", "供给", "四个现代", "公文"}
    df = suspect_fragments(units, tokens, min_count=5, min_share=0.9)
    found = dict(zip(df["token"], df["whole"]))
    assert found == {"侧": "供给侧", "岸信": "岸信介"}
    assert set(suspect_fragments(units, tokens, min_count=3)["token"]) == {"侧", "岸信", "四个现代"}
    row = df.set_index("token").loc["侧"]
    assert (row["side"], row["neighbour"], row["count"], row["share"]) == ("before", "供给", 7, 1.0)


def test_the_real_segmenter_cuts_unknown_words_and_the_audit_sees_it(segmenter):
    """jieba with the project's dictionary cuts 岸信介 into 岸信 + 介 and 反右派斗争 into 反右派斗 + 争 (the
    pieces the issue found among the top TF-IDF terms); repeated, the audit names both wholes."""
    texts = ["日本首相岸信介访华。", "反右派斗争扩大化，干部队伍受到冲击。"]
    units = [[w for w, _ in segmenter.tag(t)] for t in texts] * 6
    assert "岸信介" not in units[0] and "反右派斗争" not in units[1]
    df = suspect_fragments(units, {w for u in units for w in u})
    assert {"岸信介", "反右派斗争"} <= set(df["whole"])


def test_no_words_no_suspects():
    assert suspect_fragments([], set()).empty
