"""The labelled query set: splitting keeps pairs together and never moves a placed query."""
from knowledge.evaluate import QueryCase, load_queries, make_splits


def case(i, pair=None):
    return QueryCase(f"q-{i}", "en", "request", "text", {"techniques": ["fab"]}, pair)


def test_new_queries_are_placed_without_moving_old_ones_and_pairs_stay_together():
    old = {"tune": ["q-1", "q-2"], "test": ["q-3"]}
    cases = [case(1), case(2), case(3), *(case(i, f"q-{i + 1}" if i % 2 == 0 else f"q-{i - 1}") for i in range(10, 30))]
    splits = make_splits(cases, keep=old)
    assert set(old["tune"]) <= set(splits["tune"]) and set(old["test"]) <= set(splits["test"])
    assert sorted(splits["tune"] + splits["test"]) == sorted(c.id for c in cases)
    for c in cases:
        if c.pair:
            assert (c.id in splits["test"]) == (c.pair in splits["test"])


def test_shipped_splits_place_every_query_once():
    import json

    from knowledge.evaluate import SPLITS

    placed = json.loads(SPLITS.read_text())
    ids = [c.id for c in load_queries()]
    assert sorted(placed["tune"] + placed["test"]) == sorted(ids)
    assert not set(placed["tune"]) & set(placed["test"])
