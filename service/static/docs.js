/* /docs: Swagger UI over the service's own OpenAPI schema (no inline script, no CDN). */
"use strict";
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
