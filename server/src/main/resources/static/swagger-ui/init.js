// Swagger UI on the packaged spec (the page's script, a file so that its CSP needs no 'unsafe-inline').
window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.yaml", dom_id: "#swagger-ui" });
