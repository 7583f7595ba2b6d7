function createPageHTML(id, total, current, prefix, ext) { /* links are rendered server-side */ }
function doZoom(size) { var el = document.getElementById('zoomcon'); if (el) { el.style.fontSize = size + 'px'; } }
function openUrl(el) { window.open(el.getAttribute('data-url')); }
function loadVisitCount(data) {  /* JSONP callback of the statistics service */
  var el = document.getElementById('visit-count');
  if (el && data && data.count) { el.textContent = data.count; }
}
