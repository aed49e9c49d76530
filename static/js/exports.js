// Evidence package: start the build, poll its progress, then offer the download. Without JS the form posts
// and the page shows the job's state on reload.
(() => {
  const form = document.getElementById("package-form");
  const box = document.getElementById("package-status");
  if (!form || !box) return;
  const bar = box.querySelector(".progress-bar");
  const message = box.querySelector("[data-role=message]");
  const download = box.querySelector("[data-role=download]");
  const button = form.querySelector("button[type=submit]");

  document.querySelectorAll(".window-preset").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault();
    form.querySelector("[name=date_from]").value = a.dataset.from;
    form.querySelector("[name=date_to]").value = a.dataset.to;
  }));

  const show = (job) => {
    const pct = job.total ? Math.round((100 * job.done) / job.total) : (job.state === "done" ? 100 : 0);
    bar.style.width = `${pct}%`;
    bar.textContent = `${pct}%`;
    if (job.state === "done") {
      bar.classList.remove("progress-bar-animated");
      message.textContent = `已完成：共 ${job.total} 个文件` + (job.excluded ? `，未纳入 ${job.excluded} 个（见目录）。` : "。");
      download.href = job.download_url;
      download.classList.remove("d-none");
      button.disabled = false;
    } else if (job.state === "failed") {
      message.textContent = job.error || "生成失败，请稍后重试或联系管理员。";
      button.disabled = false;
    } else if (job.state === "queued") {
      message.textContent = "排队中：调度进程将在几秒内开始打包…";
    } else {
      message.textContent = job.total ? `正在打包：${job.done} / ${job.total} 个文件…` : "正在准备…";
    }
    return job.state === "done" || job.state === "failed";
  };

  const poll = (url) => fetch(url, { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((job) => { if (!show(job)) setTimeout(() => poll(url), 1000); })
    .catch(() => { message.textContent = "无法获取进度，请刷新页面。"; });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    button.disabled = true;
    box.classList.remove("d-none");
    download.classList.add("d-none");
    bar.classList.add("progress-bar-animated");
    message.textContent = "正在准备…";
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        if (!ok) { message.textContent = body.error || "请求失败。"; button.disabled = false; return; }
        poll(body.status_url);
      })
      .catch(() => { message.textContent = "请求失败，请重试。"; button.disabled = false; });
  });

  if (box.dataset.statusUrl) poll(box.dataset.statusUrl);
})();
