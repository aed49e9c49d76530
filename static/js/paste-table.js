// The paste box of the import screens: a table copied from Word, WPS or Excel is pasted into an editable area.
// The clipboard's HTML (or, failing that, its tab-separated text) goes into the hidden field the server reads;
// the area shows only a plain-text preview built with textContent, so nothing pasted is ever rendered as HTML.
(function () {
  document.querySelectorAll("[data-paste-target]").forEach(function (area) {
    var field = document.getElementById(area.dataset.pasteTarget);
    var status = document.getElementById(area.dataset.pasteStatus);
    function show(rows) {
      area.textContent = "";
      var table = document.createElement("table");
      table.className = "table table-sm table-bordered small mb-0";
      rows.slice(0, 8).forEach(function (cells) {
        var tr = table.insertRow();
        cells.forEach(function (text) { tr.insertCell().textContent = text; });
      });
      area.appendChild(table);
    }
    area.addEventListener("paste", function (event) {
      event.preventDefault();
      var data = event.clipboardData || window.clipboardData;
      var html = data.getData("text/html") || "";
      var text = data.getData("text/plain") || data.getData("text") || "";
      var rows = [];
      if (/<table/i.test(html)) {
        field.value = html;
        field.classList.add("d-none");  // the raw HTML is for the server, not for reading
        var doc = new DOMParser().parseFromString(html, "text/html");  // inert: scripts never run
        doc.querySelectorAll("table tr").forEach(function (tr) {
          rows.push(Array.prototype.map.call(tr.cells, function (td) { return td.textContent.trim(); }));
        });
      } else {
        field.value = text;
        rows = text.split(/\r?\n/).filter(Boolean).map(function (line) { return line.split("\t"); });
      }
      show(rows);
      if (status) {
        status.textContent = rows.length ? "已粘贴 " + rows.length + " 行（预览前 8 行），点击“上传并预览”继续。"
                                         : "剪贴板中没有表格。";
      }
    });
  });
  document.querySelectorAll("[data-paste-clear]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.pasteClear);
      var field = document.getElementById(area.dataset.pasteTarget);
      area.textContent = "";
      field.value = "";
      field.classList.remove("d-none");
    });
  });
})();
