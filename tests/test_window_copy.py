"""The in-memory copy of the window vectors: exact nearest § by their best window, within a snapshot's §,
read from the vector store once per generation, new § only."""

import numpy as np
import pytest

from index.store.window_copy import WindowCopy


class Collection:
    """Chroma's collection as the copy reads it: windows '<§ id>#<k>' with their embeddings."""

    def __init__(self, windows: dict[str, list[float]]):
        self.windows = dict(windows)
        self.reads: list[str] = []

    def count(self) -> int:
        return len(self.windows)

    def get(self, include, where=None, limit=None, offset=0):
        keys = list(self.windows)
        if where is not None:
            wanted = set(where["id"]["$in"])
            keys = [k for k in keys if k.rsplit("#", 1)[0] in wanted]
            self.reads.append("some")
        else:
            keys = keys[offset:offset + limit]
            self.reads.append("all")
        return {"ids": keys, "embeddings": [self.windows[k] for k in keys]}


def unit(*xs: float) -> list[float]:
    v = np.asarray(xs, dtype=float)
    return list(v / np.linalg.norm(v))


@pytest.fixture
def copied():
    collection = Collection({"a#0": unit(1, 0, 0), "a#1": unit(0.6, 0.8, 0), "b#0": unit(0, 1, 0), "c#0": unit(0, 0, 1)})
    copy = WindowCopy()
    copy.update(collection, 1, ["a", "b", "c"])
    return copy, collection


def test_each_paragraph_is_found_by_its_best_window_best_first(copied):
    copy, _ = copied
    found = copy.nearest(unit(0.5, 1, 0), 3, {"a": 0, "b": 1, "c": 2}, None)
    assert [key for key, _ in found] == ["a", "b", "c"]
    assert found[0][1] == pytest.approx(float(np.dot(unit(0.6, 0.8, 0), unit(0.5, 1, 0))))  # a#1, not a#0


def test_only_the_snapshot_s_paragraphs_inside_the_mask_are_found(copied):
    copy, _ = copied
    row = {"a": 0, "b": 1}  # c is not in this generation
    assert [key for key, _ in copy.nearest(unit(0, 0, 1), 3, row, None)] == ["a", "b"]
    assert [key for key, _ in copy.nearest(unit(1, 0, 0), 3, row, np.array([False, True]))] == ["b"]
    assert len(copy.nearest(unit(1, 0, 0), 1, row, None)) == 1


def test_new_paragraphs_are_read_once_per_generation_and_only_they(copied):
    copy, collection = copied
    collection.windows["d#0"] = unit(1, 1, 0)
    copy.update(collection, 1, ["a", "b", "c", "d"])  # same generation: nothing read
    assert collection.reads == ["all"]
    copy.update(collection, 2, ["a", "b", "c", "d"])
    assert collection.reads == ["all", "some"]
    assert copy.nearest(unit(1, 1, 0), 1, {"a": 0, "b": 1, "c": 2, "d": 3}, None)[0][0] == "d"
