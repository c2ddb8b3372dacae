"""The coach's roster (/clients) and a client's card.

/clients lists the coach's clients, those who need attention first with each reason in words,
then the others by name (the rules: bot/coach/roster.py), ten to a page; each entry shows the
sessions done of those planned over the last 7 and 30 days, and a button opens the client's
card: screening outcome and restrictions, plan, current target, compliance, last sessions, pain
ratings and the last messages, with the coach's actions (bot/coach/flows/coach_actions.py).

The service loads what these need before the engine runs (`reads`): the roster's facts or one
card, both through the privacy boundary (bot/storage/roster.py). A card for a link that is not
the coach's active link is never loaded, and the press gets the "no longer linked" notice.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.coach.callbacks import (
    ClearClientTarget,
    LookedAt,
    OpenCard,
    PauseClient,
    ResumeClient,
    RosterPage,
    SetClientTarget,
)
from bot.coach.codec import decode
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow
from bot.coach.flows.coaching import reply_button
from bot.coach.flows.schedule_text import summary
from bot.coach.messages import Button, Command, Event, Press, Reply
from bot.coach.roster import Compliance, RosterEntry, roster
from bot.coach.state import ClientCard
from bot.coach.training import advice, local_today, named_day, short_sets_text, target_text

FLOW_NAME = "roster"
PAGE = 10  # clients per page: a page stays far under Telegram's 4096 characters
ROSTER: str = "roster"
CARD_SESSIONS = 5  # the last sessions on a card
CARD_PAIN_DAYS = 30  # pain ratings of the last 30 days on a card
# Presses that need the client's card (the card itself and the coach's actions on it).
CARD_KINDS = (OpenCard, LookedAt, SetClientTarget, ClearClientTarget, PauseClient, ResumeClient)


def reads(event: Event) -> str | int | None:
    """What the service loads for this event: ROSTER (the facts of every client), a link id
    (that client's card), or None."""
    if isinstance(event, Command) and event.name.lower() == "clients":
        return ROSTER
    if isinstance(event, Press):
        pressed = decode(event.data, (RosterPage, *CARD_KINDS))
        if isinstance(pressed, RosterPage):
            return ROSTER
        if isinstance(pressed, CARD_KINDS):
            return pressed.link
    return None


# --- the roster -----------------------------------------------------------------------------


def on_clients(ctx: Ctx) -> Decision:
    """/clients: the first page of the roster."""
    return Decision(replies=(_page(ctx, 0, edit=False),))


def on_page(ctx: Ctx) -> Decision:
    return Decision(replies=(_page(ctx, ctx.payload_as(RosterPage).page, edit=True),))


def _page(ctx: Ctx, page: int, *, edit: bool) -> Reply:
    if not ctx.user.coaching.is_coach:
        return Reply(ctx.t("roster.not_coach"), edit=edit)
    facts = ctx.user.roster or ()
    if not facts:
        return Reply(ctx.t("roster.empty"), edit=edit)
    entries = roster(facts, ctx.now, ctx.now.date())
    pages = (len(entries) + PAGE - 1) // PAGE
    page = min(max(page, 0), pages - 1)
    shown = entries[page * PAGE : (page + 1) * PAGE]
    needing = sum(1 for e in entries if e.needs_attention)
    head = ctx.t(
        "roster.header",
        clients=ctx.content.texts.plural("coaching.clients", len(entries)),
        needing=needing,
    )
    if pages > 1:
        head += " " + ctx.t("roster.page", page=page + 1, pages=pages)
    lines = [head, *(_entry(ctx, e) for e in shown)]
    buttons: list[tuple[Button, ...]] = [
        (Button(e.client.name or ctx.t("coaching.someone"), OpenCard(e.client.link_id).pack()),)
        for e in shown
    ]
    nav = []
    if page > 0:
        nav.append(Button(ctx.t("button.roster_prev"), RosterPage(page - 1).pack()))
    if page + 1 < pages:
        nav.append(Button(ctx.t("button.roster_next"), RosterPage(page + 1).pack()))
    if nav:
        buttons.append(tuple(nav))
    return Reply("\n\n".join(lines), buttons=tuple(buttons), edit=edit)


def _entry(ctx: Ctx, entry: RosterEntry) -> str:
    name = entry.client.name or ctx.t("coaching.someone")
    mark = "🔴" if entry.needs_attention else "🟢"
    text = ctx.t("roster.entry", mark=mark, client=name, compliance=_compliance(ctx, entry))
    for reason in entry.reasons:
        text += "\n" + ctx.t(f"roster.reason.{reason.name.lower()}")
    return text


def _compliance(ctx: Ctx, entry: RosterEntry) -> str:
    return ctx.t(
        "roster.compliance", week=_rate(ctx, entry.last_7), month=_rate(ctx, entry.last_30)
    )


def _rate(ctx: Ctx, window: Compliance | None) -> str:
    if window is None:
        return ctx.t("roster.nothing_planned")
    return ctx.t("roster.rate", done=window.done, planned=window.planned, percent=window.percent)


# --- a client's card ------------------------------------------------------------------------


def on_card(ctx: Ctx) -> Decision:
    card = ctx.user.client_card
    link = ctx.payload_as(OpenCard).link
    if card is None or ctx.user.coaching.client(link) is None or card.linked.link_id != link:
        return Decision(notice=ctx.t("coaching.not_linked"))
    return Decision(replies=(card_reply(ctx, card),))


def card_reply(ctx: Ctx, card: ClientCard) -> Reply:
    """The card's text and the coach's buttons."""
    client = ctx.with_user(card.client)
    facts = card.facts
    entry = roster((facts,), ctx.now, local_today(card.client, ctx.now))[0]
    name = facts.name or ctx.t("coaching.someone")
    parts = [ctx.t("card.header", client=name, since=named_day(ctx, facts.linked_on))]
    if entry.reasons:
        parts.append("\n".join(ctx.t(f"roster.reason.{r.name.lower()}") for r in entry.reasons))
    parts.append(_screening(client))
    parts.append(_plan(client))
    parts.append(ctx.t("card.compliance", compliance=_compliance(ctx, entry)))
    parts.append(_sessions(client))
    parts.append(_pain(client))
    parts.append(_messages(ctx, card, name))
    return Reply("\n\n".join(p for p in parts if p), buttons=_card_buttons(ctx, card))


def _screening(client: Ctx) -> str:
    result = client.user.screening
    if result is None:
        return client.t("card.screening.none")
    access = client.access
    text = client.t(f"card.screening.{result.outcome}")
    if not access.may_train:
        text += "\n" + client.t(f"card.gate.{access.gate.value}")
    for adaptation in sorted(access.adaptations):
        text += "\n" + client.t(f"adaptation.{adaptation}")
    return text


def _plan(client: Ctx) -> str:
    state = client.user.plan
    text = (
        client.t("card.plan", summary=summary(client, state.plan))
        if state
        else client.t("card.plan.none")
    )
    if state is not None and state.paused:
        text += "\n" + client.t("card.plan.paused")
    given = advice(client)
    target = client.t("card.target", target=target_text(client, given.target))
    return text + "\n" + target + " " + client.t(f"progress.reason.{given.reason}")


def _sessions(client: Ctx) -> str:
    sessions = client.user.sessions[-CARD_SESSIONS:]
    if not sessions:
        return client.t("card.sessions.none")
    lines = [client.t("card.sessions")]
    for session in reversed(sessions):
        day = named_day(client, session.local_date)
        lines.append(f"• {day}: {short_sets_text(client, session.sets)}")
    return "\n".join(lines)


def _pain(client: Ctx) -> str:
    since: date = local_today(client.user, client.now) - timedelta(days=CARD_PAIN_DAYS)
    ratings = sorted((d, r) for d, r in client.user.pain_ratings.items() if d >= since)
    if not ratings:
        return client.t("card.pain.none")
    listed = ", ".join(
        client.t("card.pain.day", day=named_day(client, d), rating=r) for d, r in ratings
    )
    return client.t("card.pain", ratings=listed)


def _messages(ctx: Ctx, card: ClientCard, name: str) -> str:
    if not card.messages:
        return ctx.t("card.messages.none")
    lines = [ctx.t("card.messages")]
    for message in card.messages:
        key = "card.message.from_client" if message.from_client else "card.message.from_you"
        lines.append(ctx.t(key, client=name, text=message.text))
    return "\n".join(lines)


def _card_buttons(ctx: Ctx, card: ClientCard) -> tuple[tuple[Button, ...], ...]:
    link = card.linked.link_id
    rows: list[tuple[Button, ...]] = []
    if card.facts.unseen_alert is not None:
        rows.append((Button(ctx.t("button.coach_looked"), LookedAt(link).pack()),))
    target = [Button(ctx.t("button.coach_set_target"), SetClientTarget(link).pack())]
    if card.client.coaching.coach_target is not None:
        target.append(Button(ctx.t("button.coach_clear_target"), ClearClientTarget(link).pack()))
    rows.append(tuple(target))
    state = card.client.plan
    if state is not None:
        pause = (
            Button(ctx.t("button.coach_resume"), ResumeClient(link).pack())
            if state.paused
            else Button(ctx.t("button.coach_pause"), PauseClient(link).pack())
        )
        rows.append((pause, reply_button(ctx, link)))
    else:
        rows.append((reply_button(ctx, link),))
    rows.append((Button(ctx.t("button.roster_back"), RosterPage(0).pack()),))
    return tuple(rows)


FLOW = Flow(
    name=FLOW_NAME,
    commands={"clients": on_clients},
    buttons={RosterPage: on_page, OpenCard: on_card},
    menu=("clients",),
)
