// Draws each page when it comes into view, ties values to boxes both ways, and runs
// a self-check when the URL says #selftest=pageN[&record=R&field=F]. #page=N shows
// that page alone under the summary (what a screenshot needs: headless Chromium
// paints nothing after scrolling).
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  function section(n) { return document.getElementById('p' + n); }
  function render(sec) {
    if (!sec || sec.dataset.drawn) return;
    var sheet = sec.querySelector('.sheet');
    var t = sheet && sheet.querySelector('template');
    if (!t) return;
    sheet.appendChild(t.content.cloneNode(true));
    sec.dataset.drawn = '1';
  }
  var secs = Array.prototype.slice.call(document.querySelectorAll('section.page'));
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (es) {
      es.forEach(function (e) {
        if (e.isIntersecting) { render(e.target); io.unobserve(e.target); }
      });
    }, { rootMargin: '800px 0px' });
    secs.forEach(function (s) { io.observe(s); });
  } else {
    secs.forEach(render);
  }
  var still = false; // no scrolling: set by the self-check so a screenshot keeps its frame
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function clear() {
    all(document, '.hl').forEach(function (e) { e.classList.remove('hl'); });
    all(document, '.fed').forEach(function (e) { e.classList.remove('fed'); });
    all(document, 'rect.mark').forEach(function (e) { e.remove(); });
    all(document, '.fedbox').forEach(function (e) { e.textContent = ''; });
  }
  // The cell rects whose box is the key's box; a box that is no cell (a card line,
  // a heading) gets a temporary mark.
  function highlight(k, scroll) {
    var page = k.split(':')[0];
    var sec = section(page);
    if (!sec) return [];
    render(sec);
    var svg = sec.querySelector('svg.pg');
    var hits = all(sec, 'svg rect[data-cell][data-k="' + k + '"]');
    hits.forEach(function (r) { r.classList.add('hl'); });
    var first = hits[0];
    if (!first && svg) {
      var b = k.split(':')[1].split(',').map(Number);
      first = document.createElementNS(SVGNS, 'rect');
      first.setAttribute('class', 'mark');
      first.setAttribute('x', b[0]); first.setAttribute('y', b[1]);
      first.setAttribute('width', b[2] - b[0]); first.setAttribute('height', b[3] - b[1]);
      svg.appendChild(first);
    }
    if (scroll && !still && first) first.scrollIntoView({ block: 'center' });
    return hits;
  }
  function fed(rect) {
    clear();
    rect.classList.add('hl');
    var sec = rect.closest('section.page');
    var vs = all(sec, '.v[data-k="' + rect.getAttribute('data-k') + '"]');
    vs.forEach(function (v) { v.classList.add('fed'); });
    var lines = vs.map(function (v) {
      return v.hasAttribute('data-r') ? 'record ' + v.dataset.r + ' · ' + v.dataset.f : v.dataset.f || 'warning';
    });
    sec.querySelector('.fedbox').textContent = rect.getAttribute('data-cell') + ': "' +
      rect.getAttribute('data-text') + '"\n' + (lines.length ? 'fed ' + lines.join(', ') : 'fed no record field');
    if (vs[0] && !still) vs[0].scrollIntoView({ block: 'nearest' });
    return vs;
  }
  document.addEventListener('click', function (e) {
    var v = e.target.closest && e.target.closest('.v');
    if (v) { clear(); v.classList.add('hl'); highlight(v.dataset.k, true); return; }
    if (e.target.matches && e.target.matches('rect[data-cell]')) fed(e.target);
  });
  document.addEventListener('mouseover', function (e) {
    var v = e.target.closest && e.target.closest('.v');
    if (v && !v.classList.contains('hl')) { clear(); v.classList.add('hl'); highlight(v.dataset.k, false); }
  });
  all(document, 'input[data-layer]').forEach(function (c) {
    c.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + c.dataset.layer, !c.checked);
    });
  });
  function single(n) {
    var sec = section(n);
    if (!sec) return;
    document.body.classList.add('single');
    secs.forEach(function (s) { s.hidden = s !== sec; });
    all(document, 'header details').forEach(function (d) { d.open = false; });
    render(sec);
  }
  function selftest(m) {
    still = true;
    single(m[1]);
    var sec = section(m[1]);
    var out = { page: +m[1], found: !!sec, script_ms: Math.round(performance.now()) };
    if (sec) {
      render(sec);
      out.cells = all(sec, 'svg rect[data-cell]').length;
      out.expected_cells = +sec.dataset.ncells;
      out.words = all(sec, 'svg .words text').length;
      out.selector_cell_ids_unique = new Set(all(sec, 'svg rect[data-cell]').map(function (r) { return r.getAttribute('data-cell'); })).size;
    }
    if (sec && m[2]) {
      var v = sec.querySelector('.v[data-r="' + m[2] + '"][data-f="' + m[3] + '"]');
      out.value = v ? v.textContent : null;
      if (v) v.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      var hl = all(document, 'rect.hl[data-cell]');
      out.highlighted = hl.map(function (r) { return { cell: r.getAttribute('data-cell'), text: r.getAttribute('data-text') }; });
      if (hl[0]) hl[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
      out.fed = all(document, '.v.fed').map(function (x) { return x.dataset.r + ':' + x.dataset.f; });
    }
    var pre = document.getElementById('selftest');
    pre.textContent = JSON.stringify(out);
    pre.hidden = false;
  }
  var m = /selftest=page(\d+)(?:&record=(\d+)&field=(\w+))?/.exec(location.hash);
  if (m) selftest(m);
  var one = /^#page=(\d+)$/.exec(location.hash);
  if (one) single(one[1]);
  if (!m && /^#p\d+$/.test(location.hash)) render(document.querySelector(location.hash));
})();
