// A searchable picker for <select multiple data-picker>: type to filter, click a name to tick or untick it, the
// chosen ones show as chips above (× removes one). The select stays in the form (hidden) and is what is sent, so
// the page works the same without scripts; a stray click changes one unit, never the whole selection.
document.querySelectorAll("select[multiple][data-picker]").forEach((select) => {
  const make = (tag, cls, text) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    return el;
  };
  const box = make("div", "picker border rounded p-2");
  box.dataset.testid = "picker";
  const chips = make("div", "picker-chips mb-1");
  const search = make("input", "form-control form-control-sm mb-1");
  search.type = "search";
  search.placeholder = select.dataset.picker || "输入名称筛选";
  search.setAttribute("aria-label", search.placeholder);
  const list = make("div", "picker-list");
  const empty = make("div", "text-muted small px-1 d-none", "没有匹配的单位");
  const rows = [...select.options].map((option, i) => {
    const label = make("label", "form-check picker-row");
    const box_ = make("input", "form-check-input");
    box_.type = "checkbox";
    box_.id = `${select.id || select.name}-pick-${i}`;
    box_.checked = option.selected;
    box_.disabled = option.disabled;
    label.htmlFor = box_.id;
    label.append(box_, make("span", "form-check-label", option.text));
    box_.addEventListener("change", () => { option.selected = box_.checked; render(); });
    list.append(label);
    return { option, label, box: box_, text: option.text.toLowerCase() };
  });
  const render = () => {
    chips.replaceChildren(...rows.filter((r) => r.option.selected).map((r) => {
      const chip = make("span", "chip chip-pick", r.option.text);
      if (!r.option.disabled) {
        const x = make("button", "btn-close btn-close-sm ms-1");
        x.type = "button";
        x.setAttribute("aria-label", `移除 ${r.option.text}`);
        x.addEventListener("click", () => { r.option.selected = false; r.box.checked = false; render(); });
        chip.append(x);
      }
      return chip;
    }));
    if (!chips.children.length) chips.append(make("span", "text-muted small", "未选择"));
  };
  const filter = () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    rows.forEach((r) => { const hit = !q || r.text.includes(q); r.label.classList.toggle("d-none", !hit); shown += hit; });
    empty.classList.toggle("d-none", shown > 0);
    return rows.filter((r) => !r.label.classList.contains("d-none"));
  };
  search.addEventListener("input", filter);
  search.addEventListener("keydown", (e) => {  // Enter ticks the only match instead of submitting the form
    if (e.key !== "Enter") return;
    e.preventDefault();
    const hits = filter();
    if (hits.length === 1 && !hits[0].box.disabled) { hits[0].box.click(); search.value = ""; filter(); }
  });
  list.append(empty);
  box.append(chips, search, list);
  select.classList.add("d-none");
  select.after(box);
  render();
});
