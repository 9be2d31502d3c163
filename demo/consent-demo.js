// The consent page's own script (the shop's, not usercare's). It shows what
// the visitor's consent decision allows on this page, through usercare's
// public API (usercare.consent, there as soon as the loader has run), which
// cookies the page holds, and any Content-Security-Policy violation (there
// should be none). Loaded right after the loader, so it hears violations from
// the start; it draws once the page is parsed.
(function () {
  var zh = document.documentElement.lang.indexOf('zh') === 0;
  var LABELS = zh
    ? {
        necessary: '必要',
        functional: '功能',
        analytics: '统计分析',
        marketing: '营销推广',
        personalisation: '个性化推荐',
      }
    : {
        necessary: 'Strictly necessary',
        functional: 'Functional',
        analytics: 'Analytics',
        marketing: 'Marketing',
        personalisation: 'Personalisation',
      };
  var violations = [];
  document.addEventListener('securitypolicyviolation', function (event) {
    violations.push(event.effectiveDirective + ' ' + (event.blockedURI || 'inline'));
    draw();
  });

  function $(selector) {
    return document.querySelector(selector);
  }
  function text(selector, value) {
    var el = $(selector);
    if (el) el.textContent = value;
  }

  function draw() {
    if (document.readyState === 'loading' || !window.usercare || !window.usercare.consent) return;
    var consent = window.usercare.consent;
    var state = consent.get();

    var list = $('[data-demo-state]');
    if (list) {
      var items = Object.keys(state.categories).map(function (id) {
        var li = document.createElement('li');
        var on = state.categories[id];
        li.textContent =
          (LABELS[id] || id) + (zh ? '：' : ': ') + (on ? (zh ? '允许' : 'allowed') : zh ? '不允许' : 'not allowed');
        li.setAttribute('data-state', on ? 'on' : 'off');
        return li;
      });
      list.replaceChildren.apply(list, items);
    }
    text(
      '[data-demo-decided]',
      state.decided
        ? (zh ? '已决定，' : 'Decided ') +
            new Date(state.decidedAt).toLocaleString(zh ? 'zh-CN' : 'en') +
            (state.gpc ? (zh ? '（浏览器发送了 GPC）' : ' (your browser sends GPC)') : '')
        : zh
          ? '尚未决定：在您选择之前，只使用必要的部分'
          : 'Not decided yet: until you choose, only what is strictly necessary is used',
    );

    // A gated script that already ran cannot be taken back, but its cookie can: usercare clears declared cookies of refused purposes.
    [
      ['[data-demo-analytics]', consent.has('analytics/site-stats'), 'uc_demo_stats'],
      ['[data-demo-ads]', consent.has('marketing'), 'uc_demo_ads'],
    ].forEach(function (row) {
      var el = $(row[0]);
      if (el && !row[1] && el.getAttribute('data-state') === 'on') {
        el.textContent = zh
          ? '已运行；您拒绝后，Cookie ' + row[2] + ' 已被清除'
          : 'ran; since you refused, cookie ' + row[2] + ' was cleared';
        el.setAttribute('data-state', 'cleared');
      }
    });
    var video = $('[data-demo-video-note]');
    if (video) video.hidden = consent.has('marketing');

    var cookies = document.cookie
      .split(';')
      .map(function (c) {
        return c.split('=')[0].trim();
      })
      .filter(function (name) {
        return name.indexOf('uc_demo_') === 0;
      });
    text('[data-demo-cookies]', cookies.length ? cookies.join(', ') : zh ? '（无）' : '(none)');
    text('[data-demo-csp]', violations.length ? violations.join('; ') : zh ? '无' : 'none');
  }

  document.addEventListener('DOMContentLoaded', function () {
    window.usercare.consent.onChange(draw);
    // The gated scripts report by changing their status lines: their cookies are set by then.
    var observer = new MutationObserver(draw);
    document.querySelectorAll('[data-demo-analytics], [data-demo-ads]').forEach(function (el) {
      observer.observe(el, { childList: true, characterData: true, subtree: true });
    });
    draw();
  });
})();
