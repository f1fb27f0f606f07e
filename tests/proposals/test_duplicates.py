"""Duplicate suggestions from similar titles (pure, no database)."""

from edcamp.proposals.duplicates import duplicate_pairs, similarity, words


def test_words_drop_filler_and_fold_plurals():
    assert words("Using Chromebooks in the Classroom!") == ("chromebook", "classroom")


def test_same_topic_with_different_wording_is_suggested():
    pairs = duplicate_pairs(
        {
            1: "Chromebooks in the classroom",
            2: "Using Chromebook in classrooms",
            3: "Restorative circles for middle school",
        }
    )
    assert [(p.first_id, p.second_id) for p in pairs] == [(1, 2)]
    assert pairs[0].score >= 0.9


def test_small_spelling_differences_still_match():
    assert similarity("Genius hour", "Genuis hour") >= 0.8


def test_unrelated_titles_are_not_suggested():
    titles = {1: "Podcasting with students", 2: "Grading for equity", 3: "Makerspace on a budget"}
    assert duplicate_pairs(titles) == []


def test_titles_of_only_filler_words_never_match():
    assert similarity("How do we?", "What can you do?") == 0.0


def test_pairs_come_most_alike_first():
    pairs = duplicate_pairs(
        {
            1: "AI in the classroom",
            2: "AI in the classroom",
            3: "AI tools in the classroom for grading",
        },
        threshold=0.4,
    )
    assert pairs[0].score == 1.0
    assert (pairs[0].first_id, pairs[0].second_id) == (1, 2)
    assert all(a.score >= b.score for a, b in zip(pairs, pairs[1:], strict=False))
