// The campaign form: the 标识 follows the name (and the first phase's year) until the user edits it.
(() => {
  const name = document.querySelector("input[data-slug-source]");
  const slug = document.querySelector("input[data-slug-target]");
  if (!name || !slug) return;
  let edited = slug.value !== "";
  slug.addEventListener("input", () => { edited = slug.value !== ""; });
  const year = () => {
    const start = document.querySelector('input[type="date"][name$="starts_on"]');
    return start && start.value ? start.value.slice(0, 4) : "";
  };
  let timer = null;
  const suggest = () => {
    if (edited || !name.value.trim()) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const url = `${name.dataset.slugSource}?name=${encodeURIComponent(name.value)}&year=${year()}`;
      const reply = await fetch(url, { headers: { Accept: "application/json" } });
      if (reply.ok && !edited) slug.value = (await reply.json()).slug;
    }, 250);
  };
  name.addEventListener("input", suggest);
  document.querySelectorAll('input[type="date"][name$="starts_on"]').forEach((d) => d.addEventListener("change", suggest));
})();
