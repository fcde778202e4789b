"""Tests of helpers.ratings: the three MovieLens layouts, every bad input, and the splits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.ratings import (
    MOVIELENS_SCALE,
    Ratings,
    load_movielens,
    train_test_split,
    train_validation_split,
)

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"


# ---------------------------------------------------------------------------------------------
# The three layouts
# ---------------------------------------------------------------------------------------------
def test_latest_csv_with_header_and_titles():
    r = load_movielens(FIXTURES / "latest" / "ratings.csv")
    assert len(r) == 5
    assert r.user_ids.tolist() == [1, 2, 3]
    assert r.item_ids.tolist() == [10, 20, 30]
    assert r.raw_users.tolist() == [1, 1, 2, 2, 3]
    assert r.raw_items.tolist() == [10, 20, 10, 30, 20]
    assert r.values.tolist() == [4.0, 3.5, 5.0, 0.5, 2.0]
    assert r.user_index.dtype == np.int32 and r.item_index.dtype == np.int32
    assert r.user_counts.tolist() == [2, 2, 1]
    assert r.item_counts.tolist() == [2, 2, 1]
    assert r.scale == MOVIELENS_SCALE
    assert r.source == "ratings.csv"
    # a quoted title with a comma inside survives
    assert r.title(20) == "American President, The (1995)"
    assert r.title(999) == "item 999"
    assert r.density == pytest.approx(5 / 9)


def test_folder_is_resolved_to_its_ratings_file():
    assert len(load_movielens(FIXTURES / "latest")) == 5
    assert load_movielens(FIXTURES / "ml-1m").source == "ratings.dat"
    assert load_movielens(FIXTURES / "ml-100k").source == "u.data"


def test_100k_tab_separated_with_latin1_titles():
    r = load_movielens(FIXTURES / "ml-100k" / "u.data")
    assert len(r) == 4
    assert r.user_ids.tolist() == [22, 186, 196]
    assert r.item_ids.tolist() == [242, 302, 377]
    assert r.raw_users.tolist() == [196, 186, 22, 196]
    assert r.values.tolist() == [3.0, 3.0, 1.0, 5.0]
    assert r.title(242) == "Kolya (1996)"
    assert r.title(377) == "Café Society (1994)"


def test_100k_split_files_are_read_too():
    r = load_movielens(FIXTURES / "ml-100k" / "u1.base")
    assert len(r) == 2 and r.title(302) == "L.A. Confidential (1997)"


def test_1m_double_colon_layout_with_titles():
    r = load_movielens(FIXTURES / "ml-1m" / "ratings.dat")
    assert r.raw_users.tolist() == [1, 1, 2]
    assert r.raw_items.tolist() == [1193, 661, 1193]
    assert r.values.tolist() == [5.0, 3.0, 4.0]
    assert r.title(1193) == "One Flew Over the Cuckoo's Nest (1975)"


def test_shipped_data_set_matches_its_readme():
    # data/ml-latest-small/README.txt: 100836 ratings by 610 users (9742 movies listed, of which
    # 9724 have at least one rating); every user rated at least 20 movies.
    r = load_movielens(Path(__file__).parents[1] / "data" / "ml-latest-small")
    assert len(r) == 100836 and r.n_users == 610 and r.n_items == 9724
    assert len(r.titles) == 9742
    assert r.user_counts.min() >= 20


# ---------------------------------------------------------------------------------------------
# Bad input: every case names the file and, where there is one, the line
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("malformed.csv", 4),
        ("non_integer_id.csv", 3),
        ("short_line.csv", 3),
        ("malformed_u.data", 2),
        ("nan_rating.csv", 3),
    ],
)
def test_malformed_line_names_file_and_line(name, line):
    with pytest.raises(ValueError, match=rf"{re.escape(name)}, line {line}: expected user id"):
        load_movielens(BAD / name)


def test_empty_file():
    with pytest.raises(ValueError, match=r"empty\.csv is empty"):
        load_movielens(BAD / "empty.csv")


def test_header_without_ratings():
    with pytest.raises(ValueError, match=r"header_only\.csv has a header line but no ratings"):
        load_movielens(BAD / "header_only.csv")


def test_missing_file_gives_a_hint():
    with pytest.raises(FileNotFoundError, match=r"does not exist.*grouplens"):
        load_movielens(FIXTURES / "no-such-file.csv")


def test_folder_without_ratings_gives_a_hint(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no ratings file.*grouplens"):
        load_movielens(tmp_path)


def test_duplicated_pair_names_both_lines():
    with pytest.raises(
        ValueError, match=r"duplicates\.csv, line 2 and line 5: user 1 rated item 10"
    ):
        load_movielens(BAD / "duplicates.csv")


def test_duplicated_pair_can_keep_the_last_rating():
    r = load_movielens(BAD / "duplicates.csv", duplicates="last")
    assert len(r) == 3
    pairs = dict(
        zip(
            zip(r.raw_users.tolist(), r.raw_items.tolist(), strict=True),
            r.values.tolist(),
            strict=True,
        )
    )
    assert pairs == {(1, 10): 5.0, (2, 10): 3.0, (1, 20): 2.5}


def test_rating_outside_the_scale_names_line():
    with pytest.raises(ValueError, match=r"out_of_scale\.csv, line 4: rating 7 is outside"):
        load_movielens(BAD / "out_of_scale.csv")


def test_another_scale_can_be_given():
    r = load_movielens(BAD / "out_of_scale.csv", scale=(1, 10))
    assert r.scale == (1.0, 10.0) and r.values.max() == 7.0


@pytest.mark.parametrize("scale", [(5, 1), (0, np.inf), (2, 2)])
def test_bad_scale(scale):
    with pytest.raises(ValueError, match="scale"):
        load_movielens(FIXTURES / "latest", scale=scale)


def test_bad_duplicates_option():
    with pytest.raises(ValueError, match="duplicates"):
        load_movielens(FIXTURES / "latest", duplicates="first")


def test_from_arrays_validation():
    with pytest.raises(ValueError, match="same length"):
        Ratings.from_arrays([1, 2], [1], [3.0, 4.0])
    with pytest.raises(ValueError, match="users must be integer ids"):
        Ratings.from_arrays([1.5], [1], [3.0])
    with pytest.raises(ValueError, match="no ratings"):
        Ratings.from_arrays([], [], [])
    with pytest.raises(ValueError, match="rating 9 is outside"):
        Ratings.from_arrays([1], [1], [9.0])
    with pytest.raises(ValueError, match="rating 0 and rating 1: user 1 rated item 2 twice"):
        Ratings.from_arrays([1, 1], [2, 2], [3.0, 4.0])


# ---------------------------------------------------------------------------------------------
# Splits
# ---------------------------------------------------------------------------------------------
def _pairs(r: Ratings) -> set[tuple[int, int]]:
    return set(zip(r.raw_users.tolist(), r.raw_items.tolist(), strict=True))


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(2, 200),
    fraction=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_is_a_seeded_partition(n, fraction, seed):
    rng = np.random.default_rng(0)
    r = Ratings.from_arrays(
        np.arange(n) % 7, np.arange(n), rng.choice(np.arange(1, 11) / 2, size=n)
    )
    n_test = round(n * fraction)
    if n_test in (0, n):
        with pytest.raises(ValueError, match="empty part"):
            train_test_split(r, fraction, seed)
        return
    train, test = train_test_split(r, fraction, seed)
    assert len(test) == n_test and len(train) == n - n_test
    assert _pairs(train) | _pairs(test) == _pairs(r)
    assert not _pairs(train) & _pairs(test)
    # the parts share the full id maps, so indices mean the same thing everywhere
    assert train.user_ids is r.user_ids and test.item_ids is r.item_ids
    _, again_test = train_test_split(r, fraction, seed)
    assert _pairs(again_test) == _pairs(test)


def test_validation_split_holds_out_part_of_training():
    r = Ratings.from_arrays(np.arange(50), np.arange(50) % 5, np.full(50, 3.0))
    train, test = train_test_split(r, 0.2, seed=0)
    fit, validation = train_validation_split(train, 0.25, seed=1)
    assert len(fit) == 30 and len(validation) == 10
    assert _pairs(fit) | _pairs(validation) == _pairs(train)
    assert not (_pairs(fit) | _pairs(validation)) & _pairs(test)


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5, np.nan])
def test_split_rejects_bad_fraction(fraction):
    r = Ratings.from_arrays(np.arange(10), np.arange(10), np.full(10, 3.0))
    with pytest.raises(ValueError, match="test_fraction must be strictly between 0 and 1"):
        train_test_split(r, fraction)
    with pytest.raises(ValueError, match="validation_fraction must be strictly between 0 and 1"):
        train_validation_split(r, fraction)


@pytest.mark.parametrize("fraction", ["0.2", None, [0.2], True])
def test_split_rejects_a_fraction_that_is_not_a_number(fraction):
    r = Ratings.from_arrays(np.arange(10), np.arange(10), np.full(10, 3.0))
    with pytest.raises(TypeError, match="test_fraction must be a real number"):
        train_test_split(r, fraction)


def test_split_accepts_numpy_numbers():
    r = Ratings.from_arrays(np.arange(10), np.arange(10), np.full(10, 3.0))
    expected = train_test_split(r, 0.2, seed=3)
    for fraction, seed in ((np.float32(0.2), 3), (np.float64(0.2), np.int64(3))):
        got = train_test_split(r, fraction, seed=seed)
        assert [part.raw_users.tolist() for part in got] == [
            part.raw_users.tolist() for part in expected
        ]


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [
        ("a", TypeError, "seed must be a non-negative integer, None or a numpy.random.Generator"),
        (1.5, TypeError, "seed must be a non-negative integer, None or a numpy.random.Generator"),
        (-1, ValueError, "seed must be a non-negative integer, got -1"),
    ],
)
def test_split_rejects_bad_seeds(seed, error, match):
    r = Ratings.from_arrays(np.arange(10), np.arange(10), np.full(10, 3.0))
    with pytest.raises(error, match=match):
        train_test_split(r, 0.2, seed=seed)
    with pytest.raises(error, match=match):
        train_validation_split(r, 0.2, seed=seed)


def test_split_rejects_non_ratings():
    with pytest.raises(TypeError, match="ratings must be a Ratings"):
        train_test_split(np.ones((3, 3)))


def test_subset_and_repr():
    r = load_movielens(FIXTURES / "latest")
    part = r.subset(r.values >= 3.5)
    assert part.values.tolist() == [4.0, 3.5, 5.0]
    assert part.n_users == 3 and part.user_counts.tolist() == [2, 1, 0]
    assert repr(r) == "Ratings(5 ratings, 3 users, 3 items, scale 0.5-5, source 'ratings.csv')"


# ---------------------------------------------------------------------------------------------
# Indexing of raw ids: the lookup-table path and the sorting path agree with np.unique
# ---------------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 50),  # small ids: lookup table
            st.integers(-(2**62), 2**62),  # huge or negative ids: np.unique
        ),
        min_size=1,
        max_size=40,
    )
)
def test_distinct_ids_agree_with_numpy_unique(raw):
    from helpers.ratings import _distinct

    ids = np.array(raw, dtype=np.int64)
    distinct, position = _distinct(ids)
    expected, inverse = np.unique(ids, return_inverse=True)
    np.testing.assert_array_equal(distinct, expected)
    np.testing.assert_array_equal(position, inverse.ravel())
    np.testing.assert_array_equal(distinct[position], ids)


def test_huge_and_negative_raw_ids_are_indexed():
    users = [10**15, -3, 10**15, 7]
    items = [-(10**12), -(10**12), 5, 5]
    ratings = Ratings.from_arrays(users, items, [1.0, 2.0, 3.0, 4.0])
    assert ratings.raw_users.tolist() == users and ratings.raw_items.tolist() == items
    assert ratings.n_users == 3 and ratings.n_items == 2


def test_duplicates_across_many_users_keep_the_last_rating_of_each_pair():
    rng = np.random.default_rng(4)
    users = rng.integers(0, 30, 2_000)
    items = rng.integers(0, 20, 2_000)
    values = rng.integers(1, 11, 2_000) / 2.0
    ratings = Ratings.from_arrays(users, items, values, duplicates="last")
    last = {}
    for u, i, v in zip(users, items, values, strict=True):
        last[(u, i)] = v
    got = dict(
        zip(
            zip(ratings.raw_users.tolist(), ratings.raw_items.tolist(), strict=True),
            ratings.values.tolist(),
            strict=True,
        )
    )
    assert got == {(int(u), int(i)): v for (u, i), v in last.items()}


# ---------------------------------------------------------------------------------------------
# Files that used to lose a rating, change an id, or fail with a raw error
# ---------------------------------------------------------------------------------------------
def _write(tmp_path, text: str | bytes, name: str = "ratings.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff1,10,4.0\n2,10,3.0\n",  # a byte-order mark before a headerless first line
        "1.0,10.0,4.0\n2.0,10.0,3.0\n",  # ids written as floats
        "+1,10,4.0\n+2,10,3.0\n",  # explicit plus signs
        "\ufeffuserId,movieId,rating\n1,10,4.0\n2,10,3.0\n",  # a BOM before a header
    ],
    ids=["BOM", "float ids", "plus sign", "BOM and header"],
)
def test_no_first_rating_is_taken_for_a_header(tmp_path, text):
    r = load_movielens(_write(tmp_path, text))
    assert len(r) == 2
    assert r.raw_users.tolist() == [1, 2] and r.raw_items.tolist() == [10, 10]
    assert r.values.tolist() == [4.0, 3.0]


def test_ids_are_parsed_exactly(tmp_path):
    # through float64, 9007199254740993 became 9007199254740992
    r = load_movielens(_write(tmp_path, "9007199254740993,10,4.0\n-9223372036854775808,10,3\n"))
    assert sorted(r.raw_users.tolist()) == [-9223372036854775808, 9007199254740993]


def test_ids_written_as_whole_floats_are_exact_too(tmp_path):
    r = load_movielens(_write(tmp_path, "9007199254740993.0,10.00,4.0\n"))
    assert r.raw_users.tolist() == [9007199254740993] and r.raw_items.tolist() == [10]


@pytest.mark.parametrize(
    "bad_id", ["1e20", "1e3", "4.5", "9223372036854775808", "99999999999999999999", "0x10"]
)
def test_ids_that_are_not_exact_integers_are_refused_with_the_line(tmp_path, bad_id):
    # 1e20 used to become -9223372036854775808
    path = _write(tmp_path, f"userId,movieId,rating\n1,10,4.0\n{bad_id},10,3.0\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 3: expected user id.*integer ids"):
        load_movielens(path)


def test_float_ids_beyond_2_53_are_refused_by_from_arrays():
    with pytest.raises(
        ValueError, match=r"users must be integer ids; as floats, ids above 2\*\*53"
    ):
        Ratings.from_arrays(np.array([1e20]), [1], [3.0])
    with pytest.raises(TypeError, match="users must be integer ids, got dtype <U1"):
        Ratings.from_arrays(["a"], [1], [3.0])
    with pytest.raises(TypeError, match="values must be a number or an array of real numbers"):
        Ratings.from_arrays([1], [1], ["good"])


def test_comment_lines_keep_the_reported_line_numbers(tmp_path):
    # a # line used to be dropped by the parser but counted by the line map: off by one
    path = _write(tmp_path, "userId,movieId,rating\n# a comment\n1,10,4.0\n2,10,9.0\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 4: rating 9 is outside"):
        load_movielens(path)
    path = _write(tmp_path, "# MovieLens sample\nuserId,movieId,rating\n1,10,4.0\n1,10,3.0\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 3 and line 4: user 1 rated item 10"):
        load_movielens(path)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x1f\x8b\x08\x00" + bytes(20), r"ratings\.csv is a gzip-compressed file.*gunzip"),
        (b"PK\x03\x04" + bytes(20), r"ratings\.csv is a zip archive.*unzip it"),
        (b"BZh91AY&SY" + bytes(20), r"ratings\.csv is a bzip2-compressed file"),
        (b"1,10,4.0\n\x00\x00\x00", r"ratings\.csv is not a text file \(it contains NUL bytes\)"),
    ],
)
def test_compressed_and_binary_files_are_recognised(tmp_path, data, match):
    with pytest.raises(ValueError, match=match):
        load_movielens(_write(tmp_path, data))


def test_a_real_gzip_file_is_named_as_such(tmp_path):
    import gzip

    path = tmp_path / "ratings.csv"
    path.write_bytes(gzip.compress(b"userId,movieId,rating\n1,10,4.0\n"))
    with pytest.raises(ValueError, match=r"gzip-compressed file, not a text file of ratings"):
        load_movielens(path)


def test_titles_in_latin_1_are_read(tmp_path):
    # a movies.csv that is not UTF-8 used to raise UnicodeDecodeError
    _write(tmp_path, "userId,movieId,rating\n1,10,4.0\n")
    (tmp_path / "movies.csv").write_bytes("movieId,title\n10,Café (1999)\n".encode("latin-1"))
    assert load_movielens(tmp_path).title(10) == "Café (1999)"


def test_titles_with_a_byte_order_mark_are_read(tmp_path):
    _write(tmp_path, "userId,movieId,rating\n1,10,4.0\n")
    (tmp_path / "movies.csv").write_text(
        "\ufeffmovieId,title\n10,Amélie (2001)\n", encoding="utf-8"
    )
    assert load_movielens(tmp_path).title(10) == "Amélie (2001)"


def test_a_data_line_with_a_bad_first_field_is_reported_not_skipped(tmp_path):
    path = _write(tmp_path, "x1,10,4.0\n2,10,3.0\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 1: expected user id"):
        load_movielens(path)


def test_path_of_the_wrong_type():
    with pytest.raises(TypeError, match="path must be a file or folder name"):
        load_movielens(5)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from(["{}", "+{}", "{}.0", "{}.000", " {} "]),
)
def test_any_int64_id_in_any_integer_spelling_is_read_exactly(tmp_path_factory, user, spelling):
    text = spelling.format(user).replace("+-", "-")
    path = tmp_path_factory.mktemp("ids") / "ratings.csv"
    path.write_text(f"{text},10,4.0\n")
    assert load_movielens(path).raw_users.tolist() == [user]


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.integers(2**63, 2**70).map(str),
        st.integers(-(2**70), -(2**63) - 1).map(str),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v != int(v)).map(repr),
        st.integers(1, 10**6).map(lambda v: f"{v}e3"),
    )
)
def test_ids_that_are_not_exact_int64_integers_are_always_refused(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("ids") / "ratings.csv"
    path.write_text(f"{text},10,4.0\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 1: expected user id"):
        load_movielens(path)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_rating_that_is_not_finite_is_named(bad):
    with pytest.raises(
        ValueError, match=r"rating 1: rating (nan|inf) is not a finite number .*values"
    ):
        Ratings.from_arrays([1, 2], [1, 1], [3.0, bad])
