package tracker.app;

import gg.jte.generated.precompiled.api.JtedocsGenerated;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import tracker.web.OpenApiDocument;

/** Serves the OpenAPI document of every /api route and a Swagger UI page for it (from the webjar). */
final class OpenApiController {

  private final byte[] document = OpenApiDocument.json().getBytes(StandardCharsets.UTF_8);

  void document(Context ctx) {
    ctx.contentType("application/json").result(document);
  }

  void page(Context ctx) {
    tracker.web.Pages.render(ctx, (out, intercept) -> JtedocsGenerated.render(out, intercept));
  }
}
