"""What each viewer may see of the board (pure, no database)."""

from edcamp.voting.board import counts_hidden, public_view


def board(*, voting="open", show_counts=False):
    return {
        "event": "demo",
        "voting": voting,
        "show_counts": show_counts,
        "votes_cast": 6,
        "proposals": [
            {"id": 1, "title": "A", "tags": [], "votes": 4},
            {"id": 2, "title": "B", "tags": [], "votes": 2},
            {"id": 3, "title": "C", "tags": [], "votes": 0},
        ],
    }


def test_attendees_see_no_counts_while_voting_is_open_and_counts_are_hidden():
    view = public_view(board())
    assert counts_hidden(board())
    assert all("votes" not in item for item in view["proposals"])
    assert {item["id"] for item in view["proposals"]} == {1, 2, 3}


def test_hidden_counts_order_is_a_fixed_shuffle_not_the_vote_order():
    first = [item["id"] for item in public_view(board())["proposals"]]
    again = [item["id"] for item in public_view(board())["proposals"]]
    assert first == again
    assert first == [2, 3, 1]  # the hash order, not most-votes-first [1, 2, 3]


def test_organizers_always_see_counts():
    view = public_view(board(), organizer=True)
    assert [item["votes"] for item in view["proposals"]] == [4, 2, 0]


def test_everyone_sees_counts_when_shown_or_once_voting_closes():
    assert public_view(board(show_counts=True))["proposals"][0]["votes"] == 4
    closed = public_view(board(voting="closed"))
    assert [item["votes"] for item in closed["proposals"]] == [4, 2, 0]


def test_the_view_leaves_the_shared_state_untouched():
    state = board()
    public_view(state)
    assert state["proposals"][0]["votes"] == 4
