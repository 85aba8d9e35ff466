// Warns on pages with forms before the idle logout (core.middleware.SessionTimeoutMiddleware), so
// nobody loses a half-filled form. The server's numbers come from <meta name="gonghui-session">.
(function () {
  var WARN_SECONDS = 120;
  var meta = document.querySelector('meta[name="gonghui-session"]');
  if (!meta) return;
  var idle = parseInt(meta.dataset.idle, 10);
  var left = parseInt(meta.dataset.left, 10);
  if (!(idle > 0) || !(left >= 0)) return;
  var warnTimer = null;
  var endTimer = null;
  var notice = null;

  function hasForm() {
    return !!document.querySelector('.page-body form[method="post" i]');
  }
  function showNotice(text, withButton) {
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "alert alert-warning session-notice shadow";
      notice.setAttribute("role", "alert");
      notice.dataset.testid = "session-warning";
      document.body.appendChild(notice);
    }
    notice.textContent = text + " ";
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-primary ms-2";
      button.textContent = "继续使用";
      button.addEventListener("click", keepAlive);
      notice.appendChild(button);
    }
  }
  function hideNotice() {
    if (notice) { notice.remove(); notice = null; }
  }
  function warn() {
    if (!hasForm()) return;
    showNotice("您已较长时间没有操作，约 2 分钟后将自动退出登录，未提交的内容会丢失。请点击「继续使用」保持登录。", true);
  }
  function expired() {
    if (!hasForm()) return;
    showNotice("已因长时间没有操作自动退出登录。请先把未提交的内容复制保存，再刷新页面重新登录。", false);
  }
  function schedule(seconds) {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    hideNotice();
    warnTimer = setTimeout(warn, Math.max(0, seconds - WARN_SECONDS) * 1000);
    endTimer = setTimeout(expired, seconds * 1000);
  }
  function keepAlive() {
    fetch(meta.dataset.keepalive, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 204) schedule(idle);
      else expired();
    });
  }
  schedule(left);
  // Any htmx request renews the session on the server too.
  document.addEventListener("htmx:afterRequest", function () { schedule(idle); });
})();
