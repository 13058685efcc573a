// calmdesk: a little hand-written JavaScript. Text from the public is always set with
// textContent (never innerHTML), so it stays inert.
"use strict";

(function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  async function api(path, options) {
    const opts = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    opts.headers = Object.assign({ Accept: "application/json", "X-CSRF-Token": csrf() }, opts.headers);
    const res = await fetch(path, opts);
    if (res.status === 401) { window.location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search); }
    if (!res.ok) throw new Error("HTTP " + res.status);
    return res.json();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // --- the live channel: one EventSource per page for the whole desk ------------------------
  // /api/events carries `changes` (by others, on my brands), `presence` and `notify`; a case
  // page adds ?case=N and also gets `case` (its fingerprint). See docs/web.md, "Live updates".
  let channel = null;
  function liveChannel(caseId) {
    if (channel || !window.EventSource) return channel;
    channel = new EventSource("/api/events" + (caseId ? "?case=" + encodeURIComponent(caseId) : ""));
    // <body data-live="1"> while connected: styles and tests can tell a live page from a polling one.
    channel.addEventListener("open", () => { document.body.dataset.live = "1"; });
    channel.addEventListener("error", () => { document.body.dataset.live = "0"; });
    return channel;
  }
  function liveOn(name, fn) {
    if (channel) channel.addEventListener(name, (ev) => fn(JSON.parse(ev.data)));
  }
  // True while the channel is connected: the slow fallback polls only when it is not.
  function liveUp() { return !!channel && channel.readyState === 1; }
  function debounce(fn, ms) {
    let t = null;
    return () => { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function fmtLeft(ms) {
    const neg = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60);
    const txt = (h ? h + "h " : "") + m + "m";
    return neg ? "overdue by " + txt : "in " + txt;
  }

  // --- SLA countdowns ---------------------------------------------------------------------
  function tickCountdowns() {
    const now = Date.now();
    document.querySelectorAll("[data-due]").forEach((node) => {
      const due = node.getAttribute("data-due");
      if (!due || node.getAttribute("data-done")) return;
      const left = Date.parse(due) - now;
      node.textContent = fmtLeft(left);
      node.classList.toggle("overdue", left < 0);
      node.classList.toggle("soon", left >= 0 && left < 3600 * 1000);
    });
  }

  // --- inbox --------------------------------------------------------------------------------
  const INBOX_KEY = "calmdesk.inbox";

  // Shortcuts never fire while someone types in a field, nor with a modifier held.
  function typing(ev) {
    return !!(ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable]")) ||
      ev.metaKey || ev.ctrlKey || ev.altKey;
  }
  function inboxRow(c) {
    const tr = el("tr", c.overdue ? "overdue" : "");
    tr.dataset.id = c.id;
    tr.dataset.href = "/cases/" + c.id;
    const pick = el("td", "pick");
    const box = el("input");
    box.type = "checkbox"; box.name = "case_id"; box.value = String(c.id);
    box.setAttribute("form", "bulk-form");
    box.setAttribute("aria-label", "Select case #" + c.id);
    pick.appendChild(box);
    tr.appendChild(pick);
    const prio = el("td", "prio");
    prio.appendChild(el("span", "prio-badge p" + Math.floor(c.priority / 25), c.priority));
    tr.appendChild(prio);
    const idCell = el("td");
    const a = el("a", "", "#" + c.id);
    a.href = "/cases/" + c.id;
    idCell.appendChild(a);
    idCell.appendChild(el("div", "sub", c.brand + " · " + c.platform + (c.topic ? " · " + c.topic : "")));
    (c.tags || []).forEach((t) => { const tag = el("a", "tag case-tag", t); tag.href = "/?tag=" + encodeURIComponent(t); idCell.appendChild(tag); });
    tr.appendChild(idCell);
    const who = el("td", "", "@" + (c.author || "?"));
    if (c.followers) who.appendChild(el("div", "sub", Number(c.followers).toLocaleString("en") + " followers"));
    tr.appendChild(who);
    const snip = el("td", "snippet");
    snip.appendChild(el("div", "clamp", c.snippet));
    if (c.escalation && c.escalation.length) snip.appendChild(el("span", "tag esc", c.escalation.join(", ")));
    tr.appendChild(snip);
    const latest = el("td", "latest");
    if (c.latest) {
      latest.appendChild(el("div", "clamp", c.latest));
      latest.appendChild(el("div", "sub", c.latest_at || ""));
    } else {
      latest.appendChild(el("span", "sub", "nothing since"));
    }
    tr.appendChild(latest);
    const st = el("td");
    st.appendChild(el("span", "state s-" + c.state, c.state));
    tr.appendChild(st);
    tr.appendChild(el("td", "", c.owner || "—"));
    const due = el("td", "due", c.due_local || "—");
    due.setAttribute("data-due", c.first_response_due_at || "");
    due.title = c.due_local || "";
    if (c.first_response_at) due.setAttribute("data-done", "1");
    tr.appendChild(due);
    return tr;
  }

  // On a phone the filters fold away so the cases come first, unless a filter is on; a wide
  // screen always shows them (the summary line is hidden there).
  const NARROW = window.matchMedia ? window.matchMedia("(max-width: 900px)") : null;
  function openFilters() { const fold = document.getElementById("filters-fold"); if (fold) fold.open = true; }
  function setupFilterFold(root) {
    const fold = document.getElementById("filters-fold");
    if (!fold || !NARROW) return;
    if (NARROW.matches && !root.dataset.params) fold.open = false;
    NARROW.addEventListener("change", () => { if (!NARROW.matches) fold.open = true; });
  }

  function setupInbox(root) {
    const tbody = document.getElementById("case-rows");
    const live = document.getElementById("live");
    const params = root.dataset.params || "";
    const page = root.dataset.page || "1";
    let cursor = 0;

    function rows() { return Array.from(tbody.querySelectorAll("tr[data-id]")); }
    function picked() { return Array.from(tbody.querySelectorAll('input[name="case_id"]:checked')); }
    function countPicked() {
      const n = picked().length;
      const out = document.getElementById("bulk-count");
      if (out) out.textContent = String(n);
      const bar = document.getElementById("bulk-form");
      if (bar) bar.classList.toggle("active", n > 0);
    }
    tbody.addEventListener("change", countPicked);
    const all = document.getElementById("pick-all");
    if (all) all.addEventListener("change", () => { tbody.querySelectorAll('input[name="case_id"]').forEach((b) => { b.checked = all.checked; }); countPicked(); });
    function select(i) {
      const all = rows();
      if (!all.length) return;
      cursor = Math.max(0, Math.min(i, all.length - 1));
      all.forEach((r, j) => r.classList.toggle("cursor", j === cursor));
      all[cursor].scrollIntoView({ block: "nearest" });
      remember();
    }
    // The case view walks this list with n/p (or j/k): the same order and filters as here.
    function remember() {
      try {
        sessionStorage.setItem(INBOX_KEY, JSON.stringify({
          ids: rows().map((r) => r.dataset.id), href: location.pathname + location.search,
        }));
      } catch (err) { /* storage off: the case view simply has no next/previous */ }
    }

    async function refresh() {
      try {
        const after = new URLSearchParams(location.search).get("after");
        const where = after ? "after=" + encodeURIComponent(after) : "page=" + page;
        const data = await api("/api/inbox?" + params + (params ? "&" : "") + where);
        const selectedId = (rows()[cursor] || {}).dataset ? rows()[cursor].dataset.id : null;
        const ticked = new Set(picked().map((b) => b.value));
        const frag = document.createDocumentFragment();
        data.items.forEach((c) => frag.appendChild(inboxRow(c)));
        if (!data.items.length) { const tr = el("tr", "empty"); const td = el("td", "", "Nothing here. Calm desk."); td.colSpan = 9; tr.appendChild(td); frag.appendChild(tr); }
        tbody.replaceChildren(frag);
        // A refresh keeps what the person ticked for a bulk action.
        tbody.querySelectorAll('input[name="case_id"]').forEach((b) => { b.checked = ticked.has(b.value); });
        countPicked();
        const idx = rows().findIndex((r) => r.dataset.id === selectedId);
        select(idx >= 0 ? idx : 0);
        tickCountdowns();
        live.textContent = "live · updated " + new Date().toLocaleTimeString();
        live.classList.remove("stale");
      } catch (err) {
        live.textContent = "offline, retrying";
        live.classList.add("stale");
      }
    }

    async function refreshCounts() {
      try {
        const c = await api("/api/inbox/counts");
        const put = (key, n) => document.querySelectorAll('[data-count="' + key + '"]').forEach((node) => { node.textContent = String(n); });
        put("open", c.open); put("escalated", c.escalated); put("due_soon", c.due_soon + (c.due_soon_capped ? "+" : ""));
        document.querySelectorAll("option[data-count-key]").forEach((opt) => {
          const [group, value] = opt.dataset.countKey.split(":");
          const n = group === "mine" ? c.mine : ((c[group] || {})[value] || 0);
          if (!opt.dataset.label) opt.dataset.label = opt.textContent;
          opt.textContent = opt.dataset.label + " (" + n + ")";
        });
        const topics = document.getElementById("topics");
        if (topics) {
          topics.replaceChildren(...Object.keys(c.topic).map((t) => { const o = el("option"); o.value = t; o.label = t + " (" + c.topic[t] + ")"; return o; }));
        }
      } catch (err) { /* counts are a convenience; the list still works */ }
    }

    tbody.addEventListener("click", (ev) => {
      const tr = ev.target.closest("tr[data-id]");
      if (!tr || ev.target.closest("a, input, label, td.pick")) return;
      window.location.href = tr.dataset.href;
    });
    document.addEventListener("keydown", (ev) => {
      if (typing(ev)) return;
      if (ev.key === "j") { select(cursor + 1); ev.preventDefault(); }
      else if (ev.key === "k") { select(cursor - 1); ev.preventDefault(); }
      else if (ev.key === "Enter" || ev.key === "o") { const r = rows()[cursor]; if (r) window.location.href = r.dataset.href; }
      else if (ev.key === "r") { refresh(); refreshCounts(); }
      else if (ev.key === "x") { const r = rows()[cursor]; const b = r && r.querySelector('input[name="case_id"]'); if (b) { b.checked = !b.checked; countPicked(); } }
      else if (ev.key === "s") { const f = document.getElementById("search-box-q"); if (f) { f.focus(); ev.preventDefault(); } }
      else if (ev.key === "/") { openFilters(); const f = document.querySelector("#filter-form select"); if (f) { f.focus(); ev.preventDefault(); } }
    });
    document.querySelectorAll("#filter-form select, #filter-form input[type=checkbox]").forEach((node) => {
      node.addEventListener("change", () => document.getElementById("filter-form").submit());
    });
    select(0);
    refreshCounts();
    let people = [];
    const again = debounce(() => { refresh().then(() => paintPresence(tbody, people)); refreshCounts(); }, 200);
    liveOn("changes", again);
    liveOn("presence", (p) => { people = p; paintPresence(tbody, people); });
    const every = parseInt(root.dataset.pollMs || "10000", 10);
    setInterval(() => { if (!document.hidden && !liveUp()) { refresh(); refreshCounts(); } }, every);
  }

  // "Dana is replying" on the inbox row of the case, from the live channel's presence.
  function paintPresence(tbody, people) {
    tbody.querySelectorAll(".row-presence").forEach((n) => n.remove());
    people.forEach((p) => {
      const tr = tbody.querySelector('tr[data-id="' + String(p.case_id) + '"]');
      const cell = tr && tr.children[2];
      if (cell) cell.appendChild(el("span", "row-presence who " + p.activity, " " + p.name + (p.activity === "replying" ? " is replying" : " is viewing")));
    });
  }

  // --- case view: the reply box ------------------------------------------------------------
  // The checker runs on the server with the case's context (platform, public/private, the
  // complaint, its severity). Its spans are drawn on a backdrop behind the textarea; the
  // backdrop is built from text nodes and <mark> elements, never from HTML strings.
  function paintMarks(backdrop, value, findings) {
    // Per character, the strongest level of any finding there (block over warn). A finding that
    // spans the whole reply (no apology, no signature) is about the reply, not some words of it,
    // so it is listed but not painted.
    const level = new Array(value.length).fill(0);
    const rule = new Array(value.length).fill("");
    const whole = value.trim().length;
    findings.forEach((f) => {
      if (f.start === null || f.end === null || f.end <= f.start) return;
      if (f.end - f.start >= whole) return;
      const rank = f.level === "block" ? 3 : f.level === "review" ? 2 : 1;
      for (let i = f.start; i < Math.min(f.end, value.length); i++) {
        if (rank > level[i]) { level[i] = rank; rule[i] = f.rule; }
      }
    });
    const frag = document.createDocumentFragment();
    let i = 0;
    while (i < value.length) {
      let j = i;
      while (j < value.length && level[j] === level[i] && rule[j] === rule[i]) j++;
      const chunk = value.slice(i, j);
      if (level[i] === 0) frag.appendChild(document.createTextNode(chunk));
      else {
        const mark = el("mark", ["", "m-warn", "m-review", "m-block"][level[i]], chunk);
        mark.dataset.rule = rule[i];
        frag.appendChild(mark);
      }
      i = j;
    }
    frag.appendChild(document.createTextNode("\n"));
    backdrop.replaceChildren(frag);
  }

  function setupCase(root) {
    const caseId = root.dataset.caseId;
    const text = document.getElementById("reply-text");
    if (!text) return;
    const list = document.getElementById("findings");
    const marks = document.getElementById("reply-marks");
    const vis = document.getElementById("reply-visibility");
    const kindSel = document.getElementById("reply-kind");
    const kind = document.getElementById("reply-kind");
    const len = document.getElementById("reply-length");
    const pos = document.getElementById("reply-position");
    const send = document.getElementById("reply-send");
    const approval = document.getElementById("reply-approval");
    const blocked = document.getElementById("reply-blocked");
    const form = document.getElementById("reply-form");
    let timer = null;
    let seq = 0;

    function setBlocked(nBlock) {
      send.disabled = nBlock > 0;
      if (approval) approval.disabled = nBlock > 0;
      blocked.textContent = nBlock > 0 ? "Fix the " + nBlock + " block finding" + (nBlock > 1 ? "s" : "") + " to send." : "";
      root.classList.toggle("has-block", nBlock > 0);
    }

    async function check() {
      const mine = ++seq;
      const value = text.value;
      if (!value.trim()) { form.dataset.checked = "1"; list.replaceChildren(); paintMarks(marks, value, []); len.textContent = ""; pos.textContent = ""; setBlocked(0); return; }
      try {
        const res = await api("/api/cases/" + caseId + "/check", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ text: value, visibility: vis.value, kind: kindSel ? kindSel.value : null }),
        });
        if (mine !== seq) return; // a newer check is on its way
        form.dataset.checked = text.value === value ? "1" : "0";
        list.replaceChildren(...res.findings.map((f) => {
          const li = el("li", "f-" + f.level);
          li.appendChild(el("span", "lvl", f.level));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("b", "", f.rule));
          li.appendChild(document.createTextNode(" " + f.message));
          if (f.start !== null && f.end !== null && f.end > f.start && f.end - f.start < value.trim().length) {
            li.appendChild(el("q", "span", value.slice(f.start, f.end)));
            li.tabIndex = 0;
            li.addEventListener("click", () => { text.focus(); text.setSelectionRange(f.start, f.end); });
          }
          return li;
        }));
        paintMarks(marks, value, res.findings);
        len.textContent = res.length + " / " + res.max_length + " characters as " + res.platform + " counts them";
        len.classList.toggle("too-long", !res.fits);
        pos.textContent = res.thread_position + (res.urls.length ? " · links: " + res.urls.join(", ") : "");
        setBlocked(res.findings.filter((f) => f.level === "block").length);
      } catch (err) { /* keep the last findings */ }
    }
    const later = () => { form.dataset.checked = "0"; paintMarks(marks, text.value, []); clearTimeout(timer); timer = setTimeout(check, 300); };
    text.addEventListener("input", later);
    text.addEventListener("scroll", () => { marks.scrollTop = text.scrollTop; });
    vis.addEventListener("change", () => { form.dataset.checked = "0"; check(); });
    if (kindSel) kindSel.addEventListener("change", () => { form.dataset.checked = "0"; check(); });
    const aiBtn = document.getElementById("reply-draft-ai");
    const aiNote = document.getElementById("reply-draft-note");
    if (aiBtn) aiBtn.addEventListener("click", async () => {
      // A proposal for the box only: the person edits it and sends it as any other draft.
      aiBtn.disabled = true;
      aiNote.textContent = "Drafting…";
      try {
        const res = await api("/api/cases/" + caseId + "/draft-ai", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ kind: kindSel && ["ack", "answer", "handoff", "followup", "closeout"].includes(kindSel.value) ? kindSel.value : null }),
        });
        text.value = res.text;
        vis.value = res.visibility;
        if (kindSel) kindSel.value = res.kind;
        aiNote.textContent = (res.source === "llm" ? "Drafted by the model" + (res.revised ? ", revised once with the checker's findings" : "") : "Template draft") +
          (res.notes.length ? ": " + res.notes.join(" ") : ".") + " Review it before sending.";
        form.dataset.checked = "0";
        check();
      } catch (e) {
        aiNote.textContent = "No draft: " + (e && e.message ? e.message : e);
      } finally {
        aiBtn.disabled = false;
      }
    });
    if (kind) kind.addEventListener("change", () => {
      form.dataset.checked = "0";
      if (kind.value === "handoff") vis.value = "private";
      else if (["ack", "answer", "closeout"].includes(kind.value)) vis.value = "public";
      check();
    });
    check();
  }

  // --- live case view: server-sent events, presence, confirmation ---------------------------
  const FINISHED = ["dismissed", "closed"];

  function confirmReason(root) {
    const me = root.dataset.me, owner = root.dataset.owner, state = root.dataset.state;
    if (FINISHED.includes(state)) return "This case is " + state + ".";
    if (owner && owner !== me) return "This case is owned by " + owner + ".";
    return "";
  }

  function setupLive(root) {
    const caseId = root.dataset.caseId;
    const banner = document.getElementById("live-banner");
    const bannerText = document.getElementById("live-text");
    const presenceBox = document.getElementById("presence");
    const stateEl = document.getElementById("case-state");
    const ownerEl = document.getElementById("case-owner");
    let first = null;
    if (channel) {
      liveOn("case", (snap) => {
        if (first === null) { first = snap.version; return; }
        if (snap.version === first) return;
        const changed = [];
        if (snap.state !== root.dataset.state) changed.push("now " + snap.state);
        if ((snap.owner || "") !== root.dataset.owner) changed.push("owner " + (snap.owner || "nobody"));
        root.dataset.state = snap.state;
        root.dataset.owner = snap.owner || "";
        if (stateEl) { stateEl.textContent = snap.state; stateEl.className = "state s-" + snap.state; }
        if (ownerEl) ownerEl.textContent = snap.owner || "nobody";
        const who = snap.last_actor && snap.last_actor !== root.dataset.me ? snap.last_actor : "someone";
        bannerText.textContent = "Changed by " + who + (snap.last_verb ? " (" + snap.last_verb + ")" : "") +
          (changed.length ? ": " + changed.join(", ") : "") + ".";
        banner.hidden = false;
      });
      liveOn("presence", (people) => {
        presenceBox.replaceChildren();
        people.filter((p) => String(p.case_id) === String(caseId)).forEach((p) => {
          presenceBox.appendChild(el("span", "who " + p.activity, p.name + (p.activity === "replying" ? " is replying" : " is viewing")));
        });
      });
    }
    // Tell the others: viewing while the page is open, replying while typing.
    let activity = "viewing", lastTyped = 0;
    const ping = () => api("/api/cases/" + caseId + "/presence", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ activity: activity }),
    }).catch(() => {});
    const text = document.getElementById("reply-text");
    if (text) text.addEventListener("input", () => {
      lastTyped = Date.now();
      if (activity !== "replying") { activity = "replying"; ping(); }
    });
    setInterval(() => {
      if (activity === "replying" && Date.now() - lastTyped > 6000) activity = "viewing";
      ping();
    }, 3000);
    ping();
    window.addEventListener("pagehide", () => {
      fetch("/api/cases/" + caseId + "/presence", { method: "DELETE", credentials: "same-origin", keepalive: true,
        headers: { "X-CSRF-Token": csrf() } }).catch(() => {});
    });
    // Replying on someone else's case, or one that was let go meanwhile, needs a yes first.
    document.querySelectorAll("form.needs-confirm").forEach((form) => {
      form.addEventListener("submit", (ev) => {
        // Only posting asks: saving a draft or asking for approval posts nothing yet.
        const intent = ev.submitter ? ev.submitter.value : "send";
        if (ev.submitter && ev.submitter.name === "intent" && intent !== "send") return;
        const why = confirmReason(root);
        const box = form.querySelector('input[name="confirmed"]');
        if (!why || !box) return;
        if (window.confirm(why + " Reply anyway?")) box.value = "1";
        else ev.preventDefault();
      });
    });
  }

  // --- case view: keyboard --------------------------------------------------------------------
  // r reply box, a assign, m move, n/j next case, p/k previous case, u back to the inbox, ? help.
  function setupCaseKeys(root) {
    const caseId = root.dataset.caseId;
    const help = document.getElementById("keyhelp");
    const nav = document.getElementById("case-nav");
    let list = null;
    try { list = JSON.parse(sessionStorage.getItem(INBOX_KEY) || "null"); } catch (err) { list = null; }
    const ids = list && Array.isArray(list.ids) ? list.ids.map(String) : [];
    const at = ids.indexOf(String(caseId));
    const inboxHref = list && typeof list.href === "string" && list.href.startsWith("/") ? list.href : "/";
    const neighbour = (step) => (at >= 0 && ids[at + step] ? "/cases/" + encodeURIComponent(ids[at + step]) : null);
    if (nav) {
      const parts = [["previous", neighbour(-1), "← previous (p)"], ["inbox", inboxHref, "inbox (u)"], ["next", neighbour(1), "next (n) →"]];
      parts.forEach(([name, href, label]) => {
        if (!href) return;
        const a = el("a", "case-nav-" + name, label);
        a.href = href;
        nav.appendChild(a);
      });
      if (at >= 0) nav.appendChild(el("span", "sub", "case " + (at + 1) + " of " + ids.length + " in your inbox view"));
      nav.appendChild(el("span", "sub keys-hint", "press ? for the keys"));
      nav.hidden = false;
    }
    function focus(id) {
      const node = document.getElementById(id);
      if (!node) return false;
      node.scrollIntoView({ block: "center" });
      node.focus();
      return true;
    }
    function go(href) { if (href) window.location.href = href; }
    function toggleHelp(show) { if (help) help.hidden = !show; }
    if (help) help.addEventListener("click", (ev) => { if (ev.target === help || ev.target.closest("[data-close]")) toggleHelp(false); });
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && help && !help.hidden) { toggleHelp(false); ev.preventDefault(); return; }
      if (typing(ev)) return;
      let done = true;
      if (ev.key === "r") done = focus("reply-text");
      else if (ev.key === "a") done = focus("assign-owner");
      else if (ev.key === "m") done = focus("move-target");
      else if (ev.key === "n" || ev.key === "j") go(neighbour(1));
      else if (ev.key === "p" || ev.key === "k") go(neighbour(-1));
      else if (ev.key === "u") go(inboxHref);
      else if (ev.key === "?") toggleHelp(help ? help.hidden : false);
      else done = false;
      if (done) ev.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const inbox = document.getElementById("inbox");
    const kase = document.getElementById("case");
    if (inbox || kase || document.getElementById("notif-count")) liveChannel(kase ? kase.dataset.caseId : null);
    if (inbox) { setupFilterFold(inbox); setupInbox(inbox); }
    if (kase) { setupCase(kase); setupLive(kase); setupCaseKeys(kase); }
    tickCountdowns();
    setInterval(tickCountdowns, 15000);
    const badge = document.getElementById("notif-count");
    if (badge) {
      const poll = () => api("/api/notifications").then((res) => {
        badge.dataset.unread = String(res.unread);
        badge.textContent = res.unread ? String(res.unread) : "";
      }).catch(() => {});
      poll();
      liveOn("notify", poll);
      setInterval(() => { if (!liveUp()) poll(); }, 15000);
    }
  });
})();
