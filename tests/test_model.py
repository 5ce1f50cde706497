"""The records' origin (file and line) survives what pydantic does to a record.

model.Record keeps the origin in a slot, not a pydantic private attribute, and overrides
__eq__, __copy__, __deepcopy__, __getstate__ and __setstate__ so copies, pickles and
comparisons see it. These tests fail when a pydantic upgrade changes what those methods
are handed or when they are called, so the overrides are re-checked then, not trusted."""

from __future__ import annotations

import copy
import pickle

import pytest

from reportgen.data import loader
from reportgen.data.model import Event, Quote, Record

from .conftest import MINI


@pytest.fixture(scope="module")
def inv():
    return loader.load(MINI)


def _copies(record: Record) -> dict[str, Record]:
    return {
        "copy.copy": copy.copy(record),
        "copy.deepcopy": copy.deepcopy(record),
        "model_copy": record.model_copy(),
        "model_copy(deep)": record.model_copy(deep=True),
        "model_copy(update)": record.model_copy(update={"title": record.title + " (copy)"}),
        "pickle": pickle.loads(pickle.dumps(record)),
    }


def test_every_copy_and_pickle_keeps_where_each_record_was_written(inv):
    event: Event = inv.events[0]
    assert event.origin is not None and event.citations
    for how, copied in _copies(event).items():
        assert copied.origin == event.origin, how
        assert copied.field_origin("title") == event.field_origin("title"), how
        # records inside the record keep theirs too
        assert [c.origin for c in copied.citations] == [c.origin for c in event.citations], how
        assert copied.citations[0].origin is not None, how


def test_a_copy_or_pickle_has_every_field_back(inv):
    event = inv.events[0]
    for how, copied in _copies(event).items():
        if how == "model_copy(update)":
            assert copied.title == event.title + " (copy)"
            continue
        assert copied.model_dump() == event.model_dump(), how
        assert copied.model_fields_set == event.model_fields_set, how
        assert copied == event, how


def test_records_are_equal_only_when_written_at_the_same_place(inv):
    quote: Quote = inv.quotes[0]
    twin = Quote.model_validate(quote.model_dump())  # the same fields, never loaded from a file
    assert twin.origin is None
    assert twin != quote and quote != twin
    assert twin == Quote.model_validate(quote.model_dump())
    assert quote != quote.model_copy(update={"text": quote.text + "!"})
    assert quote != quote.model_dump() and quote != "a quote"


def test_the_origin_is_a_slot_pydantic_leaves_alone(inv):
    # A slot, so pydantic has no private attribute to call back into Python for on every
    # record it validates; and none of the origin lands in the record's fields.
    quote = inv.quotes[0]
    assert "_where" in Record.__slots__
    assert Quote.__private_attributes__ == {}
    assert "_where" not in quote.__dict__ and "_where" not in quote.model_dump()
    assert "_where" not in Quote.model_json_schema()["properties"]
