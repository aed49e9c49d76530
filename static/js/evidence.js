// Evidence on the assignment page: XHR upload of several files with a progress bar, and inline previews.
(() => {
  const setVersion = (version) => {
    if (version == null) return;
    document.querySelectorAll('input[name="version"]').forEach((i) => { i.value = version; });
  };
  const dirty = () => Array.from(document.querySelectorAll("form[data-dirty-watch] textarea"))
    .some((t) => t.value !== t.defaultValue);

  // the 确认日期无误 box shows only for a date before the campaign began (without JS it is always shown)
  document.querySelectorAll("input[type=date][data-campaign-start]").forEach((input) => {
    const row = input.closest("form").querySelector("[data-early-confirm]");
    if (!row) return;
    const toggle = () => { row.hidden = !(input.value && input.value < input.dataset.campaignStart); };
    input.addEventListener("input", toggle);
    toggle();
  });

  // a file the unit already holds: one click links it instead of uploading it again
  const offerLink = (data) => {
    const upload = document.querySelector("form[data-upload]");
    const form = document.createElement("form");
    form.method = "post";
    form.action = data.link;
    form.className = "d-inline ms-2";
    const field = (name, value) => {
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name, value });
      form.appendChild(input);
    };
    field("csrf_token", upload.querySelector('input[name="csrf_token"]').value);
    field("evidence_id", data.evidence_id);
    field("version", document.querySelector('input[name="version"]').value);
    const button = document.createElement("button");
    button.className = "btn btn-primary btn-sm";
    button.dataset.testid = "link-existing";
    button.textContent = "关联已有文件";
    form.appendChild(button);
    upload.querySelector(".upload-message").appendChild(form);
  };

  document.querySelectorAll("form[data-upload]").forEach((form) => {
    const bar = form.querySelector(".progress");
    const fill = bar.querySelector(".progress-bar");
    const msg = form.querySelector(".upload-message");
    const button = form.querySelector("button");
    const show = (text, ok) => { msg.textContent = text; msg.className = `upload-message small mt-1 text-${ok ? "success" : "danger"}`; };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const input = form.querySelector('input[type="file"]');
      if (!input.files.length) { show("请选择要上传的文件。", false); return; }
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", (ev) => {
        if (!ev.lengthComputable) return;
        const pct = Math.round((ev.loaded / ev.total) * 100);
        fill.style.width = `${pct}%`;
        fill.textContent = `${pct}%`;
      });
      xhr.addEventListener("load", () => {
        button.disabled = false;
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (_) { data = null; }
        if (xhr.status === 413) { show("文件过大，超过了允许的上传大小。", false); return; }
        if (!data) { show(`上传失败（${xhr.status}），请刷新页面后重试。`, false); return; }
        if (!data.ok && data.confirm) {  // a date before the campaign began: ask, then send again
          bar.hidden = true;
          if (window.confirm(`${data.message}\n\n确定按这个日期上传吗？`)) {
            form.querySelector('input[name="confirm_date"]').checked = true;
            form.requestSubmit();
          } else { show(data.message, false); }
          return;
        }
        if (!data.ok && data.link) { show(data.message, false); bar.hidden = true; offerLink(data); return; }
        if (!data.ok) { show(data.message, false); bar.hidden = true; return; }
        setVersion(data.version);
        if (dirty()) { show(`${data.message} 您正在填写的进展尚未保存，保存后页面会显示新文件。`, true); return; }
        window.location.reload();
      });
      xhr.addEventListener("error", () => { button.disabled = false; show("网络中断，上传未完成，未保存任何文件。请重试。", false); });
      button.disabled = true;
      bar.hidden = false;
      fill.style.width = "0%";
      fill.textContent = "0%";
      show("正在上传…", true);
      xhr.send(new FormData(form));
    });
  });

  document.querySelectorAll("button[data-preview]").forEach((btn) => {
    btn.addEventListener("click", () => {
      const box = btn.closest("li").querySelector(".preview");
      if (!box.hidden) { box.hidden = true; return; }
      if (!box.firstChild) {
        const el = document.createElement(btn.dataset.kind === "pdf" ? "iframe" : "img");
        el.src = btn.dataset.preview;
        el.className = btn.dataset.kind === "pdf" ? "evidence-pdf" : "evidence-img img-fluid";
        el.title = "预览";
        box.appendChild(el);
      }
      box.hidden = false;
    });
  });
})();
