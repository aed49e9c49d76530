// Small progressive enhancements; inline scripts are forbidden by our CSP.
document.addEventListener("submit", (e) => {
  const msg = e.target.getAttribute("data-confirm") || (e.submitter && e.submitter.getAttribute("data-confirm"));
  if (msg && !window.confirm(msg)) e.preventDefault();
});
document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=radio], form[data-autosubmit] input[type=checkbox]")
  .forEach((s) => s.addEventListener("change", () => s.form.submit()));
// "select all" checkbox for bulk actions
document.querySelectorAll("input[data-check-all]").forEach((box) =>
  box.addEventListener("change", () => {
    document.querySelectorAll(`input[name="${box.dataset.checkAll}"]`).forEach((c) => { c.checked = box.checked; });
  }));
