function createPageHTML(id, total, current, prefix, ext) { /* links are rendered server-side */ }
function doZoom(size) { document.getElementById('zoom').style.fontSize = size + 'px'; }
function openUrl(el) { window.open(el.getAttribute('data-url')); }
