// Live reload for `kam serve`; never part of a built site. The server names this page and
// the build it came from; each rebuild event says which files changed.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = me.getAttribute("data-page");
  var generation = Number(me.getAttribute("data-generation"));
  var events = new EventSource(me.getAttribute("data-events"));
  function swapStylesheets(stamp) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("kam-reload", String(stamp));
      links[i].href = url.toString();
    }
  }
  events.addEventListener("open", function () {
    // Lets a browser test know the page is listening before it edits a file.
    document.documentElement.setAttribute("data-kam-serve", "live");
  });
  events.addEventListener("build", function (event) {
    var build = JSON.parse(event.data);
    if (build.generation === generation) {
      return;
    }
    // On connecting, the server names its current build: a different one means this page
    // missed a rebuild, and only a reload is sure to show the current page.
    var hit = build.first || build.all || build.pages.indexOf(page) !== -1;
    generation = build.generation;
    if (hit) {
      events.close();
      window.location.reload();
    } else if (build.styles) {
      swapStylesheets(build.generation);
    }
  });
})();
