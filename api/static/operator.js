// The operator inbox: handoffs with their summary (reply, release) and the appointments by location.
"use strict";
const $ = (id) => document.getElementById(id);
const esc = (text) => { const d = document.createElement("div"); d.textContent = text ?? ""; return d.innerHTML; };
const auth = () => ({ Authorization: "Bearer " + (sessionStorage.getItem("operatorToken") || ""), "Content-Type": "application/json" });

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: auth() });
  if (response.status === 401) { showLogin("Token incorrecto."); throw new Error("unauthorized"); }
  return response;
}

function showLogin(message) {
  $("login").classList.remove("hidden"); $("inbox").classList.add("hidden"); $("login-error").textContent = message || "";
}

function handoffCard(h) {
  const s = h.summary || {};
  const messages = (h.messages || []).map((m) => `<li><b>${m.role === "buyer" ? "Comprador" : "Asesor"}:</b> ${esc(m.text)}</li>`).join("");
  const last = (s.last_messages || []).map((m) => `<li><b>${m.role === "buyer" ? "Comprador" : "Bot"}:</b> ${esc(m.text)}</li>`).join("");
  return `<div class="handoff card" data-conversation="${esc(h.conversation_id)}">
    <p><b>${esc(h.conversation_id)}</b> · motivo: <span class="tag">${esc(h.reason)}</span> · desde ${esc(h.opened_at)}</p>
    <p>Busca: ${esc(JSON.stringify(s.slots || {}))}</p>
    <p>Autos mostrados: ${esc((s.cars_shown || []).join(", ") || "—")}</p>
    <details><summary>Últimos mensajes con el bot</summary><ul>${last}</ul></details>
    <h3>Mensajes desde el traspaso</h3><ul class="messages">${messages || "<li>—</li>"}</ul>
    <form class="reply"><input name="text" placeholder="Respuesta al comprador" size="50"><button>Responder</button></form>
    <button class="release">Regresar al bot</button></div>`;
}

async function load() {
  const handoffs = (await (await api("/operator/handoffs")).json()).handoffs;
  $("handoffs").innerHTML = handoffs.length ? handoffs.map(handoffCard).join("") : "<p id='no-handoffs'>Nadie esperando.</p>";
  document.querySelectorAll(".handoff").forEach((card) => {
    const id = encodeURIComponent(card.dataset.conversation);
    card.querySelector(".reply").onsubmit = async (event) => {
      event.preventDefault();
      const text = event.target.text.value.trim();
      if (!text) return;
      const sent = await api(`/operator/handoffs/${id}/reply`, { method: "POST", body: JSON.stringify({ text }) });
      if (!sent.ok) alert("No se pudo enviar: " + (await sent.text()));
      load();
    };
    card.querySelector(".release").onclick = async () => { await api(`/operator/handoffs/${id}/release`, { method: "POST" }); load(); };
  });
  const rows = [];
  for (let offset = 0; offset < 7; offset++) {
    const day = new Date(Date.now() + offset * 86400000).toLocaleDateString("en-CA", { timeZone: "America/Mexico_City" });
    const found = (await (await api(`/operator/appointments?day=${day}`)).json()).appointments;
    for (const a of found) rows.push(`<tr><td>${esc(a.place)}</td><td>${esc(a.start.replace("T", " "))}</td><td>${esc(a.kind)}</td><td>${esc(a.stock_id)}</td><td>${esc(a.name || "")}</td></tr>`);
  }
  $("appointments").innerHTML = rows.length ? `<table id="appointments-table"><tr><th>sede</th><th>inicio</th><th>tipo</th><th>auto</th><th>nombre</th></tr>${rows.sort().join("")}</table>` : "<p>Sin citas.</p>";
  $("login").classList.add("hidden"); $("inbox").classList.remove("hidden");
}

$("login").onsubmit = (event) => { event.preventDefault(); sessionStorage.setItem("operatorToken", $("token").value); load().catch(() => {}); };
$("logout").onclick = () => { sessionStorage.removeItem("operatorToken"); showLogin(); };
$("refresh").onclick = () => load().catch(() => {});
if (sessionStorage.getItem("operatorToken")) load().catch(() => {}); else showLogin();
