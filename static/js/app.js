// Small progressive enhancements; inline scripts are forbidden by our CSP.
// data-confirm-checked="ids": ask only when some box of that name is ticked (nothing ticked: the server says so)
const confirmOf = (el) => {
  if (!el || !el.getAttribute("data-confirm")) return null;
  const needs = el.getAttribute("data-confirm-checked");
  const form = el.form || el;
  if (needs && !form.querySelector(`input[name="${needs}"]:checked`)) return null;
  return el.getAttribute("data-confirm");
};
document.addEventListener("submit", (e) => {
  const msg = confirmOf(e.submitter) || confirmOf(e.target);
  if (msg && !window.confirm(msg)) e.preventDefault();
});
document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=radio], form[data-autosubmit] input[type=checkbox]")
  .forEach((s) => s.addEventListener("change", () => s.form.submit()));
// "select all" checkbox for bulk actions
document.querySelectorAll("input[data-check-all]").forEach((box) =>
  box.addEventListener("change", () => {
    document.querySelectorAll(`input[name="${box.dataset.checkAll}"]`).forEach((c) => { c.checked = box.checked; });
  }));

// a length counter under every limited text box ("120 / 2000 字"), red near the limit
document.querySelectorAll("textarea[maxlength]").forEach((box) => {
  const counter = document.createElement("div");
  counter.className = "form-text text-end small mt-0";
  counter.dataset.counter = "";
  const update = () => {
    counter.textContent = `${box.value.length} / ${box.maxLength} 字`;
    counter.classList.toggle("text-danger", box.value.length >= box.maxLength * 0.9);
  };
  box.after(counter);
  box.addEventListener("input", update);
  update();
});
