package tracker.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the OpenAPI document of every /api route and a Swagger UI page for it (from the webjar). */
final class OpenApiController {

  private final String document = resource("/openapi.json");

  void document(Context ctx) {
    ctx.contentType("application/json").result(document.getBytes(StandardCharsets.UTF_8));
  }

  void page(Context ctx) {
    ctx.render("api/docs.jte");
  }

  private static String resource(String path) {
    try (InputStream in = OpenApiController.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException("the jar lacks " + path, e instanceof IOException io ? io : new IOException(e));
    }
  }
}
