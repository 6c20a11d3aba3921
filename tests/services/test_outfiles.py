"""Generated file names: ASCII slugs, inside their folder, never replacing an existing file."""

import pytest

from clientkit import paths
from clientkit.services.errors import BadInput, Refused
from clientkit.services.outfiles import (
    MAX_SLUG,
    output_folder,
    slugify,
    write_named,
    write_new,
)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Ľubomír Šťastný", "Logo & Web"), "lubomir-stastny-logo-web"),
        (("../../etc", "passwd"), "etc-passwd"),
        (("..", "/"), "document"),
        (("Иван Петров",), "document"),
        (("C:\\Users\\x", ".bashrc"), "c-users-x-bashrc"),
    ],
)
def test_slugs_are_plain_ascii_without_separators_or_dots(parts, expected):
    assert slugify(*parts) == expected


def test_a_slug_has_a_bounded_length():
    slug = slugify("a" * 500, "b" * 500)
    assert len(slug) <= MAX_SLUG
    assert not slug.endswith("-")


def test_the_output_folder_is_inside_the_clientkit_home_and_private():
    folder = output_folder("contracts")
    assert folder == paths.output_dir() / "contracts"
    assert folder.stat().st_mode & 0o077 == 0


def test_a_taken_name_gets_a_numbered_suffix_and_the_old_file_is_kept(tmp_path):
    first = write_new(tmp_path, "acme-logo", ".pdf", b"one")
    second = write_new(tmp_path, "acme-logo", ".pdf", b"two")
    third = write_new(tmp_path, "acme-logo", ".pdf", b"three")
    assert [p.name for p in (first, second, third)] == [
        "acme-logo.pdf",
        "acme-logo-2.pdf",
        "acme-logo-3.pdf",
    ]
    assert first.read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "acme-logo-2.pdf",
        "acme-logo-3.pdf",
        "acme-logo.pdf",
    ]  # no temporary files left


def test_without_hard_links_files_still_land_whole_private_and_never_replaced(
    tmp_path, monkeypatch
):
    """Some file systems (FAT, some network shares) refuse os.link: an exclusive create
    takes over, with the same promises."""

    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("clientkit.services.outfiles.os.link", no_links)
    first = write_new(tmp_path, "reminder", ".eml", b"one")
    second = write_new(tmp_path, "reminder", ".eml", b"two")
    assert [p.name for p in (first, second)] == ["reminder.eml", "reminder-2.eml"]
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert first.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reminder-2.eml", "reminder.eml"]


def test_a_slug_that_would_leave_the_folder_is_refused(tmp_path):
    with pytest.raises(BadInput):
        write_new(tmp_path, "../escape", ".pdf", b"x")
    assert not (tmp_path.parent / "escape.pdf").exists()


def test_a_named_existing_file_is_replaced_only_with_force(tmp_path):
    target = tmp_path / "c.pdf"
    target.write_bytes(b"mine")
    with pytest.raises(Refused, match="pass --force"):
        write_named(target, b"new")
    assert target.read_bytes() == b"mine"
    write_named(target, b"new", force=True)
    assert target.read_bytes() == b"new"


def test_a_named_directory_or_missing_folder_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="is a directory"):
        write_named(tmp_path, b"x")
    with pytest.raises(BadInput, match="does not exist"):
        write_named(tmp_path / "missing" / "c.pdf", b"x")
