// The conversation view's behaviour (gr.HTML js_on_load in chat_app.py). `element` holds the
// server-rendered conversation; `trigger(event, data)` sends an event to the server.
// A source opens beside the chat (wide screens) or right under the line that cites it (phones);
// the new answer is rendered right under the question box, so it lands where the person is
// looking. The page scrolls only when the person asked from somewhere else (a suggested
// question clicked further down, the box scrolled near the bottom of the screen): then, and
// only if its first line is out of view, the new answer is brought to the top.
const wide = () => window.matchMedia("(min-width: 900px)").matches;
const box = () => document.querySelector("#question textarea");
const panel = () => document.getElementById("panel-body");

let asked = false;   // an answer the person asked for is on its way
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && box() && event.target === box()) asked = true;
}, true);
document.addEventListener("click", (event) => {
  if (event.target.closest("#question button")) asked = true;
}, true);

function revealNewest() {
  const turn = element.querySelector(".turn.newest");
  if (!turn) return;
  const first = turn.querySelector(".answer > *") || turn;
  const top = first.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight - 60) {
    window.scrollTo({top: window.scrollY + turn.getBoundingClientRect().top - 8, behavior: "instant"});
  }
}

function passageOf(turn, n) {
  return turn.querySelector(`.sources .passage[data-n="${n}"]`);
}

function openSource(cite) {
  const turn = cite.closest(".turn");
  const n = cite.dataset.n;
  const passage = passageOf(turn, n);
  if (!passage) return;
  if (wide() && panel()) {
    element.querySelectorAll('.cite[aria-expanded="true"]').forEach(c => c.setAttribute("aria-expanded", "false"));
    cite.setAttribute("aria-expanded", "true");
    const asked = turn.querySelector(".asked").textContent.replace(/^You asked:\s*/, "");
    const from = document.createElement("p");
    from.className = "from";
    from.textContent = `Source ${n} of the answer to “${asked}”`;
    const whole = document.createElement("button");
    whole.type = "button";
    whole.className = "whole-article";
    whole.dataset.turn = turn.dataset.turn;
    whole.dataset.n = n;
    whole.textContent = "Show it in the whole article";
    panel().replaceChildren(from, passage.cloneNode(true), whole);
    panel().scrollTop = 0;
    return;
  }
  const line = cite.closest(".line") || cite.parentElement;
  const next = line.nextElementSibling;
  if (next && next.classList.contains("inline-source") && next.dataset.n === n) {
    next.remove();
    cite.setAttribute("aria-expanded", "false");
    return;
  }
  const block = document.createElement("div");
  block.className = "inline-source";
  block.dataset.n = n;
  block.appendChild(passage.cloneNode(true));
  line.after(block);
  cite.setAttribute("aria-expanded", "true");
  // Tapped near the bottom of the screen: bring the passage's start up so it can be read.
  const top = block.getBoundingClientRect().top;
  if (top > window.innerHeight * 0.6) window.scrollBy({top: top - window.innerHeight * 0.35, behavior: "instant"});
}

function copyNote(button) {
  const turn = button.closest(".turn");
  const text = turn.querySelector("pre.note").textContent;
  const said = turn.querySelector(".thanks");
  const done = () => { said.textContent = "Copied: paste it anywhere, or bring it to your doctor."; };
  const fallback = () => {
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { said.textContent = "Copy failed: select the text instead."; }
    area.remove();
    button.focus({preventScroll: true});
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
  else fallback();
}

// What each turn's feedback was, by turn number: the view is re-rendered on every answer, and
// an older answer must still show "Not helpful · Wrong source" as pressed.
const given = new Map();

function showFeedback(turn) {
  const state = given.get(turn.dataset.turn);
  if (!state) return;
  turn.querySelectorAll(".fb").forEach(b => b.setAttribute("aria-pressed", String((b.dataset.liked === "1") === state.liked)));
  const reasons = turn.querySelector(".reasons");
  if (reasons) {
    reasons.hidden = state.liked;
    reasons.querySelectorAll(".reason").forEach(b => b.setAttribute("aria-pressed", String(state.reasons.includes(b.dataset.reason))));
  }
  const said = turn.querySelector(".thanks");
  if (said) said.textContent = state.liked ? "Thanks, noted." : (state.reasons.length
    ? `Thanks, noted: ${state.reasons.join(", ").toLowerCase()}.` : "Thanks, noted. Why? (optional)");
}

function sendFeedback(turn, liked) {
  const reasons = [...turn.querySelectorAll('.reason[aria-pressed="true"]')].map(b => b.dataset.reason);
  trigger("like", {index: Number(turn.dataset.turn), value: reasons, liked: liked});
  given.set(turn.dataset.turn, {liked: liked, reasons: reasons});
  showFeedback(turn);
}

element.addEventListener("click", (event) => {
  const target = event.target.closest("button");
  if (!target || !element.contains(target)) return;
  if (target.classList.contains("cite")) openSource(target);
  else if (target.classList.contains("ask")) {
    asked = true;
    trigger("select", {index: null, value: target.dataset.ask});
  }
  else if (target.classList.contains("copy")) copyNote(target);
  else if (target.classList.contains("fb")) {
    const turn = target.closest(".turn");
    const liked = target.dataset.liked === "1";
    turn.querySelectorAll(".fb").forEach(b => b.setAttribute("aria-pressed", String(b === target)));
    const reasons = turn.querySelector(".reasons");
    reasons.hidden = liked;
    if (liked) reasons.querySelectorAll(".reason").forEach(b => b.setAttribute("aria-pressed", "false"));
    sendFeedback(turn, liked);
  } else if (target.classList.contains("reason")) {
    target.setAttribute("aria-pressed", String(target.getAttribute("aria-pressed") !== "true"));
    sendFeedback(target.closest(".turn"), false);
  }
});

// After each answer: the question box keeps (or gets back) the focus, without scrolling.
watch("value", () => {
  element.querySelectorAll(".turn").forEach(showFeedback);
  if (asked) { asked = false; revealNewest(); }
  const active = document.activeElement;
  if (box() && (!active || active === document.body || !document.contains(active) || element.contains(active))) {
    box().focus({preventScroll: true});
  }
});
