"""The room's own pages, plain HTML with inline CSS and JS (nothing fetched from outside):
the join page a participant opens on a phone, and the trainer's presenter view."""

from __future__ import annotations

import json

from ..i18n import direction, translator
from ..workbook.cards import esc

PHONE = """<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
@font-face{font-family:'Noto Nastaliq Urdu';src:url('/room/fonts/NotoNastaliqUrdu-Regular.ttf') format('truetype')}
*{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,'DejaVu Sans',sans-serif;color:#1f1f1f;background:#f6f7f9}
main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:1.5em;margin:.4em 0}
[dir=rtl] body,[dir=rtl] input,[dir=rtl] button{font-family:'Noto Nastaliq Urdu',sans-serif;line-height:2.2}
.langs{display:flex;gap:8px;justify-content:flex-end}.langs a{padding:10px 14px;min-height:48px;border-radius:8px;
color:#1a4e8a;text-decoration:none;border:1px solid #c6d3e6;background:#fff}.langs a.on{background:#1a4e8a;color:#fff}
label{display:block;font-weight:600;margin:12px 0 4px}input{width:100%;font-size:1.4em;padding:12px;min-height:56px;
border:2px solid #8a96a8;border-radius:10px;text-transform:uppercase;letter-spacing:.08em}
button,.go{display:block;width:100%;min-height:56px;margin:12px 0;padding:12px 16px;font-size:1.15em;border-radius:10px;
border:0;background:#1a4e8a;color:#fff;text-align:start;text-decoration:none}.go small{display:block;opacity:.85}
.msg{padding:10px 14px;border-inline-start:5px solid #5f6368;background:#fff;margin:12px 0}.err{border-color:#b3261e}
.me{font-size:1.2em}.quiet{color:#1a4e8a;display:inline-block;padding:12px 0;min-height:48px}
</style>"""


