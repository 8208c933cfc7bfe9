"""assistant/ui/inputs.py and upload.py's file names: what the browser sends, checked. Filters from the widgets, bad
dates refused, the chat's history read back, upload names that cannot leave the upload folder, size limits."""

from __future__ import annotations

import json

import pytest

from assistant.ui import inputs, upload
from assistant.models import Filters
from index.errors import BadInput


# --- inputs ---------------------------------------------------------------------------------------
def test_to_filters_maps_widgets_to_filters():
    assert inputs.to_filters("Alla", "Alla", "", "  ") == Filters()
    assert inputs.to_filters("Samordningsförbundet i Blekinge", "styrelsen", "2025-01-01", "2025-12-31") == Filters(
        "Samordningsförbundet i Blekinge", "styrelsen", "2025-01-01", "2025-12-31"
    )
    assert inputs.to_filters(None, None, None, None) == Filters()


@pytest.mark.parametrize("date_from, date_to", [("2025-13-01", ""), ("igår", ""), ("2025-12-31", "2025-01-01")])
def test_to_filters_rejects_bad_dates(date_from, date_to):
    with pytest.raises(BadInput):
        inputs.to_filters("Alla", "Alla", date_from, date_to)


def test_parse_history():
    turns = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b", "extra": 1}]
    assert inputs.parse_history(json.dumps(turns)) == [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    assert inputs.parse_history("") == []
    for bad in ("{", '{"role": "user"}', '[{"role": "system", "content": "x"}]'):
        with pytest.raises(BadInput):
            inputs.parse_history(bad)


@pytest.mark.parametrize("name, clean", [
    ("protokoll.txt", "protokoll.txt"),
    ("a/b/protokoll.PDF", "protokoll.PDF"),
    ("/etc/cron.d/protokoll.docx", "protokoll.docx"),
    ("C:\\Users\\x\\protokoll.md", "protokoll.md"),
])
def test_safe_upload_name_strips_directories(name, clean):
    assert upload.safe_upload_name(name) == clean


@pytest.mark.parametrize("name", ["../protokoll.txt", "a/../../protokoll.txt", "..\\..\\x.txt", "..", "", ".hidden.txt",
                                  "evil.exe", "noext", "bad\nname.txt", "x" * 300 + ".txt"])
def test_safe_upload_name_refuses(name):
    with pytest.raises(BadInput):
        upload.safe_upload_name(name)


def test_save_upload_stays_in_folder_and_enforces_size(tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(b"x" * (1024 * 1024 + 1))
    uploads = tmp_path / "uploads"
    with pytest.raises(BadInput, match="over the limit of 1 MB"):
        upload.save_upload(source, "in.txt", uploads, max_mb=1)
    saved = upload.save_upload(source, "sub/in.txt", uploads, max_mb=2)
    assert saved.name == "in.txt" and saved.parent.parent == uploads.resolve() and saved.read_bytes() == source.read_bytes()
    with pytest.raises(BadInput):
        upload.save_upload(source, "../in.txt", uploads, max_mb=2)
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["in.txt", "in.txt", "uploads", saved.parent.name])


def test_two_uploads_of_one_name_are_both_kept_and_the_same_file_twice_once(tmp_path):
    first, second = tmp_path / "a" / "protokoll.txt", tmp_path / "b" / "protokoll.txt"
    for path, text in ((first, "Protokoll ett"), (second, "Protokoll två")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    uploads = tmp_path / "uploads"
    kept = [upload.save_upload(p, "protokoll.txt", uploads, max_mb=1) for p in (first, second, first)]
    assert kept[0] != kept[1] and kept[0] == kept[2]
    assert [p.name for p in kept] == ["protokoll.txt"] * 3
    assert [p.read_text(encoding="utf-8") for p in kept[:2]] == ["Protokoll ett", "Protokoll två"]
