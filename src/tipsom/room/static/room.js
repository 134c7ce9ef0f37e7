// The phone's side of the room: submit answers as JSON, keep unsent ones in localStorage and
// retry, poll the room's state and fetch a part again when it changed, the explorer and the walk.
// No framework; the server renders every part (the phone holds only what it shows).
(() => {
  "use strict";
  const cfg = JSON.parse(document.getElementById("config").textContent);
  const W = cfg.words, KEY = "tipsom-queue", net = document.getElementById("net");
  const q = (sel, root = document) => root.querySelector(sel);
  const part = (name) => q(`[data-part="${CSS.escape(name)}"]`);
  const json = (url, body) => fetch(url + (url.includes("?") ? "&" : "?") + "lang=" + cfg.lang, {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(body), credentials: "same-origin", cache: "no-store"});

  function say(text, bad) { net.hidden = !text; net.textContent = text || ""; net.classList.toggle("err", !!bad); }
  function queue() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
  function keep(items) { try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* private mode: memory only */ } }
  function newId() {
    const a = new Uint8Array(12); crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function status(item, text) {
    const st = item.case === cfg.case ? q(`form.ask[data-q="${CSS.escape(item.q)}"] .st`) : null;
    if (st) st.textContent = text;
  }

  document.addEventListener("submit", (e) => {
    const f = e.target.closest("form.ask"); if (!f) return;
    e.preventDefault();
    let answer = null;
    if (f.dataset.kind === "open") answer = q("textarea", f).value;
    else if (f.dataset.kind === "indicators") answer = Array.from(f.querySelectorAll("input:checked"), (i) => i.value);
    else { const c = q("input:checked", f); answer = c ? c.value : null; }
    if (answer === null || (Array.isArray(answer) ? !answer.length : !String(answer).trim())) { q(".st", f).textContent = W.choose; return; }
    const id = newId();
    const item = {id, case: cfg.case, q: f.dataset.q,
                  body: {id, scenario: cfg.case, question: f.dataset.q, answer, language: cfg.lang}};
    keep([...queue(), item]);
    q(".st", f).textContent = W.saving;
    flush();
  });

  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    let problem = "";
    for (let items = queue(); items.length; items = queue()) {
      const item = items[0];
      let r, data = {};
      try { r = await json("/api/answer", item.body); } catch (e) { problem = W.queued; break; }
      try { data = await r.json(); } catch (e) { /* not JSON: a proxy or the room stopping */ }
      if (r.status === 403 || r.status === 429 || r.status >= 500) { problem = data.refused || W.retry; break; }
      keep(queue().filter((x) => x.id !== item.id));
      if (r.ok) { status(item, W.saved); if (data.refresh) check(); }
      else status(item, W.refused + " " + (data.refused || r.status));
    }
    flushing = false;
    if (problem) {
      for (const item of queue()) status(item, W.retry);
      say(problem, true);
      setTimeout(flush, 3000 + Math.random() * 3000);
    } else say("");
  }

  async function refresh(name) {
    const el = part(name); if (!el) return;
    try {
      const r = await fetch(`/case/${cfg.case}/part/${encodeURIComponent(name)}?lang=${cfg.lang}`, {cache: "no-store"});
      if (!r.ok) return;
      const t = document.createElement("template"); t.innerHTML = (await r.text()).trim();
      el.replaceWith(t.content.firstElementChild);
      for (const item of queue()) status(item, W.retry);
    } catch (e) { /* the next poll tries again */ }
  }

  const ends = {};
  let version = "";
  function apply(d) {
    for (const [name, token] of Object.entries(d.parts)) { const el = part(name); if (el && el.dataset.s !== token) refresh(name); }
    for (const [name, s] of Object.entries(d.left || {})) ends[name] = Date.now() + s * 1000;
  }
  async function state(wait) {
    const r = await fetch(`/api/state?case=${cfg.case}&lang=${cfg.lang}` + (wait ? `&v=${version}&w=${document.hidden ? 25 : 20}` : ""),
                          {cache: "no-store", credentials: "same-origin"});
    return [r, await r.json()];
  }
  async function check() {  // after the phone's own answer (self-paced): what it may see now, without waiting
    try { const [r, d] = await state(false); if (r.ok) apply(d); } catch (e) { /* the long poll tries again */ }
  }
  async function poll() {
    let next = 3000;
    try {
      const [r, d] = await state(true);
      if (!r.ok) say(d.refused || W.retry, true);
      else {
        next = 100;  // a long poll: the server answered because something changed, or after 20 s
        version = d.v;
        apply(d);
        if (!queue().length) say("");
        else flush();
      }
    } catch (e) { say(queue().length ? W.queued : W.retry, true); }
    setTimeout(poll, next);
  }
  setInterval(() => {
    for (const [name, end] of Object.entries(ends)) {
      const f = q(`form.ask[data-q="${CSS.escape(name)}"]`); if (!f) continue;
      const s = Math.max(0, Math.round((end - Date.now()) / 1000));
      let t = q(".timer", f); if (!t) { t = document.createElement("p"); t.className = "timer"; t.setAttribute("role", "timer"); f.prepend(t); }
      t.textContent = s > 0 ? W.left.replace("{s}", s) : W.closed;
      const b = q("button[type=submit]", f); if (b) b.disabled = s === 0;
    }
  }, 1000);

  document.addEventListener("change", async (e) => {
    const f = e.target.closest("form.ex"); if (!f) return;
    const facts = {};
    for (const el of f.elements) {
      if (!el.name) continue;
      if (el.type === "checkbox" && el.value !== "1") { facts[el.name] = facts[el.name] || []; if (el.checked) facts[el.name].push(el.value); }
      else if (el.type === "checkbox") facts[el.name] = el.checked;
      else if (el.name === "age") facts.age = Math.max(0, Math.min(120, parseInt(el.value, 10) || 0));
      else facts[el.name] = el.value;
    }
    try {
      const r = await json("/api/explore", {case: cfg.case, facts});
      if (r.ok) q("#reading").innerHTML = await r.text();
    } catch (err) { say(W.retry, true); }
  });

  document.addEventListener("click", async (e) => {
    const b = e.target.closest("button"); if (!b) return;
    if (b.hasAttribute("data-reset")) refresh("explorer");
    const walk = b.closest("#walk");
    if (walk && (b.dataset.i !== undefined || b.hasAttribute("data-restart"))) {
      const path = b.hasAttribute("data-restart") ? [] : [...JSON.parse(walk.dataset.path), walk.dataset.node + ":" + b.dataset.i];
      try {
        const r = await json("/api/walk", {case: cfg.case, path, id: newId()});
        const t = document.createElement("template"); t.innerHTML = (await r.text()).trim();
        if (r.ok) walk.replaceWith(t.content.firstElementChild); else say(W.retry, true);
      } catch (err) { say(W.queued, true); }
    }
  });

  window.addEventListener("online", flush);
  flush();
  poll();
})();
