"""The phone's pages as light HTML, rendered by the server from the page model (`tipsom.page`).

A page is a few kilobytes: the case, then one part per question, the explorer, the walk and
the whole case at the end. Each part carries `data-s`, a token of what it shows; the phone
polls the room's state and fetches a part again only when its token changed. Forms post
JSON through /static/room.js; every control has a label; `lang` and `dir` on every page.
Nothing here grades or decides what may be shown: `CasePage` and `Pace` do.
"""

from __future__ import annotations

import json

from .. import quiz
from ..i18n import N_
from ..page import ELEMENTS, Ask, CasePage, Reading, value_words
from ..workbook.cards import Look, esc

# Interface strings used inside f-strings, where pybabel (Python 3.11) cannot see them: listed for `make messages`.
F_STRINGS = (N_("Cases"), N_("Join"), N_("No case is ready in this language yet; choose English."), N_("Your code"),
             N_("PIN (only to use your code on another phone)"), N_("Question {n}"), N_("You are {code}."),
             N_("The next question appears here when the trainer opens it."), N_("Tick every one that applies."),
             N_("Too many requests from this phone; wait a few seconds."), N_("Change the facts"))


def head(title: str, language: str, assets: dict[str, str]) -> str:
    """The document's start: language, direction, title, the cached CSS (and the Urdu font once, by URL)."""
    rtl = language == "ur"
    font = (f"<style>@font-face{{font-family:'Noto Nastaliq Urdu';src:url('{assets['font']}') format('woff2');"
            "font-display:swap}</style>") if rtl and assets.get("font") else ""
    return (f'<!doctype html><html lang="{language}" dir="{"rtl" if rtl else "ltr"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f'<title>{esc(title)}</title><link rel="stylesheet" href="{assets["css"]}">{font}</head>')


def langs(language: str, here: str) -> str:
    links = "".join(f'<a href="{here}?lang={lang}" class="{"on" if lang == language else ""}" lang="{lang}" '
                    f'hreflang="{lang}">{name}</a>' for lang, name in (("en", "English"), ("ur", "اردو")))
    return f'<nav class="langs" aria-label="Language / زبان">{links}</nav>'


def join_page(t, language: str, assets: dict, code: str | None, scenarios: list[tuple[str, str, int]],
              error: str = "", pin: str | None = None, codes_handed_out: bool = False) -> str:
    """Join with a code (and a PIN to take it back), then the list of today's cases."""
    title = t("Join the training") if code is None else t("Today's cases")
    out = f'<body><main>{langs(language, "/")}<h1>{esc(title)}</h1>'
    if error:
        out += f'<p class="msg err" role="alert">{esc(error)}</p>'
    if code is None:
        hint = t("Type the code on the card your trainer gave you.") if codes_handed_out else \
            t("Choose a short code, for example your seat number like P07, and remember it. No name needed.")
        out += (f'<form method="post" action="/join?lang={language}"><label for="code">{esc(t("Your code"))}</label>'
                f'<input id="code" name="code" maxlength="32" autocomplete="off" autocapitalize="characters" '
                f'spellcheck="false" required placeholder="P07" dir="ltr"><p>{esc(hint)}</p>'
                f'<label for="pin">{esc(t("PIN (only to use your code on another phone)"))}</label>'
                f'<input id="pin" name="pin" maxlength="8" inputmode="numeric" autocomplete="off" dir="ltr">'
                f'<button type="submit">{esc(t("Join"))}</button></form></main></body></html>')
        return head(title, language, assets) + out
    out += f'<p class="me">{esc(t("You are {code}.").format(code=code))}</p>'
    if pin:
        note = t("Your PIN is {pin}. Write it down: with your code and this PIN you can continue on another phone.")
        out += f'<p class="msg pin" role="status">{esc(note.format(pin=pin))}</p>'
    for sid, name, minutes in scenarios:
        about = esc(t("about {minutes} minutes").format(minutes=minutes))
        out += f'<a class="go" href="/case/{esc(sid)}?lang={language}">{esc(name)}<small>{about}</small></a>'
    if not scenarios:
        out += f'<p class="msg">{esc(t("No case is ready in this language yet; choose English."))}</p>'
    other = esc(t("Not {code}? Use another code").format(code=code))
    out += f'<form method="post" action="/leave?lang={language}"><button class="quiet">{other}</button></form></main></body></html>'
    return head(title, language, assets) + out


def case_page(cp: CasePage, look: Look, assets: dict, code: str, parts: str, words: dict) -> str:
    """A case: its story, then its parts (questions, explorer, walk, the whole case)."""
    t, sid = cp.t, cp.scenario.id
    config = json.dumps({"case": sid, "lang": cp.language, "words": words}).replace("<", "\\u003c")
    body = (f'<body><header><a class="back" href="/?lang={cp.language}">{esc(t("Cases"))}</a>'
            f'<span class="me">{esc(code)}</span></header><main><h1>{esc(cp.title)}</h1>'
            f'<details class="story" open><summary>{esc(t("The case"))}</summary>{look.markdown(cp.narrative)}</details>'
            f'{parts}<p id="net" class="net" role="status" aria-live="polite" hidden></p></main>'
            f'<script id="config" type="application/json">{config}</script><script src="{assets["js"]}" defer></script>'
            "</body></html>")
    return head(f'{cp.title} · {t("Join the training")}', cp.language, assets) + body


def question_part(cp: CasePage, look: Look, ask: Ask, number: int, shows: bool, known: bool, record: dict | None,
                  left: int | None, token: str, closed: bool = False) -> str:
    """One question: hidden until opened; then its form (with the phone's saved answer); feedback only once known."""
    t = cp.t
    attrs = f'id="q-{esc(ask.id)}" class="part q" data-part="{esc(ask.id)}" data-s="{esc(token)}"'
    if not shows:
        return f'<section {attrs} hidden></section>'
    answer = quiz.fitting(quiz.question(cp.scenario, ask.id), record.get("answer"))[0] if record else None
    heading = f'<h2 id="h-{esc(ask.id)}">{esc(t("Question {n}").format(n=number))}</h2>'
    if ask.kind == "open":
        control = (f'<label for="a-{esc(ask.id)}">{esc(ask.prompt)}</label><textarea id="a-{esc(ask.id)}" name="a" '
                   f'rows="4" maxlength="4000">{esc(answer or "")}</textarea>')
    else:
        kind = "checkbox" if ask.many else "radio"
        picked = set(answer or []) if ask.many else {answer}
        items = "".join(f'<label class="opt"><input type="{kind}" name="a" value="{esc(c.key)}"'
                        f'{" checked" if c.key in picked else ""}><span>{esc(c.label)}</span></label>' for c in ask.choices)
        hint = f'<p class="hint">{esc(t("Tick every one that applies."))}</p>' if ask.many else ""
        control = f'<fieldset><legend>{esc(ask.prompt)}</legend>{hint}{items}</fieldset>'
    status = ""
    if record:
        status = esc(t("Saved.")) + " " + esc(t("Your answer from {time}.").format(time=str(record.get("time", ""))[11:16]))
    timer = f' data-left="{left}"' if left is not None else ""
    button = "" if closed else f'<button type="submit">{esc(t("Submit answer"))}</button>'
    feedback = ""
    if known:
        fb = cp.feedback(ask.id, answer) if answer is not None else cp.unanswered(ask.id)
        said = "" if answer is not None or ask.kind == "open" else f"<p><b>{esc(t(fb.answer))}</b></p>"
        feedback = f'<div class="fb">{look.feedback(fb)}{said}</div>'
    disabled = " disabled" if closed else ""
    return (f'<section {attrs} aria-labelledby="h-{esc(ask.id)}">{heading}<form class="ask" data-q="{esc(ask.id)}" '
            f'data-kind="{esc(ask.kind)}"{timer}><fieldset class="wrap"{disabled}>{control}{button}</fieldset>'
            f'<p class="st" role="status" aria-live="polite">{status}</p></form>{feedback}</section>')


def explorer_part(cp: CasePage, look: Look, known: set[str], token: str, explorer: quiz.Explorer | None = None) -> str:
    """The elements explorer: hidden until the classification is known; it names who investigates only once that is known."""
    t = cp.t
    attrs = f'id="explorer" class="part" data-part="explorer" data-s="{esc(token)}"'
    if not cp.explorer_open(known):
        return f'<section {attrs}><h2>{esc(t("The elements explorer"))}</h2><p class="msg">' + esc(
            t("The explorer opens once the first question is answered and shown.")) + "</p></section>"
    ex = explorer or cp.explorer()
    rows = []
    for name, values in quiz.LISTS.items():
        boxes = "".join(f'<label class="tog"><input type="checkbox" name="{name}" value="{v}"'
                        f'{" checked" if v in ex.get(name) else ""}><span>{esc(value_words(t, v))}</span></label>'
                        for v in values)
        rows.append(f'<fieldset><legend>{esc(t(ELEMENTS[name]))}</legend>{boxes}</fieldset>')
    rows.append(f'<p class="row"><label for="x-age">{esc(t(ELEMENTS["age"]))}</label><input id="x-age" type="number" '
                f'name="age" min="0" max="80" value="{ex.get("age")}" inputmode="numeric"></p>')
    for name, values in quiz.CHOICES.items():
        opts = "".join(f'<option value="{v}"{" selected" if v == ex.get(name) else ""}>{esc(value_words(t, v))}</option>'
                       for v in values)
        rows.append(f'<p class="row"><label for="x-{name}">{esc(t(ELEMENTS[name]))}</label>'
                    f'<select id="x-{name}" name="{name}">{opts}</select></p>')
    for name in quiz.FLAGS:
        rows.append(f'<p class="row"><label class="tog"><input type="checkbox" name="{name}" value="1"'
                    f'{" checked" if ex.get(name) else ""}><span>{esc(t(ELEMENTS[name]))}</span></label></p>')
    reset = f'<button type="button" class="quiet" data-reset>{esc(t("Back to the case"))}</button>'
    return (f'<section {attrs}><h2>{esc(t("The elements explorer: change a fact, watch what the law says"))}</h2>'
            f'<div id="reading" role="status" aria-live="polite">{reading_html(cp.reading(ex, known), look)}</div>'
            f'<details class="facts"><summary>{esc(t("Change the facts"))}</summary><form class="ex">{"".join(rows)}{reset}'
            "</form></details></section>")


def reading_html(r: Reading, look: Look) -> str:
    t = look.t
    who = f" · {esc(t('investigates'))}: <b>{esc(r.agencies)}</b>" if r.agencies is not None else ""
    head = (f"<p><b>{esc(r.verdict)}</b>{who}<br><small>{esc(t('PTPA penalty range'))}: {esc(r.ptpa)}; "
            f"{esc(t('PSMA penalty range'))}: {esc(r.psma)}</small></p>")
    changed = "; ".join(f"{n}: {was} → {now}" for n, was, now in r.changed)
    more = f"<p><small>{esc(t('Changed from the case'))}: {esc(changed)}</small></p>" if changed else ""
    open_ = (f"<p><small>{esc(t('Open points: decided here by a reading, not settled law'))}:</small></p>"
             + look.items(r.unsettled)) if r.unsettled else ""
    return f'<div class="box {"bad" if r.alarm else ""}">{head}{look.items(r.reasons)}{open_}{more}</div>'


def walk_part(cp: CasePage, look: Look, state: quiz.WalkState, path: list[str], shown: bool = True) -> str:
    """The walk (once the explorer is open): where the phone stands (replayed from its path), its choices as buttons."""
    t = cp.t
    if not shown:
        return '<section id="walk" class="part" data-part="walk" data-s="0" hidden></section>'
    ending = ""
    if state.ending:
        ending = (f'<p class="box"><b>{esc(t("Outcome"))}: {esc(t(state.ending.outcome))}</b> · '
                  + esc(t("score {score} of a possible {best}").format(score=state.score, best=state.best))
                  + f"</p>{look.paras(state.ending.feedback)}")
    buttons = "".join(f'<button type="button" class="choice" data-i="{i}">{i + 1}. {esc(c.label)}</button>'
                      for i, c in enumerate(state.node.choices))
    again = f'<button type="button" class="quiet" data-restart>{esc(t("Start again"))}</button>' if path else ""
    return (f'<section id="walk" class="part" data-part="walk" data-s="1" data-path="{esc(json.dumps(path))}" '
            f'data-node="{esc(state.current)}"><h2>{esc(t("Walk through the case"))}</h2>{look.paras(state.node.text)}{ending}'
            f'<div class="choices">{buttons}</div>{again}</section>')


def end_part(cp: CasePage, look: Look, known: set[str], token: str) -> str:
    """The whole case explained, once every graded question is known."""
    attrs = f'id="end" class="part" data-part="end" data-s="{esc(token)}"'
    if not cp.finished(known):
        return f"<section {attrs} hidden></section>"
    return f'<section {attrs}><h2>{esc(cp.t("The whole case"))}</h2>{look.feedback(cp.summary())}</section>'
