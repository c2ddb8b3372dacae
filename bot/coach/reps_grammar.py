"""The rep-log grammar: tokens from `reps_lexer` into set expressions, weights, legs and a note.

    log     := (weight | chain | expr | side | flag | label | day | other)*
    chain   := NUM X NUM X NUM [UNIT]                       sets x reps x weight, or (without
                                                            a unit) weight x sets x reps too
    expr    := NUM [tag] [EACH_LEG] [X | OF | SEP] NUM [tag] [X NUM UNIT]
                                                            sets x reps: "3x10", "3 sets of 10";
                                                            "10 reps x 3 sets" swaps the two
             | NUM SETS                                     a set count without reps
             | NUM X                                        dangling ("3x"): unreadable
             | NUM [REPS]                                   one set
    tag     := SETS | REPS
    weight  := ([AT] NUM UNIT [EACH] | AT NUM | BODYWEIGHT) [X expr]
                                                            "@ 5", "with 5" without a unit is
                                                            kg; "5 kg x 10" binds the weight to
                                                            the expression after it
    side    := SIDE | ONE_SIDE | OTHER_SIDE
    flag    := EACH_LEG | EACH | TOTAL

Two numbers side by side without X, OF or a SETS/REPS word are two expressions ("10 10").
Four or more numbers chained by X, or a tagged expression followed by "x NUM" without a unit,
are dangling. Labels, days, unsupported dates and typos are tokens of their own, skipped here.
Tokens that are none of these form the note: each run of them that holds an unknown word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.coach.reps_lexer import Kind, Token

_TAGS = (Kind.SETS, Kind.REPS)
_INTENT = (Kind.LOGWORD, Kind.REPS, Kind.SETS, Kind.TOTAL, Kind.EACH_LEG, Kind.EACH)
_SKIPPED = (Kind.LABEL, Kind.DAY, Kind.BAD_DATE, Kind.TYPO)
# After "with 2" / "using 2" without a unit, these make the number something else ("with 2
# friends", "with 2 sets"); "@ 2" is always a weight.
_NOT_A_WEIGHT_AFTER = (Kind.WORD, Kind.REPS, Kind.SETS, Kind.X, Kind.OF, Kind.TIMEWORD)


class Weight(NamedTuple):
    """A weight clause: `amount` None is bodyweight."""

    at: int  # the index of its first token
    amount: Token | None
    unit: str | None


class Expr(NamedTuple):
    """Sets of reps: `sets` None means one set, `reps` None means the reps were not given.

    `weight` is a weight bound to these sets ("5 kg x 10", "3x10x20kg"); `alternative` is the
    other reading of a chain without a unit ("3x10x20" as 3 kg, 10 sets of 20).
    """

    at: int  # the index of its first token
    sets: Token | None
    reps: Token | None
    dangling: bool = False
    weight: Weight | None = None
    alternative: Expr | None = None


class SideMark(NamedTuple):
    """A leg named in the message: "left", "right", "one" (unnamed) or "other"."""

    at: int  # the index of its first token
    side: str


@dataclass(frozen=True, slots=True)
class Structure:
    """Everything the grammar found in one message."""

    exprs: tuple[Expr, ...]
    weights: tuple[Weight, ...]  # the free weight clauses, not bound to an expression
    sides: tuple[SideMark, ...]
    each_leg: bool
    total: bool
    intent: bool
    words_before_numbers: bool
    note: str | None
    labels: tuple[Token, ...] = ()

    @property
    def all_weights(self) -> tuple[Weight, ...]:
        """Free and bound weight clauses, in text order."""
        bound = [e.weight for e in self.exprs if e.weight is not None]
        return tuple(sorted([*self.weights, *bound], key=lambda w: w.at))


class _Parser:
    """A cursor over the tokens; each `_try_*` returns the index after what it read, or None."""

    def __init__(self, tokens: list[Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        # Kinds, padded: the grammar looks at most a few tokens past the one it reads.
        self.kinds: list[Kind | None] = [t.kind for t in tokens] + [None] * 8
        self.used = [False] * len(tokens)
        self.exprs: list[Expr] = []
        self.weights: list[Weight] = []
        self.sides: list[SideMark] = []
        self.labels: list[Token] = []

    def run(self) -> Structure:
        """Read all tokens and collect the structure."""
        i = 0
        while i < len(self.tokens):
            if self.tokens[i].kind in _SKIPPED:
                if self.tokens[i].kind is Kind.LABEL:
                    self.labels.append(self.tokens[i])
                self.used[i] = True
                i += 1
                continue
            end = self._try_weight(i) or self._try_expr(i) or self._try_mark(i)
            if end is None:
                i += 1
                continue
            for j in range(i, end):
                self.used[j] = True
            i = end
        return self._structure()

    def _try_weight(self, i: int) -> int | None:
        """A weight clause starting at `i`, with the expression it is bound to if any."""
        kind = self.kinds[i]
        if kind is Kind.BODYWEIGHT:
            self.weights.append(Weight(i, None, None))
            return i + 1
        j = i + 1 if kind is Kind.AT else i
        if j > i and self.kinds[j] is Kind.SEP and self.tokens[j].text == "/":
            j += 1
        if self.kinds[j] is not Kind.NUM:
            return None
        if self.kinds[j + 1] is Kind.UNIT:
            weight = Weight(i, self.tokens[j], self.tokens[j + 1].unit)
            end = j + 3 if self.kinds[j + 2] is Kind.EACH else j + 2
        elif j > i and (self.tokens[i].text == "@" or self.kinds[j + 1] not in _NOT_A_WEIGHT_AFTER):
            weight, end = Weight(i, self.tokens[j], "kg"), j + 1
        else:
            return None
        if self.kinds[end] is Kind.X and self.kinds[end + 1] is Kind.NUM:
            return self._try_expr(end + 1, bound=weight)
        self.weights.append(weight)
        return end

    def _try_expr(self, i: int, bound: Weight | None = None) -> int | None:
        """A set expression starting at `i`; `bound` is a weight written just before it."""
        if self.kinds[i] is not Kind.NUM:
            return None
        end = self._chain(i) or self._pair(i)
        last = self.exprs[-1]
        if last.reps is not None and not last.dangling and self.kinds[end] is Kind.X:
            if self.kinds[end + 1] is Kind.NUM and self.kinds[end + 2] is Kind.UNIT:
                weight = Weight(end + 1, self.tokens[end + 1], self.tokens[end + 2].unit)
                last = last._replace(weight=weight, dangling=last.weight is not None)
                end += 3
            elif self.kinds[end + 1] is Kind.NUM:
                last, end = last._replace(dangling=True), end + 2
        if bound is not None:
            clash = last.weight is not None or last.alternative is not None
            last = last._replace(weight=bound, dangling=last.dangling or clash, alternative=None)
        self.exprs[-1] = last
        return end

    def _chain(self, i: int) -> int | None:
        """Three numbers chained by X ("3x10x20"); four or more are dangling."""
        nums = [i]
        j = i + 1
        while self.kinds[j] is Kind.X and self.kinds[j + 1] is Kind.NUM:
            nums.append(j + 1)
            j += 2
        if len(nums) < 3:
            return None
        if len(nums) > 3 or self.kinds[j] in _TAGS:
            self.exprs.append(Expr(i, None, self.tokens[i], dangling=True))
            return j + (self.kinds[j] in _TAGS)
        a, b, c = (self.tokens[n] for n in nums)
        if self.kinds[j] is Kind.UNIT:
            self.exprs.append(Expr(i, a, b, weight=Weight(nums[2], c, self.tokens[j].unit)))
            return j + 2 if self.kinds[j + 1] is Kind.EACH else j + 1
        other = Expr(i, b, c, weight=Weight(i, a, "kg"))
        self.exprs.append(Expr(i, a, b, weight=Weight(nums[2], c, "kg"), alternative=other))
        return j

    def _pair(self, i: int) -> int:
        """Sets and reps, a set count, or one set, starting at the number at `i`."""
        first = self.tokens[i]
        j = i + 1
        tag_a = self.kinds[j] if self.kinds[j] in _TAGS else None
        j += tag_a is not None
        if self.kinds[j] in (Kind.EACH_LEG, Kind.EACH) and self.kinds[j + 1] is Kind.X:
            tag_a, j = Kind.REPS, j + 1  # "10 per leg x 3": the first number is reps
        joined = self.kinds[j] in (Kind.X, Kind.OF) or (
            tag_a is not None and self.kinds[j] is Kind.SEP
        )
        connector = self.tokens[j] if joined else None
        j += joined
        if self.kinds[j] is Kind.NUM and self.kinds[j + 1] is not Kind.UNIT:
            tag_b = self.kinds[j + 1] if self.kinds[j + 1] in _TAGS else None
            order = _order(tag_a, tag_b, None if connector is None else connector.kind)
            if order is not None:
                second = self.tokens[j]
                sets, reps = (first, second) if order == "sets_first" else (second, first)
                self.exprs.append(Expr(i, sets, reps))
                return j + 1 + (tag_b is not None)
        if tag_a is Kind.SETS:
            self.exprs.append(Expr(i, first, None))
            return i + 2
        if connector is not None and connector.kind is Kind.X and connector.text != "times":
            self.exprs.append(Expr(i, None, first, dangling=True))
            return j
        self.exprs.append(Expr(i, None, first))
        return i + 1 + (tag_a is Kind.REPS)

    def _try_mark(self, i: int) -> int | None:
        """A leg or a flag at `i`."""
        token = self.tokens[i]
        sides = {Kind.SIDE: token.side, Kind.ONE_SIDE: "one", Kind.OTHER_SIDE: "other"}
        side = sides.get(token.kind)
        if side is not None:
            self.sides.append(SideMark(i, side))
            return i + 1
        return i + 1 if token.kind in (Kind.EACH_LEG, Kind.EACH, Kind.TOTAL) else None

    def _structure(self) -> Structure:
        """The collected structure, with flags and the note."""
        kinds = set(self.kinds)
        first_num = min((e.at for e in self.exprs), default=len(self.tokens))
        marked = self.weights or self.sides or self.labels or any(e.weight for e in self.exprs)
        return Structure(
            exprs=tuple(self.exprs),
            weights=tuple(self.weights),
            sides=tuple(self.sides),
            each_leg=Kind.EACH_LEG in kinds or Kind.EACH in kinds,
            total=Kind.TOTAL in kinds,
            intent=not kinds.isdisjoint(_INTENT) or bool(marked),
            words_before_numbers=any(t.kind is Kind.WORD for t in self.tokens[:first_num]),
            note=self._note(),
            labels=tuple(self.labels),
        )

    def _note(self) -> str | None:
        """Unused text holding unknown words, each run trimmed to its first and last word."""
        parts: list[str] = []
        run: list[Token] = []
        for token, used in [*zip(self.tokens, self.used, strict=True), (None, True)]:
            if token is not None and not used:
                run.append(token)
                continue
            words = [t for t in run if t.kind is Kind.WORD]
            if words:
                parts.append(self.text[words[0].start : words[-1].end])
            run = []
        return " ".join(parts) if parts else None


def _order(tag_a: Kind | None, tag_b: Kind | None, link: Kind | None) -> str | None:
    """How two numbers combine: "sets_first", "reps_first", or None for two separate sets.

    Joined by X or OF they are sets then reps unless a tag says otherwise ("10 reps x 3").
    Side by side, only tags join them: "3 sets 10", "10 reps 3 sets"; "10 reps 8" is two sets.
    """
    if tag_a is not None and tag_a == tag_b:
        return None
    if link in (Kind.X, Kind.OF):
        reps_first = tag_a is Kind.REPS or (tag_a is None and tag_b is Kind.SETS)
        return "reps_first" if reps_first else "sets_first"
    if tag_a is Kind.SETS:
        return "sets_first"
    if tag_a is Kind.REPS and tag_b is Kind.SETS:
        return "reps_first"
    return None


def parse_structure(tokens: list[Token], text: str) -> Structure:
    """Read the structure of a tokenized message; `text` is the text the tokens point into."""
    return _Parser(tokens, text).run()
