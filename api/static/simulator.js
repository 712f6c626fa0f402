// The chat simulator: a WhatsApp-like chat and, per turn, what the agent understood and did.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { session: null, turns: [], slotsBefore: {} };

function token() { return $("token").value || sessionStorage.getItem("operatorToken") || ""; }
function headers() {
  const h = { "Content-Type": "application/json" };
  if (token()) { h.Authorization = "Bearer " + token(); sessionStorage.setItem("operatorToken", token()); }
  return h;
}
function esc(text) { const d = document.createElement("div"); d.textContent = text ?? ""; return d.innerHTML; }
function json(value) { return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`; }

function newConversation() {
  state.session = "sim-" + Math.random().toString(36).slice(2, 10);
  state.turns = []; state.slotsBefore = {};
  $("messages").innerHTML = ""; $("extra").innerHTML = "";
  $("turn-detail").innerHTML = "<p>Envía un mensaje para ver el turno.</p>";
  $("session").textContent = state.session;
}

function bubble(text, who, index) {
  const div = document.createElement("div");
  div.className = "bubble " + who; div.textContent = text;
  if (index !== undefined) { div.dataset.turn = index; div.onclick = () => inspect(index); }
  $("messages").appendChild(div); $("messages").scrollTop = 1e9;
}

function changedSlots(before, after) {
  const rows = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = JSON.stringify(before[key] ?? null), b = JSON.stringify(after[key] ?? null);
    if (a !== b) rows.push(`<tr><td>${esc(key)}</td><td>${esc(a)}</td><td>→ ${esc(b)}</td></tr>`);
  }
  return rows.length ? `<table class="slots-diff"><tr><th>slot</th><th>antes</th><th>después</th></tr>${rows.join("")}</table>`
                     : "<p>Sin cambios.</p>";
}

function inspect(index) {
  const turn = state.turns[index];
  document.querySelectorAll(".bubble.selected").forEach((b) => b.classList.remove("selected"));
  document.querySelectorAll(`.bubble[data-turn="${index}"]`).forEach((b) => b.classList.add("selected"));
  const t = turn.trace, v = t.verification || {};
  const path = (t.timings || []).map((e) => `<tr><td>${esc(e.node)}</td><td>${e.ms} ms</td><td>${esc((e.changed || []).join(", "))}</td></tr>`).join("");
  const tools = (t.tool_calls || []).map((c) => `<h3>🔧 ${esc(c.name)}</h3>${json({ args: c.args, result: c.result })}`).join("");
  $("turn-detail").innerHTML = `
    <p><span class="tag" id="intent">${esc(t.intent)}</span>
       <span class="tag" id="confidence">confianza ${Number(t.confidence ?? 0).toFixed(2)}</span>
       <span class="tag" id="action">${esc(t.action)}</span> ${t.ms} ms</p>
    <h3>Slots (antes → después)</h3>${changedSlots(turn.before, t.slots || {})}
    <h3>Ruta de nodos</h3><table id="path">${path}</table>
    <h3>Herramientas</h3><div id="tools">${tools || "<p>Ninguna.</p>"}</div>
    <h3>Verificación</h3><p id="verification" class="${v.ok ? "ok" : "bad"}">${v.ok ? "✔ fundamentada" : "✘ " + esc((v.problems || []).join(", "))}</p>
    <h3>Mensajes de WhatsApp</h3>${json({ outbound: t.outbound, media: t.media })}`;
}

async function send(text) {
  bubble(text, "buyer", state.turns.length);
  const response = await fetch("/simulator/api/turn", { method: "POST", headers: headers(), body: JSON.stringify({
    session_id: state.session, message: text, use_llm: $("use-llm").checked, catalog_path: $("catalog").value || null }) });
  if (!response.ok) { bubble(`(error ${response.status})`, "agent"); return; }
  const data = await response.json();
  const index = state.turns.length;
  state.turns.push({ before: state.slotsBefore, trace: data.trace });
  state.slotsBefore = (data.trace && data.trace.slots) || state.slotsBefore;
  if (data.with_person) bubble("(la conversación está con un asesor: el bot no responde)", "agent", index);
  for (const message of data.messages) bubble(message, "agent", index);
  if (data.trace && data.trace.intent !== undefined) inspect(index);
}

async function replayConversation() {
  const response = await fetch(`/simulator/api/replay/${encodeURIComponent(state.session)}`, { method: "POST", headers: headers() });
  const data = response.ok ? await response.json() : { turns: [] };
  const rows = data.turns.map((t) => `<tr><td>${t.turn}</td><td>${esc(t.input)}</td><td>${Object.keys(t.diff).length ? json(t.diff) : "<span class='ok'>igual</span>"}</td></tr>`).join("");
  $("extra").innerHTML = `<h2>Repetición</h2><table id="replay-table"><tr><th>#</th><th>mensaje</th><th>diferencias</th></tr>${rows}</table>`;
}

async function exportGolden() {
  const response = await fetch(`/simulator/api/golden/${encodeURIComponent(state.session)}`, { headers: headers() });
  const text = response.ok ? await response.text() : `(error ${response.status})`;
  $("extra").innerHTML = `<h2>Golden (evals/golden/)</h2><pre id="golden-yaml">${esc(text)}</pre>`;
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (text) { $("text").value = ""; send(text); }
});
$("new").onclick = newConversation;
$("replay").onclick = replayConversation;
$("export").onclick = exportGolden;
$("token").value = sessionStorage.getItem("operatorToken") || "";
newConversation();