def page(title: str, body: str, language: str = "en", head: str = PHONE) -> str:
    return (f'<!doctype html><html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{head}</head><body>{body}</body></html>")


def join_page(language: str, code: str | None, scenarios: list[tuple[str, str, int]], error: str = "",
              codes_handed_out: bool = False) -> str:
    """The join page: choose a language, enter a code, then pick a scenario. No code, no paths."""
    t = translator(language)
    title = esc(t("Join the training"))
    langs = "".join(f'<a href="/?lang={lang}" class="{"on" if lang == language else ""}" lang="{lang}">{name}</a>'
                    for lang, name in (("en", "English"), ("ur", "اردو")))
    out = f'<main><nav class="langs">{langs}</nav><h1>{title}</h1>'
    if error:
        out += f'<p class="msg err" role="alert">{esc(error)}</p>'
    if code is None:
        hint = esc(t("Type the code on the card your trainer gave you.") if codes_handed_out else
                   t("Choose a short code, for example your seat number like P07, and remember it. No name needed."))
        label, join = esc(t("Your code")), esc(t("Join"))
        out += (f'<form method="post" action="/join?lang={language}"><label for="code">{label}</label>'
                f'<input id="code" name="code" maxlength="32" autocomplete="off" autocapitalize="characters" '
                f'spellcheck="false" required pattern="[A-Za-z0-9_-]{{1,32}}" placeholder="P07">'
                f'<p>{hint}</p><button type="submit">{join}</button></form></main>')
        return page(title, out, language)
    you = esc(t("You are {code}.").format(code=code))
    kept = esc(t("Your answers are kept on the trainer's laptop. If your phone sleeps, open the case again."))
    today = esc(t("Today's cases"))
    out += f'<p class="me">{you} {kept}</p><h2>{today}</h2>'
    for sid, name, minutes in scenarios:
        about = esc(t("about {minutes} minutes").format(minutes=minutes))
        out += f'<a class="go" href="/open/{esc(sid)}?lang={language}">{esc(name)}<small>{about}</small></a>'
    if not scenarios:
        out += f'<p class="msg">{esc(t("No case is ready in this language yet; choose English."))}</p>'
    other = esc(t("Not {code}? Use another code").format(code=code))
    out += f'<a class="quiet" href="/leave?lang={language}">{other}</a></main>'
    return page(title, out, language)


PRESENTER = """<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
*{box-sizing:border-box}body{margin:0;font:22px/1.4 system-ui,'DejaVu Sans',sans-serif;background:#fff;color:#111}
header{display:flex;gap:24px;align-items:center;padding:12px 24px;background:#13355e;color:#fff;flex-wrap:wrap}
header b{font-size:1.4em}.count{font-size:1.2em}main{padding:16px 32px;padding-inline-end:230px;position:relative}
.join{position:absolute;inset-inline-end:24px;top:16px;width:190px;text-align:center;font-size:16px;color:#333}
.qr svg{width:190px;height:190px;display:block;background:#fff}
#prompt{font-size:40px;line-height:1.25;margin:.3em 0 .6em}#meta{font-size:24px;color:#444}
.bar{display:grid;grid-template-columns:2.2em minmax(6em,16em) minmax(200px,1fr) 3em;gap:12px;align-items:center;margin:12px 0;font-size:28px}
.fill{height:40px;background:#4a78b8;border-radius:4px;transition:width .4s}.right .fill{background:#1b7f3b}
.mark{font-size:1.2em;color:#1b7f3b;text-align:center}.n{text-align:end;font-variant-numeric:tabular-nums}
nav{display:flex;gap:12px;flex-wrap:wrap;margin:18px 0}nav button{font-size:24px;padding:12px 22px;min-height:56px;border-radius:10px;
border:2px solid #13355e;background:#fff;color:#13355e;cursor:pointer}nav button.primary{background:#13355e;color:#fff}
#list{display:flex;gap:8px;flex-wrap:wrap}#list button{font-size:18px;padding:8px 14px;border:2px solid #8a96a8;background:#fff;
border-radius:999px;cursor:pointer}#list button[aria-current=true]{background:#13355e;border-color:#13355e;color:#fff;font-weight:700}
.open li{font-size:26px;margin:6px 0}select{font-size:22px;padding:8px}details{margin-top:32px;font-size:18px;color:#444}
details input{font-size:18px;padding:6px;text-transform:uppercase}
</style>"""

PRESENTER_JS = """
const state = {scenario: SCENARIO, at: 0, data: null};
const $ = (id) => document.getElementById(id);
function esc(s) { return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c])); }
async function poll() {
  try {
    const r = await fetch("/trainer/summary.json?scenario=" + encodeURIComponent(state.scenario), {cache: "no-store"});
    if (r.ok) { state.data = await r.json(); draw(); $("stale").hidden = true; } else { $("stale").hidden = false; }
  } catch (e) { $("stale").hidden = false; }
}
function draw() {
  const d = state.data, sc = d.scenarios[0];
  $("joined").textContent = d.joined; $("answered").textContent = d.participants;
  if (!sc) { $("prompt").textContent = TEXT.none; return; }
  const qs = sc.questions; state.at = Math.min(state.at, qs.length - 1); const q = qs[state.at];
  $("list").innerHTML = qs.map((x, i) => `<button aria-current="${i === state.at}" data-i="${i}">${i + 1}</button>`).join("");
  $("prompt").textContent = q.prompt;
  const shown = d.revealed.includes(sc.id + "/" + q.id);
  $("meta").textContent = `${TEXT.question} ${state.at + 1} / ${qs.length} · ${q.answered} ${TEXT.answered}` +
    (shown && q.kind !== "open" ? ` · ${q.correct} ${TEXT.correct}` : "");
  const most = Math.max(1, ...q.options.map(o => o.count));
  $("bars").innerHTML = q.options.map(o => `<div class="bar ${shown && o.right ? "right" : ""}"><span class="mark">${shown && o.right ? "✔" : ""}</span>` +
    `<span>${esc(o.label)}</span><div class="fill" style="width:${Math.round(100 * o.count / most)}%"></div><span class="n">${o.count}</span></div>`).join("") +
    (q.answers.length ? `<ul class="open">${q.answers.map(([a, n]) => `<li>${esc(a)} (${n})</li>`).join("")}</ul>` : "");
  $("reveal").textContent = shown ? TEXT.hide : TEXT.reveal;
  $("reveal").dataset.q = sc.id + "/" + q.id; $("reveal").dataset.on = shown ? "0" : "1";
}
document.addEventListener("click", async (e) => {
  const b = e.target.closest("button"); if (!b) return;
  if (b.dataset.i !== undefined) { state.at = +b.dataset.i; draw(); }
  if (b.id === "prev") { state.at = Math.max(0, state.at - 1); draw(); }
  if (b.id === "next") { state.at += 1; draw(); }
  if (b.id === "reveal") {
    await fetch("/trainer/reveal", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({question: b.dataset.q, on: b.dataset.on === "1"})});
    poll();
  }
});
$("free").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await fetch("/trainer/free", {method: "POST", body: new URLSearchParams(new FormData(e.target))});
  $("freed").textContent = r.ok && (await r.json()).freed ? "✔" : "✘";
});
$("scenario").addEventListener("change", (e) => { state.scenario = e.target.value; state.at = 0; poll(); });
poll(); setInterval(poll, 1000);
"""


def _js(value) -> str:
    """A value as JavaScript inside a <script> element (no '</script>' can close it)."""
    return json.dumps(value).replace("<", "\\u003c")


def presenter_page(language: str, scenarios: list[tuple[str, str]], participants_url: str, qr_svg: str) -> str:
    """The projector: one question at a time in large type, counts, bars that refresh every second,
    the right answer marked only after Reveal; the QR code of the participants' URL."""
    t = translator(language)
    text = {"question": t("Question"), "answered": t("answered"), "correct": t("correct"), "reveal": t("Reveal"),
            "hide": t("Hide the answer"), "none": t("No case chosen.")}
    words = {k: esc(v) for k, v in (("title", t("How the room answered")), ("joined", t("Joined")), ("answered", t("Answered")),
                                    ("case", t("Case")), ("again", t("Reconnecting…")), ("questions", t("Questions")),
                                    ("prev", t("Previous")), ("reveal", t("Reveal")), ("next", t("Next")),
                                    ("free", t("A participant changed phone? Free their code")), ("code", t("Code")),
                                    ("freeit", t("Free")))}
    options = "".join(f'<option value="{esc(sid)}">{esc(name)}</option>' for sid, name in scenarios)
    first = scenarios[0][0] if scenarios else ""
    body = (f'<header><b>{words["title"]}</b><span class="count">{words["joined"]}: <b id="joined">0</b></span>'
            f'<span class="count">{words["answered"]}: <b id="answered">0</b></span><select id="scenario" '
            f'aria-label="{words["case"]}">{options}</select></header><main><aside class="join"><div class="qr" '
            f'title="{esc(participants_url)}">{qr_svg}</div>{esc(participants_url)}</aside><p id="stale" hidden>{words["again"]}</p>'
            f'<div id="list" aria-label="{words["questions"]}"></div><h1 id="prompt"></h1><p id="meta"></p><div id="bars"></div>'
            f'<nav><button id="prev">◀ {words["prev"]}</button><button id="reveal" class="primary">{words["reveal"]}</button>'
            f'<button id="next">{words["next"]} ▶</button></nav><details><summary>{words["free"]}</summary>'
            f'<form id="free"><input name="code" maxlength="32" aria-label="{words["code"]}"> <button>{words["freeit"]}</button>'
            f'<span id="freed"></span></form></details></main>'
            f"<script>const SCENARIO = {_js(first)}; const TEXT = {_js(text)};{PRESENTER_JS}</script>")
    return page(t("How the room answered"), body, language, PRESENTER)
