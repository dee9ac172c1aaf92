// Starts Swagger UI (vendored under static/vendor/swagger-ui; `make api-docs` refreshes it)
// on the page's OpenAPI document. Kept out of the HTML because the CSP forbids inline scripts.
(function () {
  "use strict";
  var host = document.getElementById("swagger-ui");
  if (!host || typeof window.SwaggerUIBundle !== "function") { return; }
  window.ui = window.SwaggerUIBundle({
    url: host.getAttribute("data-spec-url"),
    domNode: host,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false
  });
})();
