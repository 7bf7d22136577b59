"""The interface's content files (glossary, guide, historical series) refuse any shape of
mistake with a ContentError naming the file and the entry, never a traceback."""

import contextlib

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.errors import ContentError
from game.ui.content_toml import read_content
from game.ui.glossary import load_glossary, parse_glossary
from game.ui.guide import parse_guide
from game.ui.history_data import load_series, parse_region_series, parse_series

PARSERS = {
    "term": parse_glossary,
    "step": parse_guide,
    "series": parse_series,
}
FIELDS = {
    "term": ("id", "term", "ru", "text", "see", "match"),
    "step": ("id", "scene", "target", "wait", "title", "text", "when"),
    "series": ("figure", "region", "label", "unit", "source", "note", "scale", "points"),
}

_scalar = st.one_of(
    st.integers(-3000, 3000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.text(max_size=8),
    st.sampled_from(["campaign", "map", "next", "a", "card", "harvest_true_mt"]),
)
_value = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize("key", sorted(PARSERS))
@pytest.mark.parametrize("value", [5, "text", {"id": "a"}, [1, 2], True])
def test_an_entry_list_of_the_wrong_shape_is_refused(key, value):
    with pytest.raises(ContentError) as e:
        PARSERS[key](rtoml.dumps({key: value}))
    assert "content" in str(e.value) or ".toml" in str(e.value)


def test_the_glossary_names_the_field_of_the_wrong_type():
    good = '[[term]]\nid = "a"\nterm = "A"\ntext = "Some text"\n'
    assert [t.id for t in parse_glossary(good)] == ["a"]
    with pytest.raises(ContentError, match="term 'a': 'ru' must be a text"):
        parse_glossary(good + "ru = 5\n")
    with pytest.raises(ContentError, match="term 'a': 'match' must be a list of words"):
        parse_glossary(good + 'match = ["ok", 3]\n')
    with pytest.raises(ContentError, match="term #1 has no id"):
        parse_glossary('[[term]]\nid = 7\nterm = "A"\ntext = "t"\n')


def test_a_series_label_must_be_text():
    base = '[[series]]\nfigure = "x"\npoints = [[1930, 1]]\n'
    assert parse_series(base)["x"].label == "x"
    with pytest.raises(ContentError, match="series 'x': 'label' must be a text"):
        parse_series(base + "label = 3\n")


def test_unreadable_files_are_named(tmp_path):
    with pytest.raises(ContentError, match="cannot read the glossary"):
        read_content(tmp_path / "missing.toml", "glossary")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("[[term]]\nterm = 'caf\xe9'\n".encode("latin-1"))
    with pytest.raises(ContentError, match="latin1.toml: the glossary is not UTF-8 text"):
        load_glossary(bad)
    with pytest.raises(ContentError, match="cannot read the historical series"):
        load_series(tmp_path)  # a folder, not a file


@settings(max_examples=150, deadline=None)
@given(
    key=st.sampled_from(sorted(PARSERS)),
    entries=st.lists(
        st.dictionaries(st.sampled_from(list({f for fs in FIELDS.values() for f in fs})), _value),
        max_size=3,
    ),
)
def test_any_toml_document_gives_entries_or_a_content_error(key, entries):
    text = rtoml.dumps({key: entries})
    parsers = [PARSERS[key]] + ([parse_region_series] if key == "series" else [])
    for parse in parsers:
        with contextlib.suppress(ContentError):
            parse(text)
