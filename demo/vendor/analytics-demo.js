// A stand-in for a third-party analytics script. On a real site it would come
// from the vendor's server; the demo runs without an outside network, so it is
// served from here. The page loads it only once "Analytics" and the service
// "site-stats" within it are allowed (a gated <script type="text/plain">).
// It does what such scripts do: sets its cookie (declared in the site's consent
// config, so usercare clears it when the purpose is refused) and reports back.
(function () {
  document.cookie = 'uc_demo_stats=1; path=/; max-age=' + 180 * 24 * 3600 + '; SameSite=Lax';
  function mark() {
    var status = document.querySelector('[data-demo-analytics]');
    if (!status) return;
    status.textContent =
      document.documentElement.lang.indexOf('zh') === 0
        ? '已加载（analytics loaded），已设置 Cookie uc_demo_stats'
        : 'analytics loaded; cookie uc_demo_stats set';
    status.setAttribute('data-state', 'on');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark);
  else mark();
})();
