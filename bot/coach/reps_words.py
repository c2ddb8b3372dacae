"""The vocabulary of rep logs: what each word means to the grammar, in English and a little
Russian, with units in several scripts ("кг", "килограмм", "фунтов", "公斤", "キロ", "ポンド")."""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    """What a token is to the grammar."""

    # Members are only ever compared by identity; hashing them the same way (in C) keeps sets
    # and dicts of kinds cheap.
    __hash__ = object.__hash__

    NUM = "num"  # a number, with `value`
    X = "x"  # sets-by-reps: x, ×, *, times, by
    SEP = "sep"  # between numbers: , / - ; & + and then
    AT = "at"  # before a weight: @, with, using, w/
    UNIT = "unit"  # kg or lb, with `unit`
    SIDE = "side"  # left or right, with `side`
    ONE_SIDE = "one_side"  # "one leg": a leg without saying which
    OTHER_SIDE = "other_side"  # "the other": the leg opposite a named one
    EACH_LEG = "each_leg"  # each leg, per side, both legs
    EACH = "each"  # a bare "each": each leg after reps, each hand after a weight
    SETS = "sets"
    OF = "of"
    REPS = "reps"  # reps, repetitions, lunges
    BODYWEIGHT = "bodyweight"
    TOTAL = "total"
    LOGWORD = "logword"  # did, done, logged: the message reports training
    FILLER = "filler"  # words that carry nothing: just, the, morning
    TIMEWORD = "timeword"  # a unit that makes the number before it something else: 2 days
    LABEL = "label"  # a set label at the start of a line: "Set 1:", "#2", "3." (with `value`)
    DAY = "day"  # the day the log is for: "yesterday", "on friday" (with `day`)
    BAD_DATE = "bad_date"  # a date that can't be honoured: "2 days ago", "Dec 3"
    TYPO = "typo"  # letters that look like digits glued to a number: the "o" of "1o"
    WORD = "word"  # anything else: part of the note


def words(text: str) -> tuple[str, ...]:
    """The space-separated words of a keyword list."""
    return tuple(text.split())


NUMBER_WORDS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        words(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty"
        ),
        start=1,
    )
}

UNITS = {
    **dict.fromkeys(
        words(
            "kg kgs kilo kilos kilogram kilograms kilogramme kilogrammes "
            "кг кило килограмм килограмма килограммов 公斤 千克 キロ"
        ),
        "kg",
    ),
    **dict.fromkeys(words("lb lbs pound pounds фунт фунта фунтов ポンド 磅"), "lb"),
}
SIDES = {
    **dict.fromkeys(("left", "l", "lt"), "left"),
    **dict.fromkeys(("right", "r", "rt"), "right"),
}


def _kinds(kind: Kind, text: str) -> dict[str, Kind]:
    """Map each space-separated word to one kind."""
    return dict.fromkeys(words(text), kind)


WORDS: dict[str, Kind] = {
    **_kinds(Kind.X, "x × * times by"),
    **_kinds(Kind.SEP, ", / - ; & + and then"),
    **_kinds(Kind.AT, "@ with using w"),
    **_kinds(Kind.EACH, "each"),
    **_kinds(Kind.SETS, "set sets round rounds подход подхода подходов"),
    **_kinds(Kind.OF, "of по"),
    **_kinds(
        Kind.REPS,
        "rep reps repetition repetitions lunge lunges повтор повтора повторов повторений раз",
    ),
    **_kinds(Kind.BODYWEIGHT, "bodyweight bw unweighted"),
    **_kinds(Kind.TOTAL, "total altogether overall"),
    **_kinds(Kind.LOGWORD, "did done finished completed logged log i've ive сделал сделала"),
    **_kinds(
        Kind.FILLER,
        "i it just this morning evening afternoon ok okay the a an for on in "
        "leg legs side sides reverse session workout dumbbell dumbbells db dbs kettlebell "
        "kettlebells kb weight weights hand hands",
    ),
    **_kinds(
        Kind.TIMEWORD,
        "day days week weeks hour hours hr hrs h min mins minute minutes second seconds sec secs "
        "s year years yr yrs month months am pm cm km m mile miles percent st nd rd th o'clock",
    ),
}

# Multi-word keywords, longest first; each becomes one token.
PHRASES: tuple[tuple[tuple[str, ...], Kind], ...] = tuple(
    sorted(
        [
            *(
                (tuple(p.split()), Kind.EACH_LEG)
                for p in (
                    "each leg",
                    "each legs",
                    "each side",
                    "per leg",
                    "per side",
                    "a leg",
                    "a side",
                    "both legs",
                    "both sides",
                    "on each leg",
                    "on each side",
                    "on both legs",
                    "on both sides",
                    "for each leg",
                    "for each side",
                )
            ),
            *((tuple(p.split()), Kind.ONE_SIDE) for p in ("one leg", "one side", "on one leg")),
            *(
                (tuple(p.split()), Kind.OTHER_SIDE)
                for p in (
                    "the other",
                    "the other leg",
                    "the other side",
                    "other leg",
                    "other side",
                    "on the other",
                    "on the other leg",
                    "on the other side",
                )
            ),
            *(
                (tuple(p.split()), Kind.BODYWEIGHT)
                for p in (
                    "body weight",
                    "no weight",
                    "no weights",
                    "without weight",
                    "without weights",
                )
            ),
            *((tuple(p.split()), Kind.FILLER) for p in ("each hand", "per hand", "in each hand")),
            ((("in", "total")), Kind.TOTAL),
        ],
        key=lambda item: -len(item[0]),
    )
)
