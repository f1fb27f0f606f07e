import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edcamp.contacts.handles import (
    HANDLE_KINDS,
    HandleError,
    is_valid_handle,
    normalise_handle,
    normalise_handles,
    profile_url,
)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("mastodon", "@alice@Mastodon.Social", "@alice@mastodon.social"),
        ("mastodon", "alice@fosstodon.org", "@alice@fosstodon.org"),
        ("mastodon", "https://mastodon.social/@alice", "@alice@mastodon.social"),
        ("mastodon", "mastodon.social/@alice/", "@alice@mastodon.social"),
        ("mastodon", "https://hachyderm.io/users/bob", "@bob@hachyderm.io"),
        ("mastodon", "https://a.example/@bob@b.example", "@bob@b.example"),
        ("bluesky", "alice.bsky.social", "alice.bsky.social"),
        ("bluesky", "@Alice.BSKY.social", "alice.bsky.social"),
        ("bluesky", "teacher.example.org", "teacher.example.org"),
        ("bluesky", "https://bsky.app/profile/alice.bsky.social", "alice.bsky.social"),
        ("x", "@jack", "@jack"),
        ("x", "jack_2", "@jack_2"),
        ("x", "https://twitter.com/jack", "@jack"),
        ("x", "https://x.com/jack/status/20", "@jack"),
        (
            "linkedin",
            "https://www.linkedin.com/in/jane-doe/",
            "https://www.linkedin.com/in/jane-doe",
        ),
        ("linkedin", "de.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe"),
        ("website", "example.org", "https://example.org/"),
        ("website", "HTTP://Example.org/About?x=1#top", "http://example.org/About?x=1"),
        ("website", "example.com:8080/x", "https://example.com:8080/x"),
        ("website", "https://münchen.de/", "https://xn--mnchen-3ya.de/"),
        ("blog_feed", "https://blog.example.org/feed.xml", "https://blog.example.org/feed.xml"),
    ],
)
def test_handle_is_normalised(kind, value, expected):
    assert normalise_handle(kind, value) == expected
    assert is_valid_handle(kind, expected)


@pytest.mark.parametrize("kind", HANDLE_KINDS)
@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_handle_is_none(kind, value):
    assert normalise_handle(kind, value) is None


@pytest.mark.parametrize(
    ("kind", "value", "needle"),
    [
        ("mastodon", "@alice", "@user@instance"),
        ("mastodon", "alice@localhost", "not a valid domain"),
        ("mastodon", "@a@b@c.example", "@user@instance"),
        ("mastodon", "https://mastodon.social/about", "not a profile page"),
        ("mastodon", "@al ice@mastodon.social", "not a valid user name"),
        ("mastodon", "javascript:alert(1)", "@user@instance"),
        ("bluesky", "alice", "not a handle"),
        ("bluesky", "did:plc:abc123", "not a DID"),
        ("bluesky", "alice@bsky.social", "no second @"),
        ("bluesky", "https://evil.example/profile/alice.bsky.social", "bsky.app/profile"),
        ("x", "@this_name_is_far_too_long", "1 to 15"),
        ("x", "https://evil.example/jack", "x.com/name"),
        ("x", "x.com/home", "1 to 15"),
        ("linkedin", "jane-doe", "profile link"),
        ("linkedin", "https://evil.example/in/jane-doe", "profile link"),
        ("linkedin", "https://www.linkedin.com/company/acme", "profile link"),
        ("website", "javascript:alert(1)", "only http"),
        ("website", "JaVaScRiPt:alert(1)", "only http"),
        ("website", "data:text/html,<b>hi</b>", "only http"),
        ("website", "vbscript:msgbox", "only http"),
        ("website", "ftp://example.org/", "only http"),
        ("website", "https://user:pw@example.org/", "user name or password"),
        ("website", "https://example.org/<script>", "angle brackets"),
        ("website", "https://example.org:99999/", "port"),
        ("website", "//example.org", "no domain"),
        ("website", "https://localhost/", "not a valid domain"),
        ("website", "java\tscript:alert(1)", "control characters"),
        ("website", "https://example.org/\u202egnp.exe", "control characters"),
        ("blog_feed", "https://example.org/" + "a" * 600, "too long"),
        ("blog_feed", "file:///etc/passwd", "only http"),
    ],
)
def test_bad_handle_is_rejected_with_a_clear_message(kind, value, needle):
    with pytest.raises(HandleError) as caught:
        normalise_handle(kind, value)
    assert needle in caught.value.message
    assert caught.value.kind == kind


def test_unknown_kind_is_rejected():
    with pytest.raises(HandleError, match="Unknown kind"):
        normalise_handle("myspace", "tom")


def test_normalise_handles_drops_empty_and_names_the_bad_field():
    assert normalise_handles({"x": "jack", "bluesky": "", "website": None}) == {"x": "@jack"}
    with pytest.raises(HandleError) as caught:
        normalise_handles({"x": "jack", "website": "javascript:alert(1)"})
    assert caught.value.kind == "website"


@pytest.mark.parametrize(
    ("kind", "handle", "url"),
    [
        ("mastodon", "@alice@mastodon.social", "https://mastodon.social/@alice"),
        ("bluesky", "alice.bsky.social", "https://bsky.app/profile/alice.bsky.social"),
        ("x", "@jack", "https://x.com/jack"),
        ("website", "https://example.org/", "https://example.org/"),
    ],
)
def test_profile_url(kind, handle, url):
    assert profile_url(kind, handle) == url


URLISH = st.text(alphabet="htps:/@.[]%#?=-_ax1öI\t ", max_size=40) | st.text(max_size=80)


@given(kind=st.sampled_from(HANDLE_KINDS), text=URLISH)
@settings(max_examples=400, deadline=None)
def test_any_text_is_rejected_or_normalised_idempotently(kind, text):
    try:
        normal = normalise_handle(kind, text)
    except HandleError as error:
        message = error.message
        assert message, "every rejection says why"  # noqa: PT017
        return
    if normal is None:
        assert not text.strip()
        return
    assert normalise_handle(kind, normal) == normal
    assert not any(ch.isspace() or ch in "<>\"'`" for ch in normal)
    if kind in ("website", "blog_feed", "linkedin"):
        assert normal.startswith(("http://", "https://"))


@given(
    scheme=st.sampled_from(["javascript", "JavaScript", "data", "vbscript", "file", "ftp"]),
    rest=st.text(min_size=1, max_size=40),
)
def test_other_schemes_never_pass(scheme, rest):
    for kind in ("website", "blog_feed"):
        with pytest.raises(HandleError):
            normalise_handle(kind, f"{scheme}:{rest}")
