// 督办事项 form: a filter box over the 主办单位 list (a plain <select size>, which is what is sent), and the
// 办理时限 filled from the urgency and the 批示's date (the server counts the working days: one calendar rule).
document.querySelectorAll("select[data-filter]").forEach((select) => {
  const search = document.createElement("input");
  search.type = "search";
  search.className = "form-control form-control-sm mb-1";
  search.placeholder = select.dataset.filter;
  search.setAttribute("aria-label", select.dataset.filter);
  const options = [...select.options];
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    options.forEach((o) => { o.hidden = Boolean(q) && !o.text.toLowerCase().includes(q) && !o.selected; });
  });
  search.addEventListener("keydown", (e) => {  // Enter picks the only match instead of submitting the form
    if (e.key !== "Enter") return;
    e.preventDefault();
    const hits = options.filter((o) => !o.hidden && o.value !== "0");
    if (hits.length === 1) hits[0].selected = true;
  });
  select.before(search);
});

const form = document.getElementById("item-form");
if (form) {
  const due = form.querySelector("[name=due]");
  const urgency = form.querySelector("[name=urgency]");
  const on = form.querySelector("[name=instructed_on]");
  let typed = due && due.value !== "";  // a date the office typed is never overwritten
  if (due) due.addEventListener("input", () => { typed = due.value !== ""; delete due.dataset.filled; });
  const fill = async () => {
    if (!due || !urgency || !on || !on.value || typed) return;
    const url = `${form.dataset.dueUrl}?on=${encodeURIComponent(on.value)}&urgency=${encodeURIComponent(urgency.value)}`;
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    if (!resp.ok) return;
    const data = await resp.json();
    if (!typed && data.due) { due.value = data.due; due.dataset.filled = "1"; }
  };
  [urgency, on].forEach((el) => el && el.addEventListener("change", () => { if (due && due.dataset.filled) typed = false; fill(); }));
  fill();
}
