// PNG of a statistics chart: the page's SVG drawn on a canvas in the browser (no server
// round trip, no new dependency). Links with data-png="<chart>" are shown when it works.
(function () {
  "use strict";
  function png(name, link) {
    var svg = document.querySelector('[data-chart="' + name + '"] svg');
    if (!svg) { return; }
    var box = svg.viewBox.baseVal, scale = 2;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * scale; canvas.height = box.height * scale;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = "statistik-" + name + ".png";
        document.body.appendChild(a); a.click(); a.remove();
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-png]").forEach(function (link) {
      if (!window.HTMLCanvasElement || !window.XMLSerializer) { return; }
      link.hidden = false;
      var sep = document.querySelector('[data-png-sep="' + link.dataset.png + '"]');
      if (sep) { sep.hidden = false; }
      link.addEventListener("click", function (event) { event.preventDefault(); png(link.dataset.png, link); });
    });
  });
})();
