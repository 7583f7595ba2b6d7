function createPageHTML(id, total, current, prefix, ext) { /* links are rendered server-side */ }
function doZoom(size) { document.getElementById('zoom').style.fontSize = size + 'px'; }
function openUrl(el) { window.open(el.getAttribute('data-url')); }
function loadVisitCount(id) {  /* static pages: the counter comes from the CMS's counting service */
  var el = document.getElementById('visit-count');
  if (!el || !window.fetch) { return; }
  fetch('/cms/visit/count?id=' + encodeURIComponent(id)).then(function (r) { return r.ok ? r.text() : ''; })
    .then(function (n) { if (n) { el.textContent = n; } }).catch(function () {});
}
