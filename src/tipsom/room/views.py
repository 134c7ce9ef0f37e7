"""The trainer's presenter view: plain HTML with inline CSS and JS (nothing fetched from outside).

The trainer steps through a case's questions; in trainer pace, showing a question opens it on
the phones (with an optional countdown), Reveal marks the right answer here and shows each
phone its feedback. Open answers are listed with counts and a Hide button each. The QR code
fills the screen on demand; the address follows the laptop's when it changes."""

from __future__ import annotations

import json

from ..content.knowledge import letters  # as the papers and the answer cards print them
from ..i18n import N_, direction, translator
from ..workbook.cards import esc

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
[dir=rtl] body,[dir=rtl] button,[dir=rtl] select{font-family:'Noto Nastaliq Urdu',system-ui,sans-serif;line-height:2}
.url{font-size:20px;word-break:break-all;direction:ltr;unicode-bidi:isolate}.hideans{font-size:16px;margin-inline-start:12px}
.gone{opacity:.45;text-decoration:line-through}#big{position:fixed;inset:0;background:#fff;display:flex;flex-direction:column;
align-items:center;justify-content:center;gap:2vh;z-index:9}#big[hidden]{display:none}#big .qr svg{height:82vh;width:82vh}
#big .url{font-size:5vh;font-weight:700}.photo{display:inline-block;font-size:22px;padding:12px 18px;border:2px dashed #13355e;
border-radius:10px;cursor:pointer}.photo input{font-size:16px}#read{font-size:22px}#read b{font-variant-numeric:tabular-nums}
#timer{font-size:32px;font-weight:700;color:#9a2b00}select#secs{font-size:20px}
</style>"""


PRESENTER_JS = """
const state = {scenario: SCENARIO, at: 0, data: null};
const $ = (id) => document.getElementById(id);
function esc(s) { return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c])); }
async function post(url, body) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
}
async function poll() {
  try {
    const r = await fetch("/trainer/summary.json?lang=" + LANG + "&scenario=" + encodeURIComponent(state.scenario), {cache: "no-store"});
    if (r.ok) { state.data = await r.json(); draw(); $("stale").hidden = true; } else { $("stale").hidden = false; }
  } catch (e) { $("stale").hidden = false; }
}
function current() { const sc = state.data && state.data.scenarios[0]; return sc ? [sc, sc.questions[state.at]] : [null, null]; }
function draw() {
  const d = state.data, sc = d.scenarios[0];
  $("joined").textContent = d.joined; $("answered").textContent = d.participants;
  if (d.url !== ADDR) { ADDR = d.url; document.querySelectorAll(".url").forEach(e => e.textContent = d.url);
    document.querySelectorAll(".qr").forEach(e => e.innerHTML = d.qr); }
  if (!sc) { $("prompt").textContent = TEXT.none; return; }
  const qs = sc.questions; state.at = Math.min(state.at, qs.length - 1); const q = qs[state.at];
  $("list").innerHTML = qs.map((x, i) => `<button aria-current="${i === state.at}" data-i="${i}" aria-label="${TEXT.question} ${i + 1}">${i + 1}</button>`).join("");
  $("prompt").textContent = q.prompt;
  const shown = d.revealed.includes(sc.id + "/" + q.id);
  $("meta").textContent = `${TEXT.question} ${state.at + 1} / ${qs.length} · ${q.answered} ${TEXT.answered}` +
    (shown && q.kind !== "open" ? ` · ${q.correct} ${TEXT.correct}` : "") + (PACE === "trainer" && !q.opened && q.kind !== "walk" ? ` · ${TEXT.notopen}` : "");
  $("timer").textContent = q.left === null || q.left === undefined ? "" : (q.left > 0 ? `${q.left} s` : TEXT.timeup);
  const most = Math.max(1, ...q.options.map(o => o.count)), lettered = CARDS && cardable(q);
  $("bars").innerHTML = q.options.map((o, i) => `<div class="bar ${shown && o.right ? "right" : ""}"><span class="mark">${shown && o.right ? "✔" : ""}</span>` +
    `<span>${lettered ? `<b>${LETTERS[i]}</b> · ` : ""}${esc(o.label)}</span><div class="fill" style="width:${Math.round(100 * o.count / most)}%"></div><span class="n">${o.count}</span></div>`).join("") +
    (q.answers.length ? `<ul class="open">${q.answers.map(([a, n, k, gone]) => `<li class="${gone ? "gone" : ""}">${gone ? TEXT.hidden : esc(a)} (${n})` +
      `<button class="hideans" data-key="${k}" data-on="${gone ? 0 : 1}">${gone ? TEXT.show : TEXT.hide}</button></li>`).join("")}</ul>` : "");
  $("reveal").textContent = shown ? TEXT.unreveal : TEXT.reveal;
  $("reveal").dataset.q = sc.id + "/" + q.id; $("reveal").dataset.on = shown ? "0" : "1";
  $("open").hidden = PACE !== "trainer" || q.kind === "walk";
  if (CARDS) { $("cards").hidden = !cardable(q) || shown; }
}
function cardable(q) { return ["classify", "investigates", "response"].includes(q.kind) && q.options.length <= 4; }
async function photo(file) {
  const [sc, q] = current(); if (!sc || !q || !file) return;
  $("read").textContent = TEXT.reading;
  try {
    const r = await fetch(`/trainer/photo?lang=${LANG}&scenario=${encodeURIComponent(sc.id)}&question=${encodeURIComponent(q.id)}`,
                          {method: "POST", body: file});
    const d = await r.json();
    if (!r.ok) { $("read").textContent = `${TEXT.failed} ${d.error}`; return; }
    const read = Object.entries(d.read).map(([c, l]) => `${esc(c)} ${esc(l)}`).join(", ");
    const refused = Object.keys(d.refused);
    $("read").innerHTML = `${TEXT.read}: <b>${Object.keys(d.read).length}</b> (${read})` +
      (d.unread.length ? `<br>${TEXT.unread}: <b>${d.unread.map(esc).join(", ")}</b>` : "") +
      (refused.length ? `<br>${TEXT.refused}: ${refused.map(esc).join(", ")}` : "");
  } catch (e) { $("read").textContent = `${TEXT.failed} ${e}`; }
  $("photo").value = ""; poll();
}
if (CARDS) { $("photo").addEventListener("change", (e) => photo(e.target.files[0])); }
async function openAt(i) {
  state.at = i; draw();
  const [sc, q] = current();
  if (PACE === "trainer" && sc && q && q.kind !== "walk" && !q.opened) { await post("/trainer/open", {scenario: sc.id, question: q.id, seconds: +$("secs").value}); }
  poll();
}
document.addEventListener("click", async (e) => {
  const b = e.target.closest("button"); if (!b) return;
  if (b.dataset.i !== undefined) { openAt(+b.dataset.i); }
  if (b.id === "prev") { state.at = Math.max(0, state.at - 1); draw(); }
  if (b.id === "next") { openAt(state.at + 1); }
  if (b.id === "open") { const [sc, q] = current(); await post("/trainer/open", {scenario: sc.id, question: q.id, seconds: +$("secs").value}); poll(); }
  if (b.id === "reveal") { await post("/trainer/reveal", {question: b.dataset.q, on: b.dataset.on === "1"}); poll(); }
  if (b.dataset.key) { await post("/trainer/hide", {key: b.dataset.key, on: b.dataset.on === "1"}); poll(); }
  if (b.id === "bigqr") { $("big").hidden = false; }
  if (b.id === "close") { $("big").hidden = true; }
});
$("free").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await fetch("/trainer/free", {method: "POST", body: new URLSearchParams(new FormData(e.target))});
  $("freed").textContent = r.ok && (await r.json()).freed ? "✔" : "✘";
});
$("scenario").addEventListener("change", (e) => { state.scenario = e.target.value; state.at = 0; poll(); });
poll(); setInterval(poll, 1000);
"""


def page(title: str, body: str, language: str, head: str) -> str:
    return (f'<!doctype html><html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{head}</head><body>{body}</body></html>")


def _js(value) -> str:
    """A value as JavaScript inside a <script> element (no '</script>' can close it)."""
    return json.dumps(value).replace("<", "\\u003c")


def presenter_page(language: str, scenarios: list[tuple[str, str]], participants_url: str, qr_svg: str,
                   pace: str = "trainer", assets: dict | None = None, cards: bool = False) -> str:
    """The projector: one question at a time in large type, counts, bars that refresh every second,
    the right answer marked only after Reveal; the QR code of the participants' URL (full screen on demand)."""
    t = translator(language)
    text = {"question": t("Question"), "answered": t("answered"), "correct": t("correct"), "reveal": t("Reveal"),
            "unreveal": t("Hide the answer"), "none": t("No case chosen."), "notopen": t("not open on the phones yet"),
            "hide": t("Hide"), "show": t("Show"), "hidden": t("(hidden)"), "timeup": t("Time is up."),
            "reading": t("Reading the photo…"), "read": t("Cards read"), "unread": t("Not read, hold up again"),
            "refused": t("Not counted"), "failed": t("The photo could not be read:")}
    w = {k: esc(t(v)) for k, v in (("title", N_("How the room answered")), ("joined", N_("Joined")), ("answered", N_("Answered")),
                                   ("case", N_("Case")), ("again", N_("Reconnecting…")), ("questions", N_("Questions")),
                                   ("prev", N_("Previous")), ("reveal", N_("Reveal")), ("next", N_("Next")), ("open", N_("Open on the phones")),
                                   ("free", N_("A participant changed phone? Free their code")), ("code", N_("Code")),
                                   ("freeit", N_("Free")), ("big", N_("Show the QR code large")), ("close", N_("Close")),
                                   ("secs", N_("Countdown")), ("nocount", N_("No countdown")),
                                   ("photo", N_("Take a photo of the answer cards")))}
    font = assets.get("font") if assets else None
    fontface = (f"<style>@font-face{{font-family:'Noto Nastaliq Urdu';src:url('{font}') format('woff2')}}</style>"
                if font and language == "ur" else "")
    options = "".join(f'<option value="{esc(sid)}">{esc(name)}</option>' for sid, name in scenarios)
    secs = f'<option value="0">{w["nocount"]}</option>' + "".join(f'<option value="{n}">{n} s</option>' for n in (30, 60, 90, 120))
    first = scenarios[0][0] if scenarios else ""
    url = esc(participants_url)
    body = (f'<header><b>{w["title"]}</b><span class="count">{w["joined"]}: <b id="joined">0</b></span>'
            f'<span class="count">{w["answered"]}: <b id="answered">0</b></span><select id="scenario" '
            f'aria-label="{w["case"]}">{options}</select></header><main><aside class="join"><div class="qr" '
            f'title="{url}">{qr_svg}</div><span class="url">{url}</span><button id="bigqr">{w["big"]}</button></aside>'
            f'<p id="stale" hidden>{w["again"]}</p>'
            f'<div id="list" role="group" aria-label="{w["questions"]}"></div><h1 id="prompt"></h1><p id="meta"></p>'
            f'<p id="timer" role="timer"></p><div id="bars"></div>'
            f'<nav><button id="prev">◀ {w["prev"]}</button><button id="open">{w["open"]}</button>'
            f'<label>{w["secs"]} <select id="secs">{secs}</select></label>'
            f'<button id="reveal" class="primary">{w["reveal"]}</button><button id="next">{w["next"]} ▶</button></nav>'
            + (f'<p class="cards" id="cards" hidden><label class="photo">📷 {w["photo"]} <input type="file" id="photo" '
               f'accept="image/*" capture="environment"></label></p><p id="read" role="status"></p>' if cards else "") +
            f'<details><summary>{w["free"]}</summary><form id="free"><input name="code" maxlength="32" aria-label="{w["code"]}"> '
            f'<button>{w["freeit"]}</button><span id="freed"></span></form></details></main>'
            f'<div id="big" hidden><div class="qr">{qr_svg}</div><span class="url">{url}</span>'
            f'<nav><button id="close">{w["close"]}</button></nav></div>'
            f"<script>const SCENARIO = {_js(first)}; const TEXT = {_js(text)}; const PACE = {_js(pace)}; "
            f"const LANG = {_js(language)}; const CARDS = {_js(cards)}; const LETTERS = {_js(list(letters(language)[:4]))}; let ADDR = {_js(participants_url)};{PRESENTER_JS}</script>")
    return page(t("How the room answered"), body, language, PRESENTER + fontface)
