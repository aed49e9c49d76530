// Supervision pages: print a circular; turn an inspection finding into a prefilled rectification form.
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
document.querySelectorAll("a[data-finding]").forEach((link) =>
  link.addEventListener("click", () => {
    const form = document.querySelector("#rectify form");
    form.querySelector("[name=title]").value = link.dataset.finding;
    form.querySelector("[name=inspection_id]").value = link.dataset.inspection;
    form.querySelector("[name=source_task_id]").value = "";
    form.querySelector("[name=deadline]").min = link.dataset.heldOn;  // 整改时限 not before the inspection
  }));
