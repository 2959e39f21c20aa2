// Starts Swagger UI on the tracker's own OpenAPI document (kept out of the page: no inline script).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
